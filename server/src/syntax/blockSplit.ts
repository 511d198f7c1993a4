// Splits a document into independently parseable top-level blocks with a cheap line scan, so that a large
// contract is parsed piece by piece (and, on an edit, only the pieces it touches are parsed again).
//
// A block starts at a line that opens an ATX heading of depth 1 or 2 at column 0. Such a heading ends every
// open paragraph, list and block quote in CommonMark, so no parser state crosses it, except where the line is
// inside a fenced code block, an HTML block or the front matter; those lines never start a block. HTML blocks
// of kinds 6 and 7 (`<div>` …) run to the next blank line, so a heading right after such a line is refused too.

import type { Span } from './model.js';

/** A top-level block: a span of the document that parses the same alone as inside the whole text. */
export interface Block extends Span {
  /** The first block may hold front matter. */
  readonly first: boolean;
}

const HEADING = /^#{1,2}(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HTML_END_KINDS: readonly [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const HTML_BLANK_KIND = /^ {0,3}<\/?[A-Za-z][A-Za-z0-9-]*(?:\s|\/?>|$)/;

/** Returns the offset just past the front matter (its closing fence line included), or `start` when there is none. */
export function frontMatterEnd(text: string, start: number): number {
  if (!text.startsWith('---', start)) return start;
  const firstEol = lineEnd(text, start);
  if (text.slice(start, firstEol).trimEnd() !== '---') return start;
  let pos = nextLine(text, firstEol);
  while (pos < text.length) {
    const eol = lineEnd(text, pos);
    const line = text.slice(pos, eol).trimEnd();
    if (line === '---' || line === '...') return nextLine(text, eol);
    pos = nextLine(text, eol);
  }
  return start; // Unclosed: remark-frontmatter does not take it either.
}

/** Splits `text` (from `start`, which skips a byte-order mark) into blocks that cover it without gaps. */
export function splitBlocks(text: string, start = 0): Block[] {
  const starts: number[] = [start];
  let pos = frontMatterEnd(text, start);
  let fence: string | undefined;
  let htmlEnd: RegExp | undefined;
  let htmlUntilBlank = false;
  while (pos < text.length) {
    const eol = lineEnd(text, pos);
    const line = text.slice(pos, eol);
    const blank = line.trim() === '';
    if (fence !== undefined) {
      const m = FENCE.exec(line);
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else if (htmlUntilBlank) {
      if (blank) htmlUntilBlank = false;
    } else if (HEADING.test(line) && pos > start) {
      starts.push(pos);
    } else {
      const f = FENCE.exec(line);
      if (f && !(f[1]![0] === '`' && line.slice(f[0].length).includes('`'))) fence = f[1]!;
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
  const blocks: Block[] = [];
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const e = i + 1 < starts.length ? starts[i + 1]! : text.length;
    if (e > s || i === 0) blocks.push({ start: s, end: e, first: i === 0 });
  }
  return blocks;
}

/** The offset of the line ending (or text end) of the line that starts at `pos`. */
export function lineEnd(text: string, pos: number): number {
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** The offset of the line after the line ending at `eol`. */
export function nextLine(text: string, eol: number): number {
  if (text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10) return eol + 2;
  return Math.min(text.length, eol + 1);
}
