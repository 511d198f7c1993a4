// A text that need not be one string: the editor's text of a large document after a keystroke is the indexed text
// with one stretch replaced, and reading it as pieces spares copying megabytes per keystroke (`EditedText`). The
// keystroke window reads its text through `TextSource`; a model made from pieces makes its `text` string only when
// some code asks for it (`withSourceText`), and `textOf` gives code on the keystroke path the pieces instead.

import { lineEnd, nextLine } from './blockSplit.js';
import type { DocumentModel } from './model.js';

/** What the keystroke path reads of a text: a string is one, and so is an `EditedText`. */
export interface TextSource {
  readonly length: number;
  charCodeAt(index: number): number;
  /** As `String.prototype.slice`. */
  slice(start?: number, end?: number): string;
  /** As `String.prototype.indexOf`. */
  indexOf(search: string, position?: number): number;
  /** As `String.prototype.startsWith`. */
  startsWith(search: string, position?: number): boolean;
}

/** How many times a text made of pieces was made one string (the tests check a keystroke makes none). */
let copies = 0;
export function flatCopies(): number {
  return copies;
}

/**
 * `base` with `[from, oldEnd)` replaced by `middle`, read without making it one string. Offsets are those of the
 * edited text; below `from` they are the base's, at or after `from + middle.length` the base's moved by the edit.
 */
export class EditedText implements TextSource {
  readonly length: number;
  /** Where the replaced stretch ends in the edited text. */
  readonly newEnd: number;
  #flat: string | undefined;

  constructor(
    readonly base: string,
    readonly from: number,
    readonly oldEnd: number,
    readonly middle: string,
  ) {
    this.newEnd = from + middle.length;
    this.length = base.length - (oldEnd - from) + middle.length;
  }

  charCodeAt(index: number): number {
    if (index < this.from) return this.base.charCodeAt(index);
    if (index < this.newEnd) return this.middle.charCodeAt(index - this.from);
    return this.base.charCodeAt(index - this.newEnd + this.oldEnd);
  }

  slice(start = 0, end = this.length): string {
    const n = this.length;
    const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    const e = end < 0 ? Math.max(0, n + end) : Math.min(end, n);
    if (e <= s) return '';
    const { base, from, oldEnd, middle, newEnd } = this;
    if (e <= from) return base.slice(s, e);
    const d = oldEnd - newEnd;
    if (s >= newEnd) return base.slice(s + d, e + d);
    if (s === 0 && e === n) return this.toString();
    const head = s < from ? base.slice(s, from) : '';
    const mid = middle.slice(Math.max(0, s - from), Math.min(middle.length, e - from));
    const tail = e > newEnd ? base.slice(oldEnd, e + d) : '';
    return head + mid + tail;
  }

  indexOf(search: string, position = 0): number {
    const p = Math.max(0, Math.min(position, this.length));
    if (search.length === 0) return p;
    const { base, from, oldEnd, newEnd } = this;
    // Wholly before the replaced stretch: the base's first match, unless it runs into the stretch.
    if (p < from) {
      const r = base.indexOf(search, p);
      if (r !== -1 && r + search.length <= from) return r;
    }
    // Across or inside the stretch.
    const zoneStart = Math.max(p, from - search.length + 1);
    const zoneEnd = Math.min(this.length, newEnd + search.length - 1);
    if (zoneStart < zoneEnd) {
      const z = this.slice(zoneStart, zoneEnd).indexOf(search);
      if (z !== -1) return zoneStart + z;
    }
    // Wholly after it.
    const r = base.indexOf(search, Math.max(p, newEnd) - newEnd + oldEnd);
    return r === -1 ? -1 : r - oldEnd + newEnd;
  }

  startsWith(search: string, position = 0): boolean {
    const p = Math.max(0, Math.min(position, this.length));
    return this.slice(p, p + search.length) === search;
  }

  /** The text as one string (made once). */
  toString(): string {
    if (this.#flat === undefined) {
      copies++;
      this.#flat = this.base.slice(0, this.from) + this.middle + this.base.slice(this.oldEnd);
    }
    return this.#flat;
  }
}

/** A source as one string. */
export function flatText(source: TextSource): string {
  return typeof source === 'string' ? source : source.toString();
}

/**
 * A string to run a regular expression on from `at`, and the offset of its first character: the string itself, or
 * for pieces the text from `at` through the first blank line after it (its line breaks included), which is as far
 * as an expression that never reads across a blank line can look.
 */
export function paragraphFrom(source: TextSource, at: number): { readonly text: string; readonly offset: number } {
  if (typeof source === 'string') return { text: source, offset: 0 };
  const n = source.length;
  let end = n;
  for (let eol = lineEnd(source, Math.max(0, at)); eol < n; ) {
    let q = nextLine(source, eol);
    while (source.charCodeAt(q) === 32 || source.charCodeAt(q) === 9) q++;
    if (q < n && lineEnd(source, q) === q) {
      end = nextLine(source, q);
      break;
    }
    eol = lineEnd(source, q);
  }
  return { text: source.slice(at, end), offset: at };
}

const sources = new WeakMap<object, TextSource>();

/**
 * The model `fields` with the text `source`: when it is not a string, the model's `text` is made one string only
 * when read (once), and `textOf` gives the pieces.
 */
export function withSourceText(fields: Omit<DocumentModel, 'text'>, source: TextSource): DocumentModel {
  if (typeof source === 'string') return { ...fields, text: source };
  const model = { ...fields } as DocumentModel;
  Object.defineProperty(model, 'text', { enumerable: true, configurable: true, get: () => flatText(source) });
  sources.set(model, source);
  return model;
}

/** A model's text as the keystroke path reads it: the pieces of a model made by `withSourceText`, else its string. */
export function textOf(model: DocumentModel): TextSource {
  return sources.get(model) ?? model.text;
}
