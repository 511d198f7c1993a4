// Plain paragraphs are read without remark (`plainParagraphs.ts`, `parseBlockText`): each one found is, in remark's
// tree of the whole text, a top-level paragraph holding one text node whose value is its source; a text read with
// them stood in gives the reading without, positions included; and a stand-in comes out as a paragraph of its own.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlockText, parseMdast } from '../../server/src/syntax/parseBlock.js';
import { plainParagraphs, standIn } from '../../server/src/syntax/plainParagraphs.js';
import { EXAMPLE_FILES, FORMAT_SAMPLE, contractText, grammarText } from '../fuzz/documents.js';

/** Prose that may make a plain paragraph (at least 64 characters together), and its openings. */
const WORDS = [
  'The Supplier shall pay the Customer', ' within thirty days', ' of the invoice date', '(a) ', '"Fee" means', '“Term” means',
  "'quoted'", '‘single’', '§ 4.2', '1.1.1. Each Party', '12 days', 'Café ünd', 'ſection', '中文', '😀', 'x',
];
/** What may make a line anything else: container markers, fences, HTML, tables, setext underlines, inline syntax. */
const MARKS = [
  '- ', '* ', '+ ', '> ', '>', '    ', '  ', ' ', '\t', '#', '# ', '## ', '###### ', '```', '~~~', '<div>', '</div>', '<!-- ', ' -->',
  '<pre>', '</pre>', '---', '===', '***', '| a | b |', '|---|---|', ':--', '--- | ---', '[^1]: ', '[x]: /url', '[[Term]]', '[@key]', '[x]',
  '*', '_', '`', '\\', '&amp;', '&', 'www.', 'a@b', 'http://', '~~', '<', ']', '|', '\r', '\u00a0', '\0', '\x0b', '1. ', '2) ', '10. ', '1.',
];
const line = fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.constantFrom(...MARKS) }), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
const SEPARATORS = ['\n', '\n', '\n\n', '\n\n', '\n\n\n', '\r\n', '\n \n', '\n\t\n'];
const lined = fc
  .array(fc.tuple(line, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 24 })
  .map((lines) => lines.map(([l, sep]) => l + sep).join(''));
const DEFINITIONS = ['', '[x]: /url', '[^1]: A note.', '[x]: /url\n[^1]: A note.'];

/** Each plain paragraph of `text` is a top-level paragraph of remark's whole tree, holding its source as one text. */
function plainAsRemarkReadsIt(text: string): number {
  const plain = plainParagraphs(text);
  if (plain.length === 0) return 0;
  const tree = parseMdast(text, true);
  for (const p of plain) {
    const node = tree.children.find((c) => c.position?.start.offset === p.start);
    expect(node, JSON.stringify(text.slice(p.start, p.end))).toMatchObject({
      type: 'paragraph',
      position: { end: { offset: p.end } },
      children: [{ type: 'text', value: text.slice(p.start, p.end), position: { start: { offset: p.start }, end: { offset: p.end } } }],
    });
    expect((node as { children: unknown[] }).children).toHaveLength(1);
  }
  return plain.length;
}

/** The reading with stand-ins equals the reading without, for the text alone and with link definitions after it. */
function sameReading(text: string, definitions: string, base: number): void {
  expect(parseBlockText(text, base, definitions, true)).toEqual(parseBlockText(text, base, definitions, false));
}

/** Each stand-in of `text` comes out of remark as a top-level paragraph of the one letter `x` (so no reading falls back). */
function standInsHold(text: string): void {
  const stood = standIn(text, plainParagraphs(text));
  const tree = parseMdast(stood.source, true);
  for (const at of stood.starts) {
    expect(tree.children.find((c) => c.position?.start.offset === at)).toMatchObject({ type: 'paragraph', position: { end: { offset: at + 1 } }, children: [{ type: 'text', value: 'x' }] });
  }
}

describe('plain paragraphs', () => {
  it('are what remark reads as one paragraph of plain text (seeded, lines of prose and near misses)', () => {
    let found = 0;
    fc.assert(fc.property(lined, (text) => void (found += plainAsRemarkReadsIt(text))), { seed: 8101, numRuns: 3000 });
    // The generator makes plain paragraphs often enough for the property to say something.
    expect(found).toBeGreaterThan(500);
  });
  it('are what remark reads as one paragraph of plain text in generated contracts, documents and the examples', () => {
    let found = 0;
    fc.assert(fc.property(contractText(), (text) => void (found += plainAsRemarkReadsIt(text))), { seed: 8102, numRuns: 20 });
    fc.assert(fc.property(grammarText(30), (text) => void plainAsRemarkReadsIt(text)), { seed: 8103, numRuns: 300 });
    for (const text of [FORMAT_SAMPLE, ...Object.values(EXAMPLE_FILES)]) found += plainAsRemarkReadsIt(text);
    expect(found).toBeGreaterThan(10);
  });
  it('read with stand-ins give the reading without them, positions included (seeded)', () => {
    fc.assert(fc.property(lined, fc.constantFrom(...DEFINITIONS), fc.nat(1000), sameReading), { seed: 8104, numRuns: 2000 });
    fc.assert(fc.property(contractText(), fc.constantFrom(...DEFINITIONS), (t, d) => sameReading(t, d, 0)), { seed: 8105, numRuns: 20 });
    fc.assert(fc.property(grammarText(30), fc.constantFrom(...DEFINITIONS), (t, d) => sameReading(t, d, 7)), { seed: 8106, numRuns: 300 });
    for (const text of [FORMAT_SAMPLE, ...Object.values(EXAMPLE_FILES)]) sameReading(text, '', 0);
  });
  it('stand in as paragraphs of their own (seeded)', () => {
    fc.assert(fc.property(lined, standInsHold), { seed: 8107, numRuns: 2000 });
    fc.assert(fc.property(contractText(), standInsHold), { seed: 8108, numRuns: 20 });
  });
});

describe('what is not a plain paragraph', () => {
  const prose = 'The Supplier shall pay the Customer within thirty days of the invoice date';
  const cases: [string, string][] = [
    ['a paragraph', `${prose}.\n`],
    ['two lines', `${prose}\nand no later than the date the Customer names.\n`],
    ['after a heading', `# 1. Fees\n\n${prose}.\n`],
    ['a clause number', `1.1.1. ${prose}.\n`],
    ['a quote', `"Fee" means ${prose}.\n`],
  ];
  for (const [name, text] of cases) it(`finds ${name}`, () => expect(plainParagraphs(text)).toHaveLength(1));
  const refused: [string, string][] = [
    ['a list item', `- ${prose}.\n`],
    ['an ordered list item', `1. ${prose}.\n`],
    ['a line that opens a list', `${prose}\n1. and no later than the date the Customer names.\n`],
    ['an indented line', `${prose}\n   and no later than the date the Customer names.\n`],
    ['a trailing space (a hard break)', `${prose}  \nand no later than the date the Customer names.\n`],
    ['emphasis', `${prose} *now*.\n`],
    ['emphasis with underscores', `${prose} _now_.\n`],
    ['strikethrough', `${prose} ~~now~~.\n`],
    ['code', `${prose} \`now\`.\n`],
    ['inline HTML', `${prose} <b>now</b>.\n`],
    ['an escape', `${prose} \\*now.\n`],
    ['a term link', `${prose} [[Fee]].\n`],
    ['a citation', `${prose} [@key].\n`],
    ['a character reference', `${prose} &amp; more.\n`],
    ['an e-mail address', `${prose} a@b.example.\n`],
    ['a URL', `${prose} www.example.com.\n`],
    ['a setext underline', `${prose}\n===\n`],
    ['a table', `| ${prose} |\n|---|\n`],
    ['a carriage return', `${prose}\r\nand no later than the date the Customer names.\r\n`],
    ['a tab', `${prose}\tand no later than the date the Customer names.\n`],
    ['a line in a code fence', `\`\`\`\n\n${prose}.\n\n\`\`\`\n`],
    ['a line in an HTML comment', `<!--\n\n${prose}.\n\n-->\n`],
    ['front matter', `---\ntitle: x\n\n${prose}\n---\n`],
    ['a short paragraph', 'The Supplier pays.\n'],
  ];
  for (const [name, text] of refused) {
    it(`leaves ${name} to remark`, () => {
      expect(plainParagraphs(text)).toEqual([]);
      sameReading(text, '', 0);
    });
  }
});
