// Text runs: the body text of a paragraph, heading or table cell flattened into one string, with a map back to
// document offsets. A text node's value is not always a slice of the source (block-quote prefixes, continuation
// indentation, escapes, entities), so each text node is aligned with its source slice.

import type { Nodes, PhrasingContent } from 'mdast';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import type { RunPiece, Span, TextRun } from './model.js';

/** The character put in place of inline content that must never match a term (code, citations, HTML, URLs). */
export const OPAQUE = '\uFFFC';

/** Builds runs incrementally: append text nodes and opaque spans in order, then `finish()`. */
export class RunBuilder {
  #text = '';
  readonly #pieces: RunPiece[] = [];
  readonly #source: string;
  readonly #base: number;

  /** `source` is the text the offsets given to the builder index, less `base` (a block's own text and its start). */
  constructor(source: string, base = 0) {
    this.#source = source;
    this.#base = base;
  }

  /** Appends a text node's value, aligned with its source slice `[start, end)`. */
  addText(value: string, start: number, end: number): void {
    const textStart = this.#text.length;
    this.#text += value;
    const base = this.#base;
    if (value.length === end - start && this.#source.startsWith(value, start - base)) {
      this.#pieces.push({ textStart, length: value.length, sourceStart: start });
      return;
    }
    this.#pieces.push({ textStart, length: value.length, sourceStart: start, offsets: align(value, this.#source, start - base, end - base) });
  }

  /** Appends one opaque character standing for the inline content at `span`. */
  addOpaque(span: Span): void {
    this.#pieces.push({ textStart: this.#text.length, length: 1, sourceStart: span.start, sourceEnd: span.end });
    this.#text += OPAQUE;
  }

  /** Appends a separator (a hard break) that maps to `offset`. */
  addSeparator(char: string, offset: number): void {
    this.#pieces.push({ textStart: this.#text.length, length: char.length, sourceStart: offset, offsets: [...char].map(() => 0) });
    this.#text += char;
  }

  /** The run built so far. */
  finish(kind: TextRun['kind']): TextRun {
    return { text: this.#text, kind, pieces: this.#pieces };
  }
}

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const ENTITY = /^&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/;

/**
 * Maps each character of `value` to its offset in `source[start, end)`, skipping prefixes, escapes and entities.
 * The offsets are relative to `start`, so that a run moved by an edit elsewhere keeps the same array.
 */
function align(value: string, source: string, start: number, end: number): number[] {
  const offsets = alignAbsolute(value, source, start, end);
  for (let i = 0; i < offsets.length; i++) offsets[i]! -= start;
  return offsets;
}

function alignAbsolute(value: string, source: string, start: number, end: number): number[] {
  const offsets = new Array<number>(value.length);
  let sp = start;
  let vp = 0;
  while (vp < value.length) {
    const v = value[vp]!;
    if (sp >= end) {
      offsets[vp++] = Math.max(start, end - 1);
      continue;
    }
    const s = source[sp]!;
    if (s === '\\' && sp + 1 < end && source[sp + 1] === v && ASCII_PUNCT.test(v)) {
      offsets[vp++] = sp + 1;
      sp += 2;
      continue;
    }
    if (s === '&') {
      const decoded = decodeEntity(source.slice(sp, Math.min(end, sp + 40)));
      if (decoded && value.startsWith(decoded.text, vp) && (decoded.text !== '&' || v === '&')) {
        for (let k = 0; k < decoded.text.length; k++) offsets[vp++] = sp;
        sp += decoded.length;
        continue;
      }
    }
    if (s === v) {
      offsets[vp++] = sp++;
      continue;
    }
    sp++; // A character of the source that the value dropped: a `>` prefix, indentation, trailing spaces.
  }
  return offsets;
}

function decodeEntity(slice: string): { text: string; length: number } | undefined {
  const m = ENTITY.exec(slice);
  if (!m) return undefined;
  if (m[3] !== undefined) {
    const text = decodeNamedCharacterReference(m[3]);
    return text === false ? undefined : { text, length: m[0].length };
  }
  const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
  const safe = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code;
  return { text: String.fromCodePoint(safe), length: m[0].length };
}

/** The document offset of index `index` of a run (an index equal to the run's length maps past its last character). */
export function runOffset(run: TextRun, index: number): number {
  const pieces = run.pieces;
  if (pieces.length === 0) return 0;
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid]!.textStart <= index) lo = mid;
    else hi = mid - 1;
  }
  const piece = pieces[lo]!;
  const k = index - piece.textStart;
  if (k >= piece.length) {
    const lastIndex = piece.textStart + piece.length - 1;
    return lastIndex < piece.textStart ? piece.sourceStart : runOffset(run, lastIndex) + 1;
  }
  return piece.sourceStart + (piece.offsets ? piece.offsets[k]! : k);
}

/** The document span of run indexes `[from, to)`; a span ending on an opaque character ends where its content does. */
export function runSpan(run: TextRun, from: number, to: number): Span {
  const start = runOffset(run, from);
  if (to <= from) return { start, end: start };
  const last = pieceAt(run, to - 1);
  const end = last?.sourceEnd !== undefined ? last.sourceEnd : runOffset(run, to - 1) + 1;
  return { start, end };
}

function pieceAt(run: TextRun, index: number): RunPiece | undefined {
  let lo = 0;
  let hi = run.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (run.pieces[mid]!.textStart <= index) lo = mid;
    else hi = mid - 1;
  }
  const piece = run.pieces[lo];
  return piece && index < piece.textStart + piece.length ? piece : undefined;
}

/** The offset of a unist point, or 0 when the node has no position. */
export function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

/** The end offset of a node, or 0 when the node has no position. */
export function endOf(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

/** The span of a node. */
export function spanOf(node: Nodes): Span {
  return { start: startOf(node), end: endOf(node) };
}

/** Phrasing children that hold text a term can be matched in. */
export type InlineParent = { children: readonly PhrasingContent[] };
