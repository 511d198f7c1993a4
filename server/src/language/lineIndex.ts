// Converts UTF-16 offsets to LSP positions (0-based line, UTF-16 character) and back. Used only at the edge:
// the CLI's output and the LSP shell; everything inside works with offsets.

/** An LSP-style position. */
export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

/** An LSP-style range. */
export interface LineRange {
  readonly start: LinePosition;
  readonly end: LinePosition;
}

/** Where each line after the first starts in `text` (CR, LF and CRLF end a line), each moved by `offset`. */
export function lineBreakEnds(text: string, offset = 0): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      ends.push(offset + i + 1);
    } else if (c === 10) ends.push(offset + i + 1);
  }
  return ends;
}

/** Line starts of a text, computed once; lookups are binary searches. CR, LF and CRLF all end a line. */
export class LineIndex {
  readonly #starts: number[];
  readonly #length: number;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
    const starts = lineBreakEnds(text);
    starts.unshift(0);
    this.#starts = starts;
    this.#length = text.length;
  }

  /** The position of an offset (clamped into the text). */
  position(offset: number): LinePosition {
    const o = Math.max(0, Math.min(offset, this.#length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.#starts[lo]! };
  }

  /** The range of a span. */
  range(span: { start: number; end: number }): LineRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /**
   * The offset of a position, clamped into the text and into its line: a character past the line's end means the
   * line's end, before its line break (as LSP says; a position in the middle of a CRLF too).
   */
  offset(position: LinePosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.#starts.length) return this.#length;
    const start = this.#starts[position.line]!;
    let end = position.line + 1 < this.#starts.length ? this.#starts[position.line + 1]! : this.#length;
    if (end > start && this.#text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.#text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, position.character), end);
  }

  /** The number of lines. */
  get lineCount(): number {
    return this.#starts.length;
  }
}
