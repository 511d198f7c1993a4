// The server's copy of an open document's text, kept as the text the index took plus one replaced stretch instead
// of one string: a keystroke in a 10 MB contract then copies the stretch, not 20 MB (what `TextDocument` does),
// and the keystroke window reads the pieces (`source`). It answers positions exactly as `TextDocument` does.

import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { EditedText, lineBreakEnds, partitionPoint, type TextSource } from '../language/index.js';

/** The longest replaced stretch kept as a piece; a longer one is made part of the base text. */
export const MAX_STRETCH = 256 * 1024;

/** The replaced stretch: the base's `[from, oldEnd)` is `middle`, whose line starts are `starts` (in the edited text). */
interface Stretch {
  readonly text: EditedText;
  readonly starts: readonly number[];
  /** How many of the base's line starts are at or before `from`, and where those after `oldEnd` begin. */
  readonly before: number;
  readonly after: number;
}

export class EditorDocument implements TextDocument {
  #base: string;
  #baseStarts: Uint32Array | undefined;
  #stretch: Stretch | undefined;
  #version: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
  ) {
    this.#base = text;
    this.#version = version;
  }

  get version(): number {
    return this.#version;
  }

  /** The text as pieces (the keystroke path reads these), or as one string when nothing is replaced. */
  source(): TextSource {
    return this.#stretch?.text ?? this.#base;
  }

  getText(range?: Range): string {
    const source = this.source();
    if (range) {
      // As `String.prototype.substring`, which `TextDocument` uses: a range given backwards reads forwards.
      const [a, b] = [this.offsetAt(range.start), this.offsetAt(range.end)];
      return source.slice(Math.min(a, b), Math.max(a, b));
    }
    return typeof source === 'string' ? source : source.toString();
  }

  /**
   * True when the text is `text`: after an edit typed and taken back, found without comparing the texts when `text` is
   * the base (the string the index took).
   */
  holds(text: string | undefined): boolean {
    if (text === undefined || text !== this.#base) return false;
    const s = this.#stretch?.text;
    return !s || (s.middle.length === s.oldEnd - s.from && s.base.startsWith(s.middle, s.from));
  }

  /** The text as one string, which from now on is the base of later edits (the index takes this string). */
  settle(): string {
    const stretch = this.#stretch;
    if (!stretch) return this.#base;
    const starts = new Uint32Array(this.lineCount);
    for (let line = 0; line < starts.length; line++) starts[line] = this.#lineStart(line);
    this.#base = stretch.text.toString();
    this.#baseStarts = starts;
    this.#stretch = undefined;
    return this.#base;
  }

  get lineCount(): number {
    const base = this.#starts();
    const s = this.#stretch;
    return s ? s.before + s.starts.length + (base.length - s.after) : base.length;
  }

  positionAt(offset: number): Position {
    const source = this.source();
    const at = Math.max(Math.min(offset, source.length), 0);
    const line = partitionPoint(this.lineCount, (l) => this.#lineStart(l) <= at) - 1;
    const start = this.#lineStart(line);
    return { line, character: beforeLineEnd(source, at, start) - start };
  }

  offsetAt(position: Position): number {
    const source = this.source();
    const count = this.lineCount;
    if (position.line >= count) return source.length;
    if (position.line < 0) return 0;
    const start = this.#lineStart(position.line);
    if (position.character <= 0) return start;
    const next = position.line + 1 < count ? this.#lineStart(position.line + 1) : source.length;
    return beforeLineEnd(source, Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    const count = this.lineCount;
    const length = this.source().length;
    if (line >= count) {
      const last = count - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: length - this.#lineStart(last) } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.#lineStart(line);
    const next = line + 1 < count ? this.#lineStart(line + 1) : length;
    return { start: { line, character: 0 }, end: { line, character: beforeLineEnd(this.source(), next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    const count = this.lineCount;
    if (line >= count || line < 0) return '';
    const start = this.#lineStart(line);
    const next = line + 1 < count ? this.#lineStart(line + 1) : this.source().length;
    return this.source().slice(beforeLineEnd(this.source(), next, start), next);
  }

  /** Applies the editor's changes, in order, as `TextDocument.update` does. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      const c = change as { range?: Range; text: string };
      if (c.range) {
        const { start, end } = c.range;
        const [a, b] = start.line > end.line || (start.line === end.line && start.character > end.character) ? [end, start] : [start, end];
        this.#replace(this.offsetAt(a), this.offsetAt(b), c.text);
      } else {
        this.#base = c.text;
        this.#baseStarts = undefined;
        this.#stretch = undefined;
      }
    }
    this.#version = version;
  }

  #starts(): Uint32Array {
    if (!this.#baseStarts) {
      const ends = lineBreakEnds(this.#base);
      this.#baseStarts = new Uint32Array(ends.length + 1);
      this.#baseStarts.set(ends, 1);
    }
    return this.#baseStarts;
  }

  /** The offset where line `line` starts in the edited text. */
  #lineStart(line: number): number {
    const base = this.#starts();
    const s = this.#stretch;
    if (!s) return base[line]!;
    if (line < s.before) return base[line]!;
    if (line < s.before + s.starts.length) return s.starts[line - s.before]!;
    return base[s.after + line - s.before - s.starts.length]! - s.text.oldEnd + s.text.newEnd;
  }

  /**
   * Replaces `[a, b)` of the edited text by `text`: the stretch grows to cover both edits. A stretch whose edits were
   * all taken back (its text is the base's again) is dropped first, so typing elsewhere then starts a new one.
   */
  #replace(a: number, b: number, text: string): void {
    const was = this.#stretch?.text;
    if (was && was.newEnd - was.from === was.oldEnd - was.from && was.middle === this.#base.slice(was.from, was.oldEnd)) this.#stretch = undefined;
    const now = this.#stretch?.text;
    const from = now ? Math.min(a, now.from) : a;
    const end = now ? Math.max(b, now.newEnd) : b;
    const middle = now ? now.slice(from, a) + text + now.slice(b, end) : text;
    const oldEnd = now ? end - now.newEnd + now.oldEnd : b;
    const base = this.#base;
    // A CR next to the stretch could pair with an LF across its edge: then the line starts are counted afresh.
    if (middle.length > MAX_STRETCH || middle.includes('\r') || base.charCodeAt(from - 1) === 13) {
      const flat = new EditedText(base, from, oldEnd, middle).toString();
      this.#base = flat;
      this.#baseStarts = undefined;
      this.#stretch = undefined;
      return;
    }
    const starts = this.#starts();
    this.#stretch = {
      text: new EditedText(base, from, oldEnd, middle),
      starts: lineBreakEnds(middle, from),
      before: partitionPoint(starts.length, (i) => starts[i]! <= from),
      after: partitionPoint(starts.length, (i) => starts[i]! <= oldEnd),
    };
  }
}

/** `offset` moved back before the line break it stands in or after (as `TextDocument` does). */
function beforeLineEnd(source: TextSource, offset: number, lineStart: number): number {
  let at = offset;
  while (at > lineStart) {
    const c = source.charCodeAt(at - 1);
    if (c !== 13 && c !== 10) break;
    at--;
  }
  return at;
}
