// Finds the plain paragraphs of a block's text: top-level paragraphs whose every character is read by remark as
// text, so that their tree (one paragraph holding one text node whose value is the source itself) is known without
// parsing them. `parseBlockText` gives remark the text with each such paragraph stood in by the one letter `x`, maps
// the tree's offsets back, and checks that each stand-in came out as a top-level paragraph of its own.

import { fineStarts, lineEnd, nextLine, opensFrontMatter } from './blockSplit.js';
import { isBlankLine } from './fenceLines.js';
import { partitionPoint } from './search.js';

const MAY_AUTOLINK = /https?:\/\/|www\.|[\w+\-.]@|[&\\]/i;

/**
 * Whether remark-gfm's autolink literals (syntax or transform) may change the tree of `source`: each needs `www.`,
 * `http://` or `https://` (in any case), or `@` after a letter, digit, `_`, `+`, `-` or `.`; a `\` or `&` may hide
 * one from a plain reading (see `withoutAutolink` in parseBlock.ts).
 */
export function mayAutolink(source: string): boolean {
  return MAY_AUTOLINK.test(source);
}

/** A plain paragraph: `[start, end)` of the text, from its first character to its last line's end. */
export interface PlainParagraph {
  readonly start: number;
  readonly end: number;
}

/**
 * A character remark reads as more than text somewhere in a line, or that its tree changes: emphasis, code, links,
 * citations and term links, HTML, escapes, character references, strikethrough, table pipes; tabs and carriage
 * returns (a tab's width, a line ending's form) and the other control characters (NUL becomes U+FFFD).
 */
const NOT_PLAIN = /[\0-\x09\x0b-\x1f\x7f\\`*_[\]<&~|]/;
/**
 * How every line of a plain paragraph starts: with a character that opens no other block and that cannot follow
 * an opened one (letters, digits, an opening parenthesis, quotes, `§`): never a space (a continuation line's
 * indentation is not in the text), `#`, `>`, a list marker, a fence, a setext underline or a table's delimiter row.
 */
const LINE_START = /^[\p{L}\p{N}("“'‘§]/u;
/** An ordered list marker, which may open a list or interrupt a paragraph (`1.` or `1)`, then a space or the end). */
const LIST_MARKER = /^\d{1,9}[.)](?:[ \t]|$)/;

/** Paragraphs shorter than this are left to remark: the stand-in saves less than the scan costs. */
export const MIN_PLAIN = 64;

/**
 * The plain paragraphs of `text`, a block's (or consecutive blocks') own text, in order. A candidate starts at the
 * text's start or where a block could (a line at column 0 after a blank line, outside code fences, HTML blocks and
 * the front matter; see `fineStarts`) and runs to the next blank line; it is plain when each of its lines starts as
 * `LINE_START` says, ends with no space, holds no `NOT_PLAIN` character, and the whole may hold no autolink literal.
 * Conservative: a paragraph left out is parsed by remark, as any other.
 */
export function plainParagraphs(text: string): PlainParagraph[] {
  const found: PlainParagraph[] = [];
  const starts = fineStarts(text, 0, 0, text.length);
  if (!opensFrontMatter(text, 0)) starts.unshift(0);
  for (const start of starts) {
    const end = plainEnd(text, start);
    if (end - start < MIN_PLAIN) continue;
    const source = text.slice(start, end);
    if (!source.includes('\r') && !mayAutolink(source)) found.push({ start, end });
  }
  return found;
}

/** Where the plain paragraph starting at `start` ends, or `start` when the paragraph there is not plain. */
function plainEnd(text: string, start: number): number {
  let end = start;
  for (let pos = start; pos < text.length; ) {
    const eol = lineEnd(text, pos);
    const line = text.slice(pos, eol);
    if (isBlankLine(line)) break;
    if (!LINE_START.test(line) || LIST_MARKER.test(line) || line.endsWith(' ') || NOT_PLAIN.test(line)) return start;
    end = eol;
    pos = nextLine(text, eol);
  }
  return end;
}

/** `text` with its plain paragraphs stood in, and the way back to `text`'s offsets. */
export interface StoodIn {
  readonly source: string;
  /** The paragraphs stood in, in order. */
  readonly plain: readonly PlainParagraph[];
  /** Where each stand-in starts in `source`. */
  readonly starts: readonly number[];
  /** The offset of `text` that an offset of `source` stands for. */
  original(offset: number): number;
}

/**
 * `text` with each plain paragraph stood in by the one letter `x`: remark reads the stand-in as a one-letter
 * paragraph, which leaves the parser in the state the paragraph leaves it in (nothing open, then the blank line or the
 * end that followed it) at almost no cost. Offsets of the source map back to the text: the stand-in's `x` to the
 * paragraph's start, the offset after it to the paragraph's end, later ones moved by what the paragraphs took.
 */
export function standIn(text: string, plain: readonly PlainParagraph[]): StoodIn {
  let source = '';
  let at = 0;
  const starts: number[] = [];
  // shifts[k]: what the first k paragraphs took away, each its length less the one letter standing for it.
  const shifts: number[] = [0];
  for (const p of plain) {
    source += text.slice(at, p.start);
    starts.push(source.length);
    source += 'x';
    shifts.push(shifts[shifts.length - 1]! + (p.end - p.start - 1));
    at = p.end;
  }
  source += text.slice(at);
  // Moved by what the stand-ins wholly before `offset` took: those whose `x` ends at or before it.
  const original = (offset: number): number => offset + shifts[partitionPoint(starts.length, (i) => starts[i]! + 1 <= offset)]!;
  return { source, plain, starts, original };
}
