// The differential test of incremental reading (issue 6): after every edit of random edit sequences (typing,
// deleting, pasting a heading, joining blocks, editing front matter and link definitions, line endings), the
// model read from the previous model equals a full parse of the same text, and the block split equals a fresh one.
// Runs of consecutive blocks read with one parse (a cold read's way) give the readings of each block read alone.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitBlocks, splitBlocksAfter } from '../../server/src/syntax/blockSplit.js';
import { changeBetween, parseDocument } from '../../server/src/syntax/parseDocument.js';
import { linkDefinitionLines, readBlocksText, readBlockText } from '../../server/src/syntax/blockRead.js';
import { parseBlock } from '../../server/src/syntax/parseBlock.js';
import { FORMAT_SAMPLE, contractText, grammarText } from '../fuzz/documents.js';

/** More sequences with CLAUSEMARK_INCREMENTAL_SCALE (the suite runs 1×: about 400 sequences, 2,500 edits). */
const SCALE = Number(process.env.CLAUSEMARK_INCREMENTAL_SCALE ?? 1) || 1;
/** Other seeds with CLAUSEMARK_INCREMENTAL_SEED (added to each property's seed and each generated contract's): 0 in the suite. */
const SEED = Number(process.env.CLAUSEMARK_INCREMENTAL_SEED ?? 0) || 0;
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
    fc.assert(fc.property(contractText(), checkBlocksReadAsWhole), { seed: 6064 + SEED, numRuns: 30 * SCALE });
  }, TIMEOUT);
  it('on grammar-aware documents with paragraphs after blank lines (seeded)', () => {
    const paragraphs = fc.array(fc.oneof(grammarText(8), fc.constantFrom('Plain words.', '(a) sub', '7.3. Numbered', '### Deep', '"X" means y.')), { maxLength: 40 });
    fc.assert(fc.property(paragraphs, (parts) => checkBlocksReadAsWhole(parts.map((p) => `${p}${'x'.repeat(p.length % 7 === 0 ? 1100 : 0)}`).join('\n\n'))), {
      seed: 6065 + SEED,
      numRuns: 300 * SCALE,
    });
  }, TIMEOUT);
  it('on the format sample', () => checkBlocksReadAsWhole(FORMAT_SAMPLE));
  it('after an unclosed front matter fence, whose text is read without remark-frontmatter (found under seed 3041)', () => {
    const text = `---\n\n\n${'x'.repeat(1100)}\n\nPlain words.\n\n- (a) listed\n\n> [!EXPLAIN]\n`;
    checkBlocksReadAsWhole(text);
    const whole = parseBlock(text, { start: 0, end: text.length, first: true });
    expect(whole.items.map((i) => i.kind)).toContain('callout');
  });
  it('when a paragraph only starts with a tag and a fence opens on a later line of it (found at scale 8)', () => {
    const text = `${'x'.repeat(1100)}\n\n</b>\`\`\`\ncode "X" means\n\`\`\`\n\n\nPlain words.`;
    // The fence is unclosed: it takes "Plain words." in the whole text, so no block may start there.
    expect(splitBlocks(text, 0, true)).toHaveLength(1);
    checkBlocksReadAsWhole(text);
  });
  // The front matter ends where remark-frontmatter ends it: a YAML comment after a line no fence closes on is no heading.
  it.each([
    ["pandoc's `...`", '...'],
    ['`---` and a no-break space', '---\u00A0'],
  ])('when a front matter line of %s stands before a YAML comment (it closes nothing)', (_name, line) => {
    const text = `---\ntitle: X\n${line}\n# Parties\nparties:\n  - name: A\n---\n\n# 1. Scope\n\nText.\n`;
    expect(splitBlocks(text, 0, false).map((b) => b.start)).toEqual([0, text.indexOf('# 1.')]);
    checkBlocksReadAsWhole(text);
    expect(parseDocument(text).frontMatter?.title).toBe('X');
  });
  // A line of other Unicode spaces (a byte-order mark, a no-break space) is text, not a blank line (seed 11239, scale 8).
  it.each([
    ['a byte-order mark alone, CR LF', '\uFEFF\r\n(a) sub', 1],
    ['a no-break space alone', '\u00A0\nPlain words.', 1],
    ['spaces and a tab (blank)', ' \t \nPlain words.', 2],
    ['a fence closed by a no-break space after it (not closed)', '```\ncode\n```\u00A0\n\nPlain words.', 1],
    ['a fence closed with spaces and a tab after it', '```\ncode\n```  \t\n\nPlain words.', 2],
  ])('when a paragraph follows %s', (_name, tail, blocks) => {
    const text = `${'x'.repeat(1100)}\n\n${tail}`;
    expect(splitBlocks(text, 0, true)).toHaveLength(blocks);
    checkBlocksReadAsWhole(text);
  });
});

/**
 * The readings of a text's blocks read in runs (cut after the blocks `cuts` picks) and read one by one, with the
 * document's link definitions as a plan gives them: they must be the same.
 */
function checkRunsReadAsBlocks(text: string, cuts: readonly boolean[]): void {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const fine of [false, true]) {
    const blocks = splitBlocks(text, bom, fine);
    const definitions = blocks.length > 1 ? blocks.flatMap((b) => linkDefinitionLines(text.slice(b.start, b.end))).join('\n') : '';
    const alone = blocks.map((b) => readBlockText(text.slice(b.start, b.end), b, definitions));
    const inRuns: ReturnType<typeof readBlockText>[] = [];
    for (let from = 0; from < blocks.length; ) {
      let to = from + 1;
      // The first block is read alone (see missingRuns).
      while (from > 0 && to < blocks.length && !cuts[to % Math.max(1, cuts.length)]) to++;
      inRuns.push(...readBlocksText(text.slice(blocks[from]!.start, blocks[to - 1]!.end), blocks.slice(from, to), definitions));
      from = to;
    }
    expect(inRuns).toEqual(alone);
  }
}

describe('runs of blocks read with one parse read as each block alone', () => {
  const cuts = fc.array(fc.boolean(), { minLength: 1, maxLength: 9 });
  it('on generated contracts (seeded)', () => {
    fc.assert(fc.property(contractText(), cuts, checkRunsReadAsBlocks), { seed: 6066 + SEED, numRuns: 30 * SCALE });
  }, TIMEOUT);
  it('on grammar-aware documents and on edits of them (seeded)', () => {
    fc.assert(fc.property(grammarText(40), fc.array(editArb, { maxLength: 6 }), cuts, (text, edits, c) => checkRunsReadAsBlocks(edits.reduce(apply, text), c)), {
      seed: 6067 + SEED,
      numRuns: 300 * SCALE,
    });
  }, TIMEOUT);
  it('on the format sample, in runs and as one run', () => {
    checkRunsReadAsBlocks(FORMAT_SAMPLE, [false]);
    checkRunsReadAsBlocks(FORMAT_SAMPLE, [true, false, false]);
  });
  it('with an unclosed front matter fence before the first block quote: the quote is read, alone or after the fence', () => {
    // micromark-extension-frontmatter reads no block quote or list after an opening fence that is never closed
    // (micromark/micromark-extension-frontmatter#5); such a text is read without it (parseBlock.ts).
    const text = '---\n# Definitions\n\n> [!EXPLAIN]\n> In plain words.\n';
    const blocks = splitBlocks(text, 0, true);
    expect(blocks.map((b) => b.end)).toEqual([4, text.length]);
    expect(readBlocksText(text, blocks, '')[1]!.items.map((i) => i.kind)).toContain('callout');
    expect(readBlockText(text.slice(4), blocks[1]!, '').items.map((i) => i.kind)).toContain('callout');
    expect(parseDocument(text).callouts.map((c) => c.type)).toEqual(['EXPLAIN']);
  });
});

describe('incremental reading equals a full parse', () => {
  it('on edit sequences of generated contracts (seeded)', () => {
    fc.assert(
      fc.property(contractText(), fc.array(editArb, { minLength: 1, maxLength: 12 }), (text, edits) => checkSequence(text, edits)),
      { seed: 6061 + SEED, numRuns: 40 * SCALE },
    );
  }, TIMEOUT);

  it('on edit sequences of grammar-aware documents (seeded)', () => {
    fc.assert(
      fc.property(grammarText(40), fc.array(editArb, { minLength: 1, maxLength: 12 }), (text, edits) => checkSequence(text, edits)),
      { seed: 6062 + SEED, numRuns: 300 * SCALE },
    );
  }, TIMEOUT);

  it('on edit sequences of the format sample (seeded)', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 20 }), (edits) => checkSequence(FORMAT_SAMPLE, edits)),
      { seed: 6063 + SEED, numRuns: 40 * SCALE },
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

  it('reads again only the touched blocks of two edits far apart (one change spanning both)', () => {
    const text = Array.from({ length: 50 }, (_, i) => `# ${i + 1}. Clause\n\nSee Section ${i + 1} and "Term ${i}" means a thing.\n`).join('\n');
    const before = parseDocument(text);
    // Two letters replaced by one each (the blocks between stay where they were): one change from the first to the last.
    const first = text.indexOf('a thing') + 2;
    const last = text.lastIndexOf('a thing') + 2;
    const edited = `${text.slice(0, first)}T${text.slice(first + 1, last)}T${text.slice(last + 1)}`;
    const after = parseDocument(edited, '', before);
    expect(after).toEqual(parseDocument(edited));
    // The 48 clauses between the two edits keep their readings: their runs are the same objects.
    const same = after.runs.filter((run) => before.runs.includes(run)).length;
    expect(same).toBeGreaterThanOrEqual(48 * 2);
  });

  it('finds the change between two texts', () => {
    expect(changeBetween('abcdef', 'abXdef')).toEqual({ from: 2, oldEnd: 3, newEnd: 3 });
    expect(changeBetween('abc', 'abc')).toEqual({ from: 3, oldEnd: 3, newEnd: 3 });
    expect(changeBetween('aaaa', 'aaaaa')).toEqual({ from: 4, oldEnd: 4, newEnd: 5 });
    expect(changeBetween('a\r\nb', 'a\r\r\nb')).toEqual({ from: 2, oldEnd: 2, newEnd: 3 });
  });
});
