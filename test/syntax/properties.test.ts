// Seeded property tests of the syntax layer: random and mutated documents never make the parser throw, every
// span of the model lies inside its document, and positions stay exact whatever the line endings, tabs and
// astral characters before a term.

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocumentModel, Span } from '../../server/src/syntax/model.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import { memoryWorkspace } from '../helpers/workspace.js';

const sample = readFileSync(new URL('../fixtures/format-sample.clause.md', import.meta.url), 'utf8');

/** Every span the model holds. */
function spansOf(model: DocumentModel): Span[] {
  return [
    ...(model.frontMatter ? [model.frontMatter.span, ...model.frontMatter.parties.map((p) => p.span), ...model.frontMatter.sources.map((s) => s.keySpan)] : []),
    ...model.clauses.flatMap((c) => [c.span, c.headSpan, c.numberSpan, ...(c.idSpan ? [c.idSpan] : [])]),
    ...model.sections.map((s) => s.headSpan),
    ...model.definitions.flatMap((d) => [d.span, d.blockSpan, ...d.names.map((n) => n.span), ...(d.pointer ? [d.pointer.span] : []), ...(d.scope ? [d.scope.span] : [])]),
    ...model.citations.flatMap((c) => [c.span, ...c.items.map((i) => i.keySpan)]),
    ...model.termLinks.flatMap((l) => [l.span, l.targetSpan, ...(l.shownSpan ? [l.shownSpan] : [])]),
    ...model.references.flatMap((r) => [r.span, r.targetSpan]),
    ...model.callouts.flatMap((c) => [c.span, c.markerSpan, ...(c.partySpan ? [c.partySpan] : [])]),
    ...model.suppressions.map((s) => s.span),
    ...model.problems.map((p) => p.span),
  ];
}

function assertInside(text: string): void {
  const model = parseDocument(text);
  // parseDocument catches an extractor's exception as a `syntax.internal` problem: that would be a bug too.
  const internal = model.problems.find((p) => p.code === 'syntax.internal');
  if (internal) throw new Error(internal.message);
  for (const s of spansOf(model)) {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= text.length)) throw new Error(`span ${JSON.stringify(s)} outside a text of ${text.length}`);
  }
}

/** Pieces a contract is made of, for grammar-aware random documents. */
const PIECES = [
  '# 1. Scope {#scope}\n', '## 1.1 Routing\n', '1.2. Numbered paragraph.\n', '(a) first;\n', '(ii) nested\n', '"Term" means a thing.\n',
  '"A" or "B" means x [@key, p. 3].\n', '(the "Short Name")', '"X" has the meaning set forth in Section 9.15.\n', 'See §1.1 and Sections 1 through 3.\n',
  '[[Term|shown]] ', '[[Term', '[@a; @b] ', '[@', '> [!POSITION Microsoft]\n> text\n', '> [!EXPLAIN]\n', '<!-- clausemark-disable term.unused -->\n',
  '---\nparties: [a, b]\n---\n', '```\ncode "X" means\n```\n', '| a | b |\n|---|---|\n| [[T\\|s]] | c |\n', '`code`', '\\[@esc]', '**"Bold"** means b.\n',
  '😀', '𝒜', '\t', '\r\n', '\r', '\n\n', '  ', '[x](#scope)', '[y](other.clause.md#4)', '&amp;', '\\*', '<div>\n# 2. In HTML\n</div>\n', '\uFEFF',
];

describe('the parser on random documents', () => {
  it('never throws and keeps every span inside the text: any characters (seeded)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => assertInside(text)), { seed: 20261126, numRuns: 300 });
  });

  it('never throws and keeps every span inside the text: grammar-aware documents (seeded)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => assertInside(pieces.join(''))),
      { seed: 42, numRuns: 400 },
    );
  });

  it('never throws and keeps every span inside the text: mutations of the format sample (seeded)', () => {
    const mutation = fc.tuple(fc.nat(sample.length), fc.nat(40), fc.constantFrom('', ...PIECES));
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (edits) => {
        let text = sample;
        for (const [at, len, insert] of edits) {
          const start = Math.min(at, text.length);
          text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + len));
        }
        assertInside(text);
      }),
      { seed: 7, numRuns: 200 },
    );
  }, 60_000);
});

describe('positions', () => {
  it('are exact for term uses after CRLF, CR, mixed endings, tabs and astral characters', () => {
    const lines = ['"Stateless API Call" means a request.', '', 'A 😀 Stateless API Call,\tand 𝒜𝒜 Stateless API Calls.', '> 🚀\tStateless API Call', '', '- 👩‍⚖️ Stateless API Call'];
    for (const eol of ['\n', '\r\n', '\r']) {
      const mixed = lines.map((l, i) => l + (i % 2 === 0 ? eol : '\n')).join('');
      for (const text of [lines.join(eol), mixed]) {
        const { index, uri } = memoryWorkspace(text);
        const uses = index.linked(uri)!.termUses;
        expect(uses.map((u) => text.slice(u.span.start, u.span.end))).toEqual(['Stateless API Call', 'Stateless API Calls', 'Stateless API Call', 'Stateless API Call']);
      }
    }
  });
});
