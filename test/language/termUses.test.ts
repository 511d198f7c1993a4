// Tests of automatic and explicit term uses: each case is a document in which every expected use is wrapped in
// ⟦…⟧; the brackets are removed before parsing and the uses found must be exactly the bracketed spans.

import { describe, expect, it } from 'vitest';
import { memoryWorkspace } from '../helpers/workspace.js';

/** Strips ⟦…⟧ marks and returns the text and the marked spans. */
function marked(source: string): { text: string; spans: { start: number; end: number }[] } {
  const spans: { start: number; end: number }[] = [];
  let text = '';
  let open = -1;
  for (const ch of source) {
    if (ch === '⟦') open = text.length;
    else if (ch === '⟧') spans.push({ start: open, end: text.length });
    else text += ch;
  }
  return { text, spans };
}

function usesIn(source: string, files: Record<string, string> = {}) {
  const { text, spans } = marked(source);
  const { index, uri } = memoryWorkspace(text, files);
  const uses = index.linked(uri)!.termUses;
  return { got: uses.map((u) => text.slice(u.span.start, u.span.end)), want: spans.map((s) => text.slice(s.start, s.end)), uses, text };
}

const cases: [string, string][] = [
  ['plural, -ies plural and possessives', '"Party" means a signatory. "Licensor" means the owner.\n\nEach ⟦Party⟧ and all ⟦Parties⟧; the ⟦Licensor\'s⟧ rights and the ⟦Parties\'⟧ duties; ⟦Licensor’s⟧ too.'],
  ['longest term first', '"Cloud Provider" means a host. "Exclusive Third-Party Cloud Provider" means one host.\n\nThe ⟦Exclusive Third-Party Cloud Provider⟧ is a ⟦Cloud Provider⟧.'],
  ['case-sensitive, with a capital first letter at a sentence start only', '"stateless" means keeping nothing.\n\nA ⟦stateless⟧ call. ⟦Stateless⟧ calls are cheap. Not Stateless here. STATELESS neither.'],
  ['in title-case headings', '"stateless" means keeping nothing.\n\n## 2. ⟦Stateless⟧ Calls\n\nAll ⟦stateless⟧ work.'],
  ['word boundaries and hyphenated compounds', '"Agent" means a program.\n\n⟦Agents⟧ act; Agentic, subAgent and Agent-based do not; (⟦Agent⟧) does.'],
  ['never inside code, URLs or link destinations, but inside link text', '"Agent" means a program.\n\n`Agent` and https://example.com/Agent and [the ⟦Agent⟧](https://example.com/Agent).'],
  ['not the quoted name of its own definition', '"Agent" means a program that calls another ⟦Agent⟧.'],
  ['in list items, block quotes and table cells', '"Agent" means a program.\n\n- an ⟦Agent⟧\n\n> quoted ⟦Agent⟧\n\n| a | b |\n|---|---|\n| ⟦Agent⟧ | x |'],
  ['explicit links name their target, shown text or not', '"Stateless API Call" means a request.\n\nAll ⟦[[Stateless API Call|stateless calls]]⟧ and ⟦[[Stateless API Call]]⟧.'],
  ['alternative names are uses of one definition', '"Stateful Runtime Environment" or "SRE" means a runtime.\n\nThe ⟦SRE⟧ is a ⟦Stateful Runtime Environment⟧.'],
];

describe('term uses', () => {
  it.each(cases)('%s', (_name, source) => {
    const { got, want } = usesIn(source);
    expect(got).toEqual(want);
  });

  it('resolves uses of imported terms to the imported definition', () => {
    const { uses } = usesIn('---\nimports: [glossary.clause.md]\n---\n\nEach ⟦Agent⟧ acts.', { 'glossary.clause.md': '"Agent" means a program.\n' });
    expect(uses[0]!.term).toEqual({ uri: 'file:///workspace/glossary.clause.md', definition: 0 });
  });

  it('prefers a scoped definition inside its scope and marks a use outside every scope', () => {
    const source = '# 7. ⟦Affiliates⟧\n\nFor purposes of this Section 7, "Affiliate" means a controlled entity. An ⟦Affiliate⟧ here.\n\n# 8. Other\n\nAn ⟦Affiliate⟧ there.';
    const { uses, got, want } = usesIn(source);
    expect(got).toEqual(want);
    expect(uses.map((u) => u.outOfScope)).toEqual([false, false, true]);
  });

  it('leaves a [[link]] to nothing unresolved', () => {
    const { uses } = usesIn('Some ⟦[[Compute Credit]]⟧ here.');
    expect(uses[0]!.term).toBeUndefined();
    expect(uses[0]!.name).toBe('Compute Credit');
  });

  it('stays linear with thousands of terms', () => {
    const defs = Array.from({ length: 3000 }, (_, i) => `"Term ${i}" means thing ${i}.`).join('\n\n');
    const body = Array.from({ length: 3000 }, (_, i) => `Term ${i} and Term ${(i * 7) % 3000}.`).join(' ');
    const { uses } = usesIn(`${defs}\n\n${body}`);
    expect(uses.length).toBe(6000);
  });
});
