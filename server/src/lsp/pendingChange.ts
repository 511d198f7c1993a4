// The change from the text the index holds to the editor's, as one span, followed through the editor's incremental
// changes: a keystroke's diagnostics found in its window then need not compare two 10 MB texts to find where it was.
// Followed changes only grow: when the span grows past what a window reads (typing far from an earlier edit that was
// taken back, or left), the texts are compared once, and the change found is followed from then on.

import type { Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { changeBetween, MAX_WINDOW_CHANGE, type TextChange, type TextSource } from '../language/index.js';

/** Changes per document since the index took its text: a span, or `unknown` (several changes at once, a whole new text). */
export class PendingChanges {
  readonly #changes = new Map<string, TextChange | 'unknown'>();

  /** The editor's text of the document may differ from the index's in ways not followed (it was just opened). */
  unknown(uri: string): void {
    this.#changes.set(uri, 'unknown');
  }

  /** The index took the document's text as it is now. */
  taken(uri: string): void {
    this.#changes.delete(uri);
  }

  /** The editor changed `doc` (as it was before) by `changes`. */
  note(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): void {
    const only = changes.length === 1 ? (changes[0] as { range?: Range; text: string }) : undefined;
    if (!only?.range) {
      this.#changes.set(doc.uri, 'unknown');
      return;
    }
    const from = doc.offsetAt(only.range.start);
    const c = { from, oldEnd: Math.max(from, doc.offsetAt(only.range.end)), newEnd: from + only.text.length };
    const u = this.#changes.get(doc.uri);
    this.#changes.set(doc.uri, u === undefined ? c : u === 'unknown' ? u : union(u, c));
  }

  /**
   * The change from `before` (the text the index holds) to `after` (the editor's), when it is known and agrees with
   * the two texts' lengths and the characters around it; undefined otherwise (then the texts are compared).
   */
  changeOf(uri: string, before: string, after: TextSource): TextChange | undefined {
    const c = this.#changes.get(uri);
    if (!c || c === 'unknown') return undefined;
    if (after.length - before.length !== c.newEnd - c.oldEnd || c.oldEnd > before.length || c.newEnd > after.length) return undefined;
    const edge = 64;
    if (before.slice(Math.max(0, c.from - edge), c.from) !== after.slice(Math.max(0, c.from - edge), c.from)) return undefined;
    if (before.slice(c.oldEnd, c.oldEnd + edge) !== after.slice(c.newEnd, c.newEnd + edge)) return undefined;
    if (Math.max(c.oldEnd, c.newEnd) - c.from <= MAX_WINDOW_CHANGE) return c;
    const found = changeBetween(before, after);
    this.#changes.set(uri, found);
    return found;
  }
}

/**
 * One span that covers `u` (from the index's text to the text before `c`) and `c` (an edit of that text): in the
 * index's text it ends where the later of the two ends, in the new text where `u`'s end moved by `c`, or `c`'s.
 */
export function union(u: TextChange, c: TextChange): TextChange {
  const du = u.newEnd - u.oldEnd;
  const dc = c.newEnd - c.oldEnd;
  // An offset of the text between the two edits, in the index's text (inside `u`'s new text: `u`'s old end).
  const toIndexed = (p: number) => (p <= u.from ? p : p >= u.newEnd ? p - du : u.oldEnd);
  // An offset of the text between the two edits, after `c` (inside `c`'s old text: `c`'s new end).
  const afterC = (p: number) => (p <= c.from ? p : p >= c.oldEnd ? p + dc : c.newEnd);
  const from = Math.min(u.from, c.from);
  const oldEnd = Math.max(u.oldEnd, toIndexed(c.oldEnd));
  const newEnd = Math.max(afterC(u.newEnd), c.newEnd);
  return { from, oldEnd, newEnd };
}
