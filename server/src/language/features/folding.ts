// Folding ranges of a document: clauses and sections (heading to the end of their text), callouts, the front
// matter, and `clausemark-disable` … `clausemark-enable` regions. Offsets, not lines: the LSP edge turns them
// into lines.

import type { DocumentModel, Span } from '../../syntax/model.js';
import { LineIndex } from '../lineIndex.js';
import { contentEnd, outlineOf } from './symbols.js';

/** What a folding range holds; no kind for clauses, sections and callouts. */
export type FoldingKind = 'region' | 'comment' | 'imports';

/**
 * A folding range: `start` is the offset where its first line starts, `end` an offset inside its last line
 * (right after the last character that is not whitespace). It always spans two lines or more.
 */
export interface FoldingSpan {
  readonly start: number;
  readonly end: number;
  readonly kind?: FoldingKind;
}

/** Each model's folding ranges, made once (the editor asks for them again as typing pauses). */
const foldingCache = new WeakMap<DocumentModel, readonly FoldingSpan[]>();

/**
 * The folding ranges of a document, sorted by start (outer first), nested as the outline nests; at most `limit` (the
 * client's `rangeLimit`: VS Code keeps 5,000), the most nested left out first, as VS Code itself leaves them out
 * (`boundFolding`). Shared: callers do not change it.
 */
export function getFoldingRanges(model: DocumentModel, limit = Infinity): readonly FoldingSpan[] {
  let all = foldingCache.get(model);
  if (!all) {
    all = foldingRangesOf(model);
    foldingCache.set(model, all);
  }
  return boundFolding(all, limit);
}

/**
 * At most `limit` of `ranges` (sorted by start, outer first): whole levels of nesting from the outermost while they
 * fit, then the first ranges of the next level, in document order.
 */
export function boundFolding(ranges: readonly FoldingSpan[], limit: number): readonly FoldingSpan[] {
  if (ranges.length <= limit) return ranges;
  // Each range's level: how many ranges hold it (they start before it and end at or after its end).
  const levels: number[] = [];
  const open: number[] = [];
  for (const r of ranges) {
    while (open.length > 0 && open[open.length - 1]! < r.end) open.pop();
    levels.push(open.length);
    open.push(r.end);
  }
  const counts: number[] = [];
  for (const level of levels) counts[level] = (counts[level] ?? 0) + 1;
  let whole = 0;
  let kept = 0;
  while (whole < counts.length && kept + counts[whole]! <= limit) kept += counts[whole++]!;
  let room = limit - kept;
  return ranges.filter((_, i) => levels[i]! < whole || (levels[i] === whole && room-- > 0));
}

/** Every folding range of a document, as `getFoldingRanges` describes them. */
function foldingRangesOf(model: DocumentModel): FoldingSpan[] {
  const lines = new LineIndex(model.text);
  const found: FoldingSpan[] = [];
  eachFoldingSpan(model, (span, kind) => {
    const range = foldedRange(model.text, lines, span);
    if (range.breaks > 0) found.push({ start: range.start, end: range.end, ...(kind ? { kind } : {}) });
  });
  return sortedUnique(found);
}

/** Ranges sorted by start (outer first), a range given twice kept once (two rules disabled and enabled together). */
export function sortedUnique(found: FoldingSpan[]): FoldingSpan[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  return found.filter((r, i) => i === 0 || r.start !== found[i - 1]!.start || r.end !== found[i - 1]!.end);
}

/** Each span a folding range may be made of, with its kind: the front matter, sections, clauses, callouts, regions. */
export function eachFoldingSpan(model: DocumentModel, visit: (span: Span, kind?: FoldingKind) => void): void {
  const outline = outlineOf(model);
  if (model.frontMatter) visit(model.frontMatter.span, 'region');
  outline.sectionSpans.forEach((span) => visit(span));
  outline.clauseSpans.forEach((span) => visit(span));
  for (const callout of model.callouts) visit(callout.span);
  for (const region of suppressionRegions(model)) visit(region, 'comment');
}

/**
 * What `span` of `text` folds: from the start of its first line to the end of its content, and how many line breaks
 * lie between (a range is made where there is one or more).
 */
export function foldedRange(text: string, lines: LineIndex, span: Span): { start: number; end: number; breaks: number } {
  const end = Math.max(span.start, contentEnd(text, span.end));
  const first = lines.position(span.start).line;
  return { start: lines.offset({ line: first, character: 0 }), end, breaks: lines.position(end).line - first };
}

/**
 * The `disable` … `enable` regions, from the disabling comment to the enabling one, paired per rule as
 * suppression.ts pairs them (an `enable` with no rule closes every open region). A region never closed is not
 * folded: it would fold the rest of the document.
 */
function suppressionRegions(model: DocumentModel): Span[] {
  const regions: Span[] = [];
  const open = new Map<string, number>();
  for (const s of model.suppressions) {
    const keys = s.rules.length > 0 ? s.rules : ['*'];
    if (s.kind === 'disable') {
      for (const key of keys) if (!open.has(key)) open.set(key, s.span.start);
    } else if (s.kind === 'enable') {
      for (const key of keys) {
        if (key === '*') {
          for (const start of open.values()) regions.push({ start, end: s.span.end });
          open.clear();
        } else {
          const start = open.get(key);
          if (start !== undefined) regions.push({ start, end: s.span.end });
          open.delete(key);
        }
      }
    }
  }
  return regions;
}
