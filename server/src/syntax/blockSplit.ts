// Splits a document into independently parseable top-level blocks with a cheap line scan, so that a large
// contract is parsed piece by piece (and, on an edit, only the pieces it touches are parsed again).
//
// A block starts at a line that opens an ATX heading of depth 1 or 2 at column 0. Such a heading ends every
// open paragraph, list and block quote in CommonMark, so no parser state crosses it, except where the line is
// inside a fenced code block, an HTML block or the front matter; those lines never start a block. HTML blocks
// of kinds 6 and 7 (`<div>` …) run to the next blank line, so a heading right after such a line is refused too.
// In `fine` mode a block also starts, once the current one holds at least `MIN_BLOCK` characters, at a line after
// a blank line that starts at column 0 with a letter, `(`, a quote, a clause number of two parts or more (`7.3.`,
// never a list marker) or a deeper heading: a blank line has closed every paragraph, and a line at column 0 is no
// list item's or block quote's continuation. Small blocks make an edit's re-reading small. `fine` is off when the
// text has link definitions (they are appended to every block, so many blocks would cost many copies).

import type { Span } from './model.js';
import { closesFence, fenceOpened, isBlankLine } from './fenceLines.js';
import { partitionPoint } from './search.js';
import type { TextSource } from './textSource.js';

/** A top-level block: a span of the document that parses the same alone as inside the whole text. */
export interface Block extends Span {
  /** The first block may hold front matter. */
  readonly first: boolean;
}

const HEADING = /^#{1,2}(?:[ \t]|$)/;
const PARAGRAPH_START = /^(?:[\p{L}("“]|\d{1,4}(?:\.\d{1,4})+\.?[ \t]|#{3,6}[ \t])/u;
/** In fine mode, the least a block holds before a paragraph may start the next one. */
export const MIN_BLOCK = 1024;
const HTML_END_KINDS: readonly [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const HTML_BLANK_KIND = /^ {0,3}<\/?[A-Za-z][A-Za-z0-9-]*(?:\s|\/?>|$)/;

/**
 * Returns the offset just past the front matter (its closing fence line included), or `start` when there is none.
 * As remark-frontmatter reads it: a first line of `---` and spaces or tabs, then a line break; closed by the first
 * later line of `---` and spaces or tabs (pandoc's `...` closes nothing there).
 */
export function frontMatterEnd(text: TextSource, start: number): number {
  if (!opensFrontMatter(text, start)) return start;
  let pos = nextLine(text, lineEnd(text, start));
  while (pos < text.length) {
    const eol = lineEnd(text, pos);
    if (isFenceLine(text.slice(pos, eol))) return nextLine(text, eol);
    pos = nextLine(text, eol);
  }
  return start; // Unclosed: remark-frontmatter does not take it either.
}

/** A front matter fence: `---`, then spaces and tabs only. */
const isFenceLine = (line: string) => line.startsWith('---') && isBlankLine(line.slice(3));

/** True when the line at `start` opens front matter as remark-frontmatter reads it: a fence, then a line break. */
export function opensFrontMatter(text: TextSource, start: number): boolean {
  if (!text.startsWith('---', start)) return false;
  const eol = lineEnd(text, start);
  return eol < text.length && isFenceLine(text.slice(start, eol));
}

/**
 * True when the text opens a front matter fence at `start` that no later line closes: remark-frontmatter then reads
 * no front matter, and `parseBlock` reads the text without it (see `withoutFrontmatter` there).
 */
export function unclosedFrontMatter(text: TextSource, start: number): boolean {
  return opensFrontMatter(text, start) && frontMatterEnd(text, start) === start;
}

/** Splits `text` (from `start`, which skips a byte-order mark) into blocks that cover it without gaps. */
export function splitBlocks(text: string, start = 0, fine = false): Block[] {
  return blocksFrom(text, [start, ...scanStarts(text, start, start, fine).starts]);
}

/** An edit: `text[from, oldEnd)` of the previous text became `text[from, newEnd)` of the new one. */
export interface TextChange {
  readonly from: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * The blocks of `text` after `change`, from the blocks of the text before it: the line scan restarts at a block
 * boundary before the change, and stops at the first boundary after it that the previous text had too (the scan
 * is in the same state there, on the same text, so every later boundary is the previous one, moved).
 */
export function splitBlocksAfter(text: string, start: number, previous: readonly Block[], change: TextChange, fine = false): Block[] {
  const w = splitWindow(text, start, previous, change, fine);
  const d = change.newEnd - change.oldEnd;
  const starts = [...previous.slice(0, w.first).map((b) => b.start), ...w.starts, ...previous.slice(w.end).map((b) => b.start + d)];
  return blocksFrom(text, starts);
}

/**
 * What an edit does to the blocks, without touching the others: the previous blocks `[first, end)` give way to
 * blocks starting at `starts` (new offsets); the blocks before `first` stay as they were, and those from `end` on
 * move by the change in length. `splitBlocksAfter` is this window applied to the whole list.
 */
export interface BlockWindow {
  readonly first: number;
  readonly end: number;
  readonly starts: readonly number[];
}

/** The block window of `change` (see `splitBlocksAfter`, which explains the scan). */
export function splitWindow(text: TextSource, start: number, previous: readonly Block[], change: TextChange, fine = false, anyBoundary = false): BlockWindow {
  // The last block that starts before the change, and one more back, so that its first line (whose heading made
  // it a block) is surely untouched.
  const j = Math.max(0, partitionPoint(previous.length, (i) => previous[i]!.start < change.from) - 2);
  const d = change.newEnd - change.oldEnd;
  const restart = j === 0 ? start : previous[j]!.start;
  const scanned = scanStarts(text, start, restart, fine, (pos) => {
    if (pos < change.newEnd) return false;
    const k = partitionPoint(previous.length, (i) => previous[i]!.start < pos - d);
    return k > j && previous[k]?.start === pos - d;
  }, MIN_BLOCK, anyBoundary);
  if (scanned.stoppedAt === undefined) return { first: j, end: previous.length, starts: [restart, ...scanned.starts] };
  const old = scanned.stoppedAt - d;
  return { first: j, end: partitionPoint(previous.length, (i) => previous[i]!.start < old), starts: [restart, ...scanned.starts] };
}

/**
 * The fine boundaries of any size (no `MIN_BLOCK`) after `from`, a boundary of `text`, before `end`: where the
 * paragraphs of a block could be read apart. An edit's window reads again only those its change reaches.
 */
export function fineStarts(text: TextSource, start: number, from: number, end: number): number[] {
  return scanStarts(text, start, from, true, (pos) => pos >= end, 0).starts;
}

/** Blocks from their starts: each runs to the next start, the last to the end of the text. */
function blocksFrom(text: string, starts: readonly number[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const e = i + 1 < starts.length ? starts[i + 1]! : text.length;
    if (e > s || i === 0) blocks.push({ start: s, end: e, first: i === 0 });
  }
  return blocks;
}

/**
 * Scans lines from `from` (the start of the text, or a block boundary, where no fence or HTML block is open) and
 * returns the block starts after it, up to the first one for which `stop` says yes. With `anyBoundary`, `stop` is
 * asked at every paragraph that could start a fine block, also those closer than `minBlock` to the last start: an
 * edit's window then meets the previous blocks again at once, even when the edit moved which paragraphs the size
 * rule picks (a fresh split of the whole text still gives the same blocks as before).
 */
function scanStarts(text: TextSource, start: number, from: number, fine: boolean, stop?: (pos: number) => boolean, minBlock = MIN_BLOCK, anyBoundary = false): { starts: number[]; stoppedAt?: number } {
  const starts: number[] = [];
  let last = from;
  let afterBlank = false;
  // A boundary's own line is a heading, which opens nothing: the scan goes on after it.
  let pos = from === start ? frontMatterEnd(text, start) : nextLine(text, lineEnd(text, from));
  let fence: string | undefined;
  let htmlEnd: RegExp | undefined;
  let htmlUntilBlank = false;
  while (pos < text.length) {
    const eol = lineEnd(text, pos);
    const line = text.slice(pos, eol);
    const wasAfterBlank = afterBlank;
    afterBlank = isBlankLine(line);
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else if (htmlUntilBlank && afterBlank) {
      htmlUntilBlank = false;
    } else if (!htmlUntilBlank && pos > start && (HEADING.test(line) || (fine && wasAfterBlank && (anyBoundary || pos - last >= minBlock) && PARAGRAPH_START.test(line)))) {
      if (stop?.(pos)) return { starts, stoppedAt: pos };
      // A paragraph start (it opens no fence or HTML block) closer than `minBlock` stays inside its block.
      if (pos - last >= minBlock || HEADING.test(line)) {
        starts.push(pos);
        last = pos;
      }
    } else {
      // Also inside what may be an HTML block of kind 6 or 7: a line that only starts with a tag (`</b>```) is a
      // paragraph, and a fence or a comment on the lines after it opens as anywhere else.
      const opened = fenceOpened(line);
      if (opened) fence = opened;
      else {
        // Conservative on purpose: any line that may open an HTML block keeps the following lines from
        // starting a block until that HTML block surely ends. Refusing a boundary costs speed, never correctness.
        const kind = HTML_END_KINDS.find(([open]) => open.test(line));
        if (kind) {
          if (!kind[1].test(line.slice(line.indexOf('<') + 2))) htmlEnd = kind[1];
        } else if (HTML_BLANK_KIND.test(line)) {
          htmlUntilBlank = true;
        }
      }
    }
    pos = nextLine(text, eol);
  }
  return { starts };
}

/** Where the line holding `pos` starts. */
export function lineStart(text: TextSource, pos: number): number {
  let at = pos;
  while (at > 0) {
    const c = text.charCodeAt(at - 1);
    if (c === 10 || c === 13) break;
    at--;
  }
  return at;
}

/** The offset of the line ending (or text end) of the line holding `pos`. */
export function lineEnd(text: TextSource, pos: number): number {
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** The offset of the line after the line ending at `eol`. */
export function nextLine(text: TextSource, eol: number): number {
  if (text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10) return eol + 2;
  return Math.min(text.length, eol + 1);
}
