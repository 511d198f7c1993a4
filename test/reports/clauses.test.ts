// Tests of the clause map's data: the clause tree, outgoing references with where they lead, incoming references
// from the same and other files, and the broken and ambiguous ones marked from their diagnostics; and the clause
// lookup every report's places use.

import { describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { clauseAt } from '../../server/src/language/lookupIndex.js';
import { buildClausesReport, type ClauseNode } from '../../server/src/language/reports/index.js';
import type { DocumentModel } from '../../server/src/syntax/model.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';
import { exampleWorkspace } from './helpers.js';

const DOCUMENT = `See [the payment terms](#payment) first.

# 1. Payment {#payment}

1.1. Fees are due within 30 days.

(a) Late fees under Section 1.1 accrue monthly; see also Section 9.15 and [other terms](other.clause.md#7).

1.2. Interest follows Section 2.1 and Section 12 of the Code.

# 2. Term

2.1. This agreement runs one year.

2.1. A second one.
`;

const OTHER = `# 4. Notices

4.1. Notices about fees follow [§1.1](doc.clause.md#1.1) and [the payment terms](doc.clause.md#payment).
`;

/** The tree as indented lines: `number: outgoing… | incoming…`. */
function draw(nodes: readonly ClauseNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.number}: ${n.outgoing.map((r) => `${r.text}->${r.to ? `${r.to.path}#${r.to.clause.number}` : '?'}(${r.status})`).join(', ')} | ${n.incoming.map((r) => `${r.place.path}#${r.place.clause?.number}`).join(', ')}`,
    ...draw(n.children, depth + 1),
  ]);
}

describe('clause map', () => {
  const { index } = memoryWorkspace(DOCUMENT, { 'other.clause.md': OTHER });
  const report = buildClausesReport(index, [uriOf('doc.clause.md')]);

  it('draws the tree with outgoing and incoming references, across files, broken and ambiguous ones marked', () => {
    const map = report.maps[0]!;
    expect(map.unnumbered.map((r) => [r.text, r.kind, r.to?.clause.number, r.status])).toEqual([['the payment terms', 'link', '1', 'resolved']]);
    expect(draw(map.clauses)).toEqual([
      '1:  | doc.clause.md#undefined, other.clause.md#4.1',
      '  1.1:  | doc.clause.md#1.1(a), other.clause.md#4.1',
      '    1.1(a): Section 1.1->doc.clause.md#1.1(resolved), Section 9.15->?(broken), other terms->?(broken) | ',
      '  1.2: Section 2.1->doc.clause.md#2.1(ambiguous), Section 12->?(unchecked) | ',
      '2:  | ',
      '  2.1:  | doc.clause.md#1.2',
      '  2.1:  | ',
    ]);
    expect(report.totals).toEqual({ clauses: 7, references: 6, broken: 2, ambiguous: 1 });
  });

  it('a reference leads to the clause heading in its file (click target)', () => {
    const ref = report.maps[0]!.clauses[0]!.children[0]!.children[0]!.outgoing[0]!;
    expect(ref.to).toMatchObject({ uri: uriOf('doc.clause.md'), path: 'doc.clause.md', clause: { number: '1.1', id: '1.1', title: '' } });
    expect(DOCUMENT.slice(ref.to!.span.start, ref.to!.span.start + 4)).toBe('1.1.');
    expect(DOCUMENT.slice(ref.place.span.start, ref.place.span.end)).toBe('Section 1.1');
  });

  it('a document without clauses has an empty map', () => {
    const { index: plain, uri } = memoryWorkspace('Just text, no clauses; see Section 2.\n');
    const empty = buildClausesReport(plain, [uri]);
    expect(empty.maps[0]!.clauses).toEqual([]);
    expect(empty.maps[0]!.unnumbered.map((r) => r.status)).toEqual(['broken']);
  });
});

describe('clauseAt', () => {
  /** The definition: the innermost (latest-starting) clause whose span holds the offset. */
  const linear = (model: DocumentModel, offset: number) => {
    let best = -1;
    model.clauses.forEach((c, i) => {
      if (offset >= c.span.start && offset < c.span.end && (best < 0 || c.span.start >= model.clauses[best]!.span.start)) best = i;
    });
    return best;
  };

  it('finds the innermost clause at every clause boundary of the example and of a generated contract (binary search)', () => {
    const { index, documents } = exampleWorkspace();
    const models: DocumentModel[] = [...documents.map((uri) => index.document(uri)!.model), memoryWorkspace(generateContract({ seed: 5, targetBytes: 60_000 }).text).index.documents().next().value!.model];
    for (const model of models) {
      const offsets = [0, model.text.length, ...model.clauses.flatMap((c) => [c.span.start - 1, c.span.start, c.span.end - 1, c.span.end, c.headSpan.end])];
      for (const offset of offsets) expect(clauseAt(model, offset), `offset ${offset}`).toBe(linear(model, offset));
    }
    expect(models.at(-1)!.clauses.length).toBeGreaterThan(20);
  });
});
