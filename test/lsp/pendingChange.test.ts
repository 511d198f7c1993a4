// The change followed through an editor's incremental edits (`lsp/pendingChange.ts`): after any sequence of edits,
// the one span it gives turns the first text into the last: the texts agree outside it, and the lengths agree.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PendingChanges } from '../../server/src/lsp/pendingChange.js';

describe('the pending change of a document', () => {
  it('covers every edit of a sequence and agrees with the texts (seeded)', () => {
    const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(6), fc.constantFrom('', 'a', 'xyz', '\n', 'line\nline'));
    let answered = 0;
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 60 }), fc.array(edit, { minLength: 1, maxLength: 12 }), (start, edits) => {
        const changes = new PendingChanges();
        let doc = TextDocument.create('file:///d', 'clausemark', 1, start);
        for (const [at, remove, insert] of edits) {
          const text = doc.getText();
          const from = Math.floor(at * text.length);
          const to = Math.min(text.length, from + remove);
          const change = [{ range: { start: doc.positionAt(from), end: doc.positionAt(to) }, text: insert }];
          changes.note(doc, change);
          doc = TextDocument.update(doc, change, doc.version + 1);
        }
        const end = doc.getText();
        const c = changes.changeOf('file:///d', start, end);
        expect(c).toBeDefined();
        if (!c) return;
        expect(start.slice(0, c.from)).toBe(end.slice(0, c.from));
        expect(start.slice(c.oldEnd)).toBe(end.slice(c.newEnd));
        expect(end.length - start.length).toBe(c.newEnd - c.oldEnd);
        answered++;
      }),
      { seed: 6068, numRuns: 2000 },
    );
    expect(answered).toBe(2000);
  });

  it('finds the change anew when the followed span grows past a window, and follows that from then on', () => {
    // A digit typed near the end of a 600 KB text and taken back, then a word typed near its start: the followed
    // span covers both places; the texts differ only at the second.
    const start = Array.from({ length: 12_000 }, (_, i) => `Line ${i} of the text.`).join('\n');
    const changes = new PendingChanges();
    let doc = TextDocument.create('file:///d', 'clausemark', 1, start);
    const type = (offset: number, remove: number, insert: string) => {
      const change = [{ range: { start: doc.positionAt(offset), end: doc.positionAt(offset + remove) }, text: insert }];
      changes.note(doc, change);
      doc = TextDocument.update(doc, change, doc.version + 1);
    };
    type(start.length - 100, 0, '9');
    type(start.length - 100, 1, '');
    type(50, 0, 'word');
    expect(changes.changeOf('file:///d', start, doc.getText())).toEqual({ from: 50, oldEnd: 50, newEnd: 54 });
    // The next keystroke is followed from the change found, not from the span of all three.
    type(54, 0, 's');
    expect(changes.changeOf('file:///d', start, doc.getText())).toEqual({ from: 50, oldEnd: 50, newEnd: 55 });
  });

  it('gives nothing for a document just opened, or changed whole', () => {
    const changes = new PendingChanges();
    const doc = TextDocument.create('file:///d', 'clausemark', 1, 'abc');
    changes.unknown('file:///d');
    changes.note(doc, [{ range: { start: doc.positionAt(1), end: doc.positionAt(1) }, text: 'x' }]);
    expect(changes.changeOf('file:///d', 'abc', 'axbc')).toBeUndefined();
    changes.taken('file:///d');
    changes.note(doc, [{ text: 'whole' }]);
    expect(changes.changeOf('file:///d', 'abc', 'whole')).toBeUndefined();
  });
});
