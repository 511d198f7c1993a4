// remark-gfm's autolink literals (the micromark syntax and the tree transform) are left out for a text where they can
// change nothing (`parseBlock.ts`): on every such text the tree is the one the full processor gives, positions
// included, and texts with a URL, an e-mail address, an escape or a character reference still get both.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMdast } from '../../server/src/syntax/parseBlock.js';
import { mayAutolink } from '../../server/src/syntax/plainParagraphs.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import { FORMAT_SAMPLE, contractText, grammarText } from '../fuzz/documents.js';

/** Near misses and hits: pieces of URLs and addresses, split across lines, quotes, emphasis and containers. */
const PIECES = [
  'www', '.', 'ww.', 'WWW.', 'wWw', 'http', 'https', 'HTTP', 'Https', ':', '//', 'http:/', 'mailto', 'xmpp', '@', 'a', 'Z', '9', '_', '+', '-', 'é', ' ', '\n',
  '\n> ', '> ', '- ', '*', '**', '_', '~', '~~', '`', '[', ']', '(', ')', '[@key]', '[see @key]', '[[Term]]', '[^1]', 'example', 'com', '\\', '&amp;', '&#64;', '<', '>', '|',
  '\n|---|\n', '| a |', '  \n', '\t',
];
const pieced = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

function sameTree(text: string): void {
  if (mayAutolink(text)) return;
  expect(parseMdast(text, false)).toEqual(parseMdast(text, true));
}

describe('autolink literals left out where they can change nothing', () => {
  it('gives the full tree on pieced near misses (seeded)', () => {
    fc.assert(fc.property(pieced, sameTree), { seed: 7101, numRuns: 5000 });
  });
  it('gives the full tree on generated contracts and grammar-aware documents (seeded)', () => {
    fc.assert(fc.property(contractText(), sameTree), { seed: 7102, numRuns: 20 });
    fc.assert(fc.property(grammarText(30), sameTree), { seed: 7103, numRuns: 300 });
    sameTree(FORMAT_SAMPLE.replace(/https?:\/\/|www\.|[\w+\-.]@|[&\\]/gi, ''));
  });
  it('is still run where it links something', () => {
    for (const text of ['See www.example.com now.', 'Write to a@b.example.org.', 'Go to https://example.com/x.', 'At a&#64;b.example.org', 'A a\\@b.example.org']) {
      expect(mayAutolink(text)).toBe(true);
    }
    expect(JSON.stringify(parseMdast('See www.example.com now.'))).toContain('"url":"http://www.example.com"');
    expect(parseDocument('# 1. A\n\nSee www.example.com and a@b.example.org.\n').runs.length).toBeGreaterThan(0);
  });
});

describe('a link the transform cuts from text whose source writes characters as references', () => {
  // The transform's nodes have no positions; they are found in the source, where `&` may be written `&amp;` (found
  // by the long fuzz run: the link was placed over the whole paragraph and its clause references were lost).
  const cases: [string, string][] = [
    ['See Section 9.15.\n[https://example.com/a?b=1&amp;c ) words.\n', 'https://example.com/a?b=1&amp;c'],
    ['See Section 9.15.\nhttps://e.com/a?b=1&#38;c&#x26;d words.\n', 'https://e.com/a?b=1&#38;c&#x26;d'],
    ['See Section 9.15 at www.e.com/a\\_b&amp;c today.\n', 'www.e.com/a\\_b&amp;c'],
  ];
  for (const [text, written] of cases) {
    it(JSON.stringify(text), () => {
      const model = parseDocument(text, 'file:///w/d.clause.md');
      expect(model.references.map((r) => r.target)).toEqual(['9.15']);
      const link = model.runs[0]!.pieces.find((p) => p.sourceEnd !== undefined)!;
      expect(text.slice(link.sourceStart, link.sourceEnd)).toBe(written);
    });
  }
});
