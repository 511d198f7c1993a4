// A text read as pieces (`syntax/textSource.ts`) reads as the string it stands for: every slice (negative and
// out-of-range bounds included), character, search and prefix test agrees, and a model built on pieces gives its
// string only when asked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EditedText, flatCopies, paragraphFrom, textOf, withSourceText } from '../../server/src/syntax/textSource.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';

describe('an edited text read as pieces', () => {
  it('reads as the string it stands for (seeded)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'ab', '\n', ' ', '§');
    const str = (max: number) => fc.array(alphabet, { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(str(30), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(6), str(8), fc.array(fc.integer({ min: -40, max: 80 }), { minLength: 4, maxLength: 4 }), str(3), (base, at, remove, middle, [a, b, c, p], search) => {
        const from = Math.floor(at * base.length);
        const oldEnd = Math.min(base.length, from + remove);
        const pieces = new EditedText(base, from, oldEnd, middle);
        const text = base.slice(0, from) + middle + base.slice(oldEnd);
        expect(pieces.length).toBe(text.length);
        expect(pieces.slice(a!, b!)).toBe(text.slice(a!, b!));
        expect(pieces.slice(a!)).toBe(text.slice(a!));
        expect(pieces.charCodeAt(c!)).toEqual(text.charCodeAt(c!));
        expect(pieces.indexOf(search, p!)).toBe(text.indexOf(search, p!));
        expect(pieces.indexOf(search)).toBe(text.indexOf(search));
        expect(pieces.startsWith(search, p!)).toBe(text.startsWith(search, p!));
        expect(pieces.toString()).toBe(text);
      }),
      { seed: 2611, numRuns: 3000 },
    );
  });

  it('gives a model its text string only when asked, once', () => {
    const base = '# 1. Scope\n\nThe Supplier shall act.\n';
    const pieces = new EditedText(base, 14, 14, 'X');
    const { text: _text, ...fields } = parseDocument(base);
    const copies = flatCopies();
    const model = withSourceText(fields, pieces);
    expect(textOf(model)).toBe(pieces);
    expect(flatCopies()).toBe(copies);
    expect(model.text).toBe('# 1. Scope\n\nThXe Supplier shall act.\n');
    expect(model.text).toBe(pieces.toString());
    expect(flatCopies()).toBe(copies + 1);
    expect(textOf({ ...fields, text: base })).toBe(base);
  });
});

describe('the paragraph a regular expression may read', () => {
  it('runs from an offset through the first blank line after it, line breaks included (seeded)', () => {
    const str = fc.array(fc.constantFrom('a', ' ', '\t', '\n', '\r', '\r\n', 'Section 2 of the Code'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(str, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (text, cut, where) => {
        const from = Math.floor(cut * text.length);
        const pieces = new EditedText(text, from, from, '');
        const at = Math.floor(where * text.length);
        const blank = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)/g;
        blank.lastIndex = at;
        const m = blank.exec(text);
        const end = m ? m.index + m[0].length : text.length;
        expect(paragraphFrom(pieces, at)).toEqual({ text: text.slice(at, end), offset: at });
        expect(paragraphFrom(text, at)).toEqual({ text, offset: 0 });
      }),
      { seed: 2612, numRuns: 3000 },
    );
  });
});
