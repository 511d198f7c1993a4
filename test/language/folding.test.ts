// Tests of folding ranges. Each case is a document and its expected ranges as `first line..last line kind`
// (0-based lines, as the LSP edge will turn the offsets into); every range is also checked to start at a line
// start and to end right after the last non-blank character of its last line.

import { describe, expect, it } from 'vitest';
import { getFoldingRanges } from '../../server/src/language/features/folding.js';
import { foldingLimit } from '../../server/src/lsp/features.js';
import { LineIndex } from '../../server/src/language/lineIndex.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';

function folds(document: string, limit?: number): string[] {
  const model = parseDocument(document, 'file:///workspace/doc.clause.md');
  const lines = new LineIndex(document);
  return getFoldingRanges(model, limit).map((r) => {
    const start = lines.position(r.start);
    const end = lines.position(r.end);
    expect(start.character, 'starts at a line start').toBe(0);
    expect(/\s/.test(document[r.end - 1] ?? ''), 'ends after text').toBe(false);
    expect(end.line).toBeGreaterThan(start.line);
    return `${start.line}..${end.line}${r.kind ? ` ${r.kind}` : ''}`;
  });
}

const cases: [string, string, string[]][] = [
  [
    'clauses fold from the heading to their last text, not the blank lines after',
    '# 1. Alpha\n\nText.\n\n## 1.1 Beta\n\nMore\ntext.\n\n\n# 2. Gamma\n\nEnd.\n',
    ['0..7', '4..7', '10..12'],
  ],
  [
    'paragraph clauses and sub-clauses of two lines or more; one-line ones do not fold',
    '1.1. One line.\n\n1.2. Two\nlines.\n\n(a) one\n\n(b) two\nlines\n',
    ['2..8', '7..8'],
  ],
  [
    'sections run to the next heading of their level',
    '# Definitions\n\n"A" means b.\n\n## Notes\n\nx\n\n# Other\n\ny\n',
    ['0..6', '4..6', '8..10'],
  ],
  [
    'callouts and the front matter (a region)',
    '---\ntitle: T\n---\n\n"A" means b.\n\n> [!EXPLAIN]\n> One\n> two.\n\n> [!NOTE] one line\n',
    ['0..2 region', '6..8'],
  ],
  [
    'disable … enable regions are comments; two rules closed together give one range; an unclosed one is none',
    '<!-- clausemark-disable term.unused, term.used-once -->\n\n"A" means b.\n\n<!-- clausemark-enable -->\n\n<!-- clausemark-disable cite.unknown -->\n\ntext\n',
    ['0..4 comment'],
  ],
  [
    'an enable for one rule closes only that rule',
    '<!-- clausemark-disable a -->\n<!-- clausemark-disable b -->\nx\n<!-- clausemark-enable b -->\ny\n<!-- clausemark-enable a -->\n',
    ['0..5 comment', '1..3 comment'],
  ],
  [
    'CRLF line ends',
    '# 1. Alpha\r\n\r\nText\r\nmore.\r\n\r\n# 2. Beta\r\n\r\nx\r\n',
    ['0..3', '5..7'],
  ],
  [
    'a clause in a list item starts at its line',
    '# Terms\n\n- 1.1. First\n  item.\n- 1.2. Second\n',
    ['0..4', '2..3'],
  ],
  [
    'astral characters do not shift the offsets',
    '# 1. 𝔄lpha 😀\n\n😀 text 😀\n\n# 2. B\n',
    ['0..2'],
  ],
];

describe('folding ranges', () => {
  it.each(cases)('%s', (_name, document, expected) => {
    expect(folds(document)).toEqual(expected);
  });

  it('gives nothing for an empty document or one line', () => {
    expect(folds('')).toEqual([]);
    expect(folds('# 1. Alpha')).toEqual([]);
  });

  it('nests ranges properly (no range starts inside another and ends outside it)', () => {
    const document = '# Notes\n\n## 1. X\n\ntext\n\n# 1.1 Y\n\nmore\n\n# 1. Alpha\n\n## Notes\n\ntext\n\n### 2. Beta\n\nbody\nbody\n';
    const model = parseDocument(document);
    const ranges = getFoldingRanges(model);
    for (const a of ranges) {
      for (const b of ranges) {
        if (a === b) continue;
        const crosses = a.start < b.start && b.start < a.end && a.end < b.end;
        expect(crosses, JSON.stringify([a, b])).toBe(false);
      }
    }
  });
});

describe('at most the ranges the client wants', () => {
  // Seven ranges three levels deep: 1 (1.1 (a), 1.2), 2 (2.1), 3.
  const document = '# 1. One\n\n1.1. Eleven\nlines.\n\n(a) sub\nclause.\n\n1.2. Twelve\nlines.\n\n# 2. Two\n\n2.1. Twenty-one\nlines.\n\n# 3. Three\n\nEnd\nof it.\n';
  const cases: [limit: number | undefined, expected: string[]][] = [
    [undefined, ['0..9', '2..6', '5..6', '8..9', '11..14', '13..14', '16..19']],
    [7, ['0..9', '2..6', '5..6', '8..9', '11..14', '13..14', '16..19']],
    // The most nested first; then, of the level that does not fit whole, the first in the document.
    [6, ['0..9', '2..6', '8..9', '11..14', '13..14', '16..19']],
    [5, ['0..9', '2..6', '8..9', '11..14', '16..19']],
    [3, ['0..9', '11..14', '16..19']],
    [2, ['0..9', '11..14']],
  ];
  it.each(cases)('at most %s', (limit, expected) => {
    expect(folds(document, limit)).toEqual(expected);
  });

  it('reads the bound from the client (VS Code says 5,000), none when it says nothing', () => {
    expect(foldingLimit({ textDocument: { foldingRange: { rangeLimit: 5000 } } })).toBe(5000);
    expect(foldingLimit({ textDocument: { foldingRange: {} } })).toBe(Infinity);
    expect(foldingLimit(undefined)).toBe(Infinity);
  });
});
