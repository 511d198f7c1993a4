// The server's copy of an open document (`lsp/editorDocument.ts`) answers as `TextDocument` does: after any sequence
// of edits (typing, deleting, pasting lines, CR, LF and CRLF breaks, ranges given backwards or past the end), the
// text, every position and offset, the line ranges and the line count agree; and a keystroke makes no copy of the text.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { flatCopies } from '../../server/src/language/index.js';
import { EditorDocument, MAX_STRETCH } from '../../server/src/lsp/editorDocument.js';

const pieces = ['', 'a', 'xyz', '\n', '\r\n', '\r', 'line\nline', '§ 4.2 “Term”', '\n\n# 1. Heading\n', 'é😀'];

/** Every answer of `ours` equals `theirs`'s. */
function expectSame(ours: EditorDocument, theirs: TextDocument): void {
  const text = theirs.getText();
  expect(ours.getText()).toBe(text);
  expect(ours.lineCount).toBe(theirs.lineCount);
  for (let offset = -1; offset <= text.length + 1; offset++) expect(ours.positionAt(offset)).toEqual(theirs.positionAt(offset));
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (const character of [-1, 0, 1, 2, 5, 100]) expect(ours.offsetAt({ line, character })).toBe(theirs.offsetAt({ line, character }));
    expect(ours.getLineRange(line)).toEqual(theirs.getLineRange(line));
    expect(ours.getEOLCharacters(line)).toBe(theirs.getEOLCharacters(line));
  }
  const range = { start: theirs.positionAt(1), end: theirs.positionAt(text.length - 1) };
  expect(ours.getText(range)).toBe(theirs.getText(range));
}

describe('the editor document', () => {
  it('agrees with TextDocument after any sequence of edits (seeded)', () => {
    const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(8), fc.constantFrom(...pieces), fc.boolean(), fc.nat(20));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces, 'word ', 'more words '), { maxLength: 30 }).map((p) => p.join('')), fc.array(edit, { minLength: 1, maxLength: 10 }), fc.boolean(), (start, edits, settle) => {
        const ours = new EditorDocument('file:///d', 'clausemark', 1, start);
        let theirs = TextDocument.create('file:///d', 'clausemark', 1, start);
        edits.forEach(([at, remove, insert, backwards, beyond], i) => {
          const text = theirs.getText();
          const from = Math.floor(at * text.length);
          const startPos = theirs.positionAt(from);
          const endPos = beyond > 17 ? { line: theirs.lineCount + 2, character: 3 } : theirs.positionAt(Math.min(text.length, from + remove));
          const change: TextDocumentContentChangeEvent[] = [{ range: backwards ? { start: endPos, end: startPos } : { start: startPos, end: endPos }, text: insert }];
          ours.update(change, i + 2);
          theirs = TextDocument.update(theirs, change, i + 2);
          if (settle && i % 3 === 2) expect(ours.settle()).toBe(theirs.getText());
        });
        expect(ours.version).toBe(theirs.version);
        expectSame(ours, theirs);
      }),
      { seed: 1127, numRuns: 1500 },
    );
  });

  it('takes a whole new text and several changes at once', () => {
    const ours = new EditorDocument('file:///d', 'clausemark', 1, 'one\ntwo\n');
    let theirs = TextDocument.create('file:///d', 'clausemark', 1, 'one\ntwo\n');
    const changes: TextDocumentContentChangeEvent[] = [
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, text: 'X\n' },
      { text: 'fresh\r\ntext' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'T' },
    ];
    ours.update(changes, 2);
    theirs = TextDocument.update(theirs, changes, 2);
    expectSame(ours, theirs);
  });

  it('makes no copy of a large text when a keystroke is typed and read through its pieces', () => {
    const line = 'The Supplier shall provide the Services under Section 4.2.\n';
    const text = line.repeat(20_000);
    const doc = new EditorDocument('file:///big', 'clausemark', 1, text);
    const copies = flatCopies();
    const at = doc.positionAt(600_000);
    doc.update([{ range: { start: at, end: at }, text: '9' }], 2);
    doc.update([{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }], 3);
    doc.update([{ range: { start: at, end: at }, text: 'ab' }], 4);
    const source = doc.source();
    expect(source.length).toBe(text.length + 2);
    expect(source.slice(599_990, 600_010)).toBe(`${text.slice(599_990, 600_000)}ab${text.slice(600_000, 600_008)}`);
    expect(doc.positionAt(1_000_000)).toEqual({ line: Math.floor((1_000_000 - 2) / line.length), character: (1_000_000 - 2) % line.length });
    expect(flatCopies()).toBe(copies);
    expect(doc.settle()).toBe(`${text.slice(0, 600_000)}ab${text.slice(600_000)}`);
    expect(flatCopies()).toBe(copies + 1);
  });

  it('drops a stretch whose edits were taken back, and makes no copy when typing far from it then', () => {
    const text = 'x'.repeat(3 * MAX_STRETCH);
    const doc = new EditorDocument('file:///big', 'clausemark', 1, text);
    const copies = flatCopies();
    const near = { line: 0, character: 2 * MAX_STRETCH };
    doc.update([{ range: { start: near, end: near }, text: '9' }], 2);
    doc.update([{ range: { start: near, end: { line: 0, character: near.character + 1 } }, text: '' }], 3);
    doc.update([{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: 'a' }], 4);
    const source = doc.source();
    expect(typeof source).not.toBe('string');
    expect(flatCopies()).toBe(copies);
    expect(doc.getText()).toBe(`xa${'x'.repeat(3 * MAX_STRETCH - 1)}`);
  });

  it('makes a stretch longer than its bound part of the base text', () => {
    const text = 'x'.repeat(3 * MAX_STRETCH);
    const doc = new EditorDocument('file:///big', 'clausemark', 1, text);
    doc.update([{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: 'a' }], 2);
    doc.update([{ range: { start: { line: 0, character: 2 * MAX_STRETCH }, end: { line: 0, character: 2 * MAX_STRETCH } }, text: 'b' }], 3);
    expect(typeof doc.source()).toBe('string');
    expect(doc.getText()).toBe(`xa${'x'.repeat(2 * MAX_STRETCH - 2)}b${'x'.repeat(MAX_STRETCH + 1)}`);
  });

  it('says it holds the text it was given when an edit was typed and taken back, and not after another edit', () => {
    const text = 'Each Agent acts.\nSection 4 applies.\n';
    const doc = new EditorDocument('file:///doc', 'clausemark', 1, text);
    const at = { line: 1, character: 9 };
    const cases: [edit: { range: { start: typeof at; end: typeof at }; text: string }, holds: boolean][] = [
      [{ range: { start: at, end: at }, text: '9' }, false],
      [{ range: { start: at, end: { line: 1, character: 10 } }, text: '' }, true],
      [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 10 } }, text: 'Agent' }, true],
      [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 10 } }, text: 'Agents' }, false],
      [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 11 } }, text: 'Agent' }, true],
    ];
    cases.forEach(([edit, holds], i) => {
      doc.update([edit], i + 2);
      expect(doc.holds(text)).toBe(holds);
      expect(doc.getText() === text).toBe(holds);
    });
    // Another string with the same text is held too; a different text or none is not.
    expect(doc.holds(text.split('').join(''))).toBe(true);
    expect(doc.holds(`${text} `)).toBe(false);
    expect(doc.holds(undefined)).toBe(false);
  });
});
