// The differential test of incremental reading (issue 6): after every edit of random edit sequences (typing,
// deleting, pasting a heading, joining blocks, editing front matter and link definitions, line endings), the
// model read from the previous model equals a full parse of the same text, and the block split equals a fresh one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitBlocks, splitBlocksAfter } from '../../server/src/syntax/blockSplit.js';
import { changeBetween, parseDocument } from '../../server/src/syntax/parseDocument.js';
import { parseBlock } from '../../server/src/syntax/parseBlock.js';
import { FORMAT_SAMPLE, contractText, grammarText } from '../fuzz/documents.js';

/** More sequences with CLAUSEMARK_INCREMENTAL_SCALE (the suite runs 1×: about 400 sequences, 2,500 edits). */
const SCALE = Number(process.env.CLAUSEMARK_INCREMENTAL_SCALE ?? 1) || 1;
const TIMEOUT = 120_000 * SCALE;

/** An edit as the generator makes it: where (a fraction of the length), how much to delete, what to insert. */
type Edit = readonly [at: number, remove: number, insert: string];

const SNIPPETS = [
  'x', ' ', '9', '\n', '\n\n', '\r\n', '#', '# ', '## 3. Pasted Heading\n', '\n# 4. Another {#another}\n\n', '"',
  '"Pasted Term" means a term pasted in.\n\n', '[[', ']]', '[[Pasted Term]]', '[@', '[@key, p. 3]', '§ 1.1', 'Section 2',
  '(a) ', '1.2. ', '> [!EXPLAIN]\n> why\n', '```\n', '~~~\n', '<div>\n', '<!--', '-->', '<!-- clausemark-disable -->',
  '---\ntitle: T\n---\n', '---\n', 'title: Changed\n', '[ref]: https://example.com\n', '[ref]', '| a | b |\n|---|---|\n',
  '- item\n', '\t', '\uFEFF', '😀', '\\',
];

const editArb: fc.Arbitrary<Edit> = fc.tuple(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 40 })),
  fc.oneof(fc.constantFrom(...SNIPPETS), fc.constant(''), fc.string({ maxLength: 8 })),
);

function apply(text: string, [at, remove, insert]: Edit): string {
  const start = Math.min(text.length, Math.floor(at * (text.length + 1)));
  return text.slice(0, start) + insert + text.slice(Math.min(text.length, start + remove));
}

/** Reads each text of the sequence from the previous model and compares it with a full parse. */
function checkSequence(start: string, edits: readonly Edit[]): void {
  let text = start;
  let model = parseDocument(text, 'file:///w/doc.clause.md');
  for (const edit of edits) {
    const next = apply(text, edit);
    const incremental = parseDocument(next, 'file:///w/doc.clause.md', model);
    const full = parseDocument(next, 'file:///w/doc.clause.md');
    expect(incremental).toEqual(full);
    const bom = next.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (bom === (text.charCodeAt(0) === 0xfeff ? 1 : 0)) {
      for (const fine of [false, true]) {
        expect(splitBlocksAfter(next, bom, splitBlocks(text, bom, fine), changeBetween(text, next), fine)).toEqual(splitBlocks(next, bom, fine));
      }
    }
    text = next;
    model = incremental;
  }
}

/** The items of a text read block by block (fine blocks) and read as one block: they must be the same. */
function checkBlocksReadAsWhole(text: string): void {
  if (text.includes(']:')) return; // Fine blocks are not used then.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const whole = parseBlock(text, { start: bom, end: text.length, first: true });
  const parts = splitBlocks(text, bom, true).map((b) => parseBlock(text, b));
  expect({ items: parts.flatMap((p) => p.items), citations: parts.flatMap((p) => p.citations), termLinks: parts.flatMap((p) => p.termLinks) }).toEqual({
    items: whole.items,
    citations: whole.citations,
    termLinks: whole.termLinks,
  });
}

describe('fine blocks read as the whole text does', () => {
  it('on generated contracts (seeded)', () => {
    fc.assert(fc.property(contractText(), checkBlocksReadAsWhole), { seed: 6064, numRuns: 30 * SCALE });
  }, TIMEOUT);
  it('on grammar-aware documents with paragraphs after blank lines (seeded)', () => {
    const paragraphs = fc.array(fc.oneof(grammarText(8), fc.constantFrom('Plain words.', '(a) sub', '7.3. Numbered', '### Deep', '"X" means y.')), { maxLength: 40 });
    fc.assert(fc.property(paragraphs, (parts) => checkBlocksReadAsWhole(parts.map((p) => `${p}${'x'.repeat(p.length % 7 === 0 ? 1100 : 0)}`).join('\n\n'))), {
      seed: 6065,
      numRuns: 300 * SCALE,
    });
  }, TIMEOUT);
  it('on the format sample', () => checkBlocksReadAsWhole(FORMAT_SAMPLE));
});

describe('incremental reading equals a full parse', () => {
  it('on edit sequences of generated contracts (seeded)', () => {
    fc.assert(
      fc.property(contractText(), fc.array(editArb, { minLength: 1, maxLength: 12 }), (text, edits) => checkSequence(text, edits)),
      { seed: 6061, numRuns: 40 * SCALE },
    );
  }, TIMEOUT);

  it('on edit sequences of grammar-aware documents (seeded)', () => {
    fc.assert(
      fc.property(grammarText(40), fc.array(editArb, { minLength: 1, maxLength: 12 }), (text, edits) => checkSequence(text, edits)),
      { seed: 6062, numRuns: 300 * SCALE },
    );
  }, TIMEOUT);

  it('on edit sequences of the format sample (seeded)', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 20 }), (edits) => checkSequence(FORMAT_SAMPLE, edits)),
      { seed: 6063, numRuns: 40 * SCALE },
    );
  }, TIMEOUT);

  const cases: readonly { name: string; before: string; after: string }[] = [
    { name: 'typing in a clause', before: '# 1. A\n\nSee Section 1.\n\n# 2. B\n\nText.\n', after: '# 1. A\n\nSee Section 19.\n\n# 2. B\n\nText.\n' },
    { name: 'joining two blocks', before: '# 1. A\n\nText.\n# 2. B\n\nMore.\n', after: '# 1. A\n\nText.\n2. B\n\nMore.\n' },
    { name: 'splitting a block with a pasted heading', before: '# 1. A\n\nOne.\n\nTwo.\n', after: '# 1. A\n\nOne.\n\n## 1.1 Pasted\n\nTwo.\n' },
    { name: 'opening a fence that swallows later headings', before: '# 1. A\n\nx\n\n# 2. B\n\n# 3. C\n', after: '# 1. A\n\n```\nx\n\n# 2. B\n\n# 3. C\n' },
    { name: 'closing the front matter', before: '---\ntitle: T\n\n# 1. A\n', after: '---\ntitle: T\n---\n# 1. A\n' },
    { name: 'adding a link definition used in another block', before: '# 1. A\n\nSee [x][r].\n\n# 2. B\n\nText.\n', after: '# 1. A\n\nSee [x][r].\n\n# 2. B\n\n[r]: #2\n' },
    { name: 'a change inside a CRLF pair', before: '# 1. A\r\n\r\n# 2. B\r\n', after: '# 1. A\r\r\n\r\n# 2. B\r\n' },
    { name: 'adding a byte-order mark', before: '# 1. A\n\nx\n', after: '\uFEFF# 1. A\n\nx\n' },
  ];
  for (const c of cases) {
    it(`when ${c.name}`, () => {
      const before = parseDocument(c.before);
      expect(parseDocument(c.after, '', before)).toEqual(parseDocument(c.after));
    });
  }

  it('reads again only the blocks an edit touched', () => {
    const text = Array.from({ length: 50 }, (_, i) => `# ${i + 1}. Clause\n\nSee Section ${i + 1} and "Term ${i}" means a thing.\n`).join('\n');
    const before = parseDocument(text);
    const at = text.indexOf('See Section 25');
    const after = parseDocument(`${text.slice(0, at)}x${text.slice(at)}`, '', before);
    // The runs of untouched blocks before the edit are the same objects; those after it are moved copies.
    const same = after.runs.filter((run) => before.runs.includes(run)).length;
    expect(same).toBeGreaterThanOrEqual(24 * 2);
    expect(same).toBeLessThan(after.runs.length);
  });

  it('finds the change between two texts', () => {
    expect(changeBetween('abcdef', 'abXdef')).toEqual({ from: 2, oldEnd: 3, newEnd: 3 });
    expect(changeBetween('abc', 'abc')).toEqual({ from: 3, oldEnd: 3, newEnd: 3 });
    expect(changeBetween('aaaa', 'aaaaa')).toEqual({ from: 4, oldEnd: 4, newEnd: 5 });
    expect(changeBetween('a\r\nb', 'a\r\r\nb')).toEqual({ from: 2, oldEnd: 2, newEnd: 3 });
  });
});
