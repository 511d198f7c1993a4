// The outline, folding ranges, links and code lenses of an edited text whose keystroke was answered in its window,
// from the indexed text's, moved by the edit: the window keeps the skeleton (clauses, sections, definitions' names,
// callouts) as it was, so the editor's requests after a keystroke need not take the text into the index. A numbered
// paragraph's summary (its outline entry's detail) is read again from the window, and a lens counts the window's
// uses; a section's, clause's or callout's content that ends where the writer types ends where the edited text's
// does. Undefined where moving could differ from a fresh reading: another offset at or inside the change.

import { lineStart, type TextChange } from '../../syntax/blockSplit.js';
import type { Definition, DocumentModel, Span } from '../../syntax/model.js';
import { ownClauseSummary, runSummary } from '../../syntax/extract/clauses.js';
import { runOffset, runSpan } from '../../syntax/runs.js';
import { textOf } from '../../syntax/textSource.js';
import { partitionPoint } from '../../syntax/search.js';
import type { EditedWindow } from '../editDiagnostics.js';
import { usesStartingIn, type TermUse } from '../link.js';
import { clauseAt, lineIndexOf } from '../lookupIndex.js';
import { citationKeysIn, termKey } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { getCodeActions, type CodeActionEntry, type FindingRef } from './codeActions.js';
import { lensesOf, type CodeLensEntry } from './codeLens.js';
import { getDocumentLinks, type DocumentLinkEntry } from './documentLinks.js';
import { boundFolding, eachFoldingSpan, foldedRange, getFoldingRanges, sortedUnique, type FoldingSpan } from './folding.js';
import { contentEnd, definitionExtent, getDocumentSymbols, isSpace, markersOnly, type DocumentSymbolEntry } from './symbols.js';

/** An offset of the indexed text in the edited one, or undefined at or inside the change. */
export function mover(change: TextChange): (offset: number) => number | undefined {
  const d = change.newEnd - change.oldEnd;
  return (offset) => (offset < change.from ? offset : offset > change.oldEnd || (offset === change.oldEnd && change.oldEnd > change.from) ? offset + d : undefined);
}

/**
 * `answer(at)` with `at` moving offsets of the indexed text into the edited one, or undefined when it moved one at or
 * inside the change.
 */
function moved<T>(change: TextChange, answer: (at: (offset: number) => number) => T): T | undefined {
  const move = mover(change);
  let ok = true;
  const result = answer((offset) => {
    const to = move(offset);
    if (to === undefined) ok = false;
    return to ?? offset;
  });
  return ok ? result : undefined;
}

/** A span moved by `at`. */
const spanAt = (at: (offset: number) => number, s: Span): Span => ({ start: at(s.start), end: at(s.end) });

/**
 * The outline of the edited text, or undefined where it must be read afresh. A numbered paragraph or sub-clause whose
 * own paragraph the change lies in shows its summary read again from the window; a section, clause or term whose
 * content the change meets ends where the edited text's content does (`documentSymbolsInWindow`: the writer typing
 * at the end of a clause or of a definition).
 */
export function documentSymbolsAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow): DocumentSymbolEntry[] | undefined {
  return documentSymbolsInWindow(index, uri, window)?.moved();
}

/** The outline of an edited text before it is moved by the edit (`documentSymbolsInWindow`). */
export interface UnmovedOutline {
  readonly entries: readonly DocumentSymbolEntry[];
  /** The edit removes and inserts no line break and splits no CR LF: the other lines' entries keep their positions. */
  readonly keepsLines: boolean;
  /** Where an entry stands in the edited text (its own span and selection; not its children's), or undefined where it must be read afresh. */
  place(entry: DocumentSymbolEntry): { readonly span: Span; readonly selectionSpan: Span } | undefined;
  /** True when the change meets the entry's content end (the entry then ends where the edited content does). */
  meets(entry: DocumentSymbolEntry): boolean;
  /** Every entry placed in the edited text (`place`), or undefined where one cannot be. */
  moved(): DocumentSymbolEntry[] | undefined;
}

/**
 * The outline of the edited text before it is moved by the edit: the indexed text's, with the summaries the edit
 * changed (the other entries shared), whether the edit keeps every line break, and where each entry stands in the
 * edited text. An entry whose content end the change meets ends where the edited content does: a section's or
 * clause's after what was typed (`contentEndMover`), a term's where the window's reading ends its definition (with
 * its sentence or its paragraph), trimmed as `outlineOf` trims it. Undefined where the summaries cannot be read, or
 * such an end cannot be told (a source entry's, one before a last line of markers alone).
 */
export function documentSymbolsInWindow(index: WorkspaceIndex, uri: string, window: EditedWindow): UnmovedOutline | undefined {
  const model = index.document(uri)?.model;
  const summaries = model && summariesInWindow(model, window);
  if (!summaries) return undefined;
  const entries = getDocumentSymbols(index, uri, summaries);
  const endOf = contentEndMover(model.text, window);
  const move = mover(window.change);
  const now = window.linked.model;
  const edited = textOf(now);
  // The new ends of the entries whose content end the change meets, each inside its parent's new end.
  const ends = new Map<DocumentSymbolEntry, number>();
  let refused = false;
  const visit = (list: readonly DocumentSymbolEntry[], parentEnd: number) => {
    for (const e of list) {
      let end: number | undefined;
      if (endOf.meets(e.span.end)) {
        if (e.kind === 'section' || e.kind === 'clause') end = endOf(e.span.end);
        else if (e.kind === 'term' && e.definition !== undefined) end = termEnd(now.definitions[e.definition]!, parentEnd);
        if (end === undefined) refused = true;
        else ends.set(e, end);
      }
      visit(e.children, end ?? move(e.span.end) ?? parentEnd);
    }
  };
  // A definition ends where the window reads it (typing at the end of its text), trimmed as `outlineOf` trims it.
  const termEnd = (def: Definition, parentEnd: number): number => {
    const extent = definitionExtent(def);
    const floor = def.names.length > 0 ? def.names[def.names.length - 1]!.span.end : extent.start;
    return Math.min(extent.end, parentEnd, Math.max(contentEnd(edited, extent.end), floor, extent.start));
  };
  visit(entries, edited.length);
  if (refused) return undefined;
  const place = (e: DocumentSymbolEntry) => {
    const start = move(e.span.start);
    const end = ends.has(e) ? ends.get(e) : endOf(e.span.end);
    const selectionStart = move(e.selectionSpan.start);
    const selectionEnd = move(e.selectionSpan.end);
    return start === undefined || end === undefined || selectionStart === undefined || selectionEnd === undefined ? undefined : { span: { start, end }, selectionSpan: { start: selectionStart, end: selectionEnd } };
  };
  const moved = () => {
    let ok = true;
    const placed = (e: DocumentSymbolEntry): DocumentSymbolEntry => {
      const at = place(e);
      if (!at) ok = false;
      return { ...e, ...(at ?? {}), children: e.children.map(placed) };
    };
    const found = entries.map(placed);
    return ok ? found : undefined;
  };
  return { entries, keepsLines: keepsLineBreaks(model.text, window), place, meets: (e) => endOf.meets(e.span.end), moved };
}

/**
 * Moves the end of a content (`contentEnd`: an outline entry's, a folding range's) by the edit of `window`. An end the
 * change does not meet moves as any offset. One it meets (the change starts at it, or only spaces lie between, or the
 * change holds it) is where the edited text's content now ends: after the last character typed that is no space, or,
 * where only spaces were typed or text deleted, after the last character before the change that is no space; this
 * holds for a span whose own extent runs on past the change (a section, a clause, a callout), and is undefined where
 * that character may be part of a list or quote marker that `contentEnd` would step back over. `meets` tells an end
 * the change meets; `lineBreakBefore`, whether a line break lies between such an end and the change (the content
 * then ends on another line than it did).
 */
export function contentEndMover(indexed: string, window: EditedWindow): ((end: number) => number | undefined) & { meets(end: number): boolean; readonly lineBreakBefore: boolean } {
  const { from, oldEnd, newEnd } = window.change;
  const edited = textOf(window.linked.model);
  const move = mover(window.change);
  let spaces = from;
  while (spaces > 0 && isSpace(indexed.charCodeAt(spaces - 1))) spaces--;
  let typed = newEnd;
  while (typed > from && isSpace(edited.charCodeAt(typed - 1))) typed--;
  const now = typed > from ? typed : spaces;
  // contentEnd steps back over a last line of markers alone (`> `, `- `, `1. `) of at most 40 characters.
  let lineStart = now;
  while (lineStart > 0 && now - lineStart <= 40 && !/[\r\n]/.test(edited.slice(lineStart - 1, lineStart))) lineStart--;
  const marker = now - lineStart <= 40 && markersOnly(edited.slice(lineStart, now));
  const meets = (end: number) => end >= spaces && end <= oldEnd;
  const endOf = (end: number) => (meets(end) ? (marker ? undefined : now) : move(end));
  return Object.assign(endOf, { meets, lineBreakBefore: /[\r\n]/.test(indexed.slice(spaces, from)) });
}

/** True when the edit of `window` (of `indexed`, the indexed text) removes and inserts no line break and splits no CR LF. */
export function keepsLineBreaks(indexed: string, window: EditedWindow): boolean {
  const { from, oldEnd, newEnd } = window.change;
  const breaks = /[\r\n]/;
  return !breaks.test(indexed.slice(from, oldEnd)) && !breaks.test(textOf(window.linked.model).slice(from, newEnd)) && !(indexed.charCodeAt(from - 1) === 13 && indexed.charCodeAt(oldEnd) === 10);
}

/**
 * The folding ranges of the edited text (at most `limit`, `getFoldingRanges`), or undefined where they must be read
 * afresh. The indexed text's, moved; where the edit adds or removes line breaks, a range is made only of a span that
 * spans two lines or more, so the spans that hold the change are measured again: each holds the edit's line breaks
 * and as many more as it held. A range whose content's end the change meets ends where the edited text's content
 * does (`contentEndMover`), where the lines are kept; refused where they are not, where a line break is a CR, and where
 * the change lies on a span's first line before it starts, or runs past the end of its content.
 */
export function foldingRangesAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, limit = Infinity): readonly FoldingSpan[] | undefined {
  const model = index.document(uri)?.model;
  if (!model) return undefined;
  const change = window.change;
  const { from, oldEnd, newEnd } = change;
  const text = model.text;
  const edited = textOf(window.linked.model);
  // A range whose content's end the change meets ends where the edited text's content does, if it is a section's,
  // a clause's or a callout's (no kind), the edit keeps the lines, and none lies between that end and the change.
  const endOf = contentEndMover(text, window);
  const keepsLines = keepsLineBreaks(text, window);
  const met = getFoldingRanges(model).filter((f) => endOf.meets(f.end));
  if (met.length > 0 && (!keepsLines || endOf.lineBreakBefore || met.some((f) => f.kind !== undefined || endOf(f.end) === undefined))) return undefined;
  if (keepsLines) return moved(change, (at) => getFoldingRanges(model, limit).map((f) => ({ ...f, start: at(f.start), end: endOf.meets(f.end) ? endOf(f.end)! : at(f.end) })));
  const removed = text.slice(from, oldEnd);
  const inserted = edited.slice(from, newEnd);
  if (removed.includes('\r') || inserted.includes('\r') || text.charCodeAt(from - 1) === 13) return undefined;
  const added = lineFeeds(inserted) - lineFeeds(removed);
  const lines = lineIndexOf(model, text);
  const lineEnd = text.indexOf('\n', from) < 0 ? text.length : text.indexOf('\n', from);
  // The ranges of the spans that hold the change, by their place in the indexed text, as the edited text folds them.
  const measured = new Map<string, FoldingSpan | undefined>();
  const made: FoldingSpan[] = [];
  let refused = false;
  eachFoldingSpan(model, (span, kind) => {
    if (refused || span.start > lineEnd || span.end < from) return;
    const range = foldedRange(text, lines, span);
    // On the span's first line before it (that line's start may move), or past the end of its content: read afresh.
    if (span.start > from || range.start === from || (range.end >= from && range.end < oldEnd)) refused = true;
    if (refused || range.end < from) return; // Before: the change is in the blank lines after the content.
    const folded = range.breaks + added > 0 ? { start: range.start, end: range.end + newEnd - oldEnd, ...(kind ? { kind } : {}) } : undefined;
    if (range.breaks > 0) measured.set(`${range.start}:${range.end}`, folded);
    else if (folded) made.push(folded);
  });
  if (refused) return undefined;
  const found = moved(change, (at) => {
    const kept: FoldingSpan[] = [];
    for (const f of getFoldingRanges(model)) {
      const key = `${f.start}:${f.end}`;
      if (!measured.has(key)) kept.push({ ...f, start: at(f.start), end: at(f.end) });
      else if (measured.get(key)) kept.push(measured.get(key)!);
    }
    return kept;
  });
  return found && boundFolding(sortedUnique([...found, ...made]), limit);
}

/** How many line feeds `text` holds. */
function lineFeeds(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The links of the edited text, or undefined where they must be read afresh. */
export function documentLinksAfterEdit(index: WorkspaceIndex, uri: string, change: TextChange): DocumentLinkEntry[] | undefined {
  return moved(change, (at) => getDocumentLinks(index, uri).map((link) => ({ ...link, span: spanAt(at, link.span) })));
}

/**
 * The code lenses of the edited text, or undefined where they must be read afresh: each term's uses counted as the
 * index counts them, less the window's uses before the edit, plus its uses after; `lineOf` places an offset of the
 * edited text on its line.
 */
export function codeLensesAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, lineOf: (offset: number) => number): CodeLensEntry[] | undefined {
  const linked = index.linked(uri);
  if (!linked) return undefined;
  const delta = new Map<string, number>();
  const tally = (uses: readonly TermUse[], by: number) => {
    for (const use of uses) if (use.term) delta.set(termKey(use.term), (delta.get(termKey(use.term)) ?? 0) + by);
  };
  tally(usesStartingIn(linked.termUses, window.start, window.oldEnd), -1);
  tally(window.linked.termUses, 1);
  if (!sameCitedKeys(linked.model, window)) return undefined;
  const facts = index.facts();
  return moved(window.change, (at) =>
    lensesOf(uri, linked, (key) => facts.useCount(key) + (delta.get(key) ?? 0), (offset) => lineOf(at(offset))).map((lens) => ({ ...lens, span: spanAt(at, lens.span) })),
  );
}

/**
 * The quick fixes for findings of an edited text answered in its window (the editor asks them where the cursor rests,
 * with the findings there: typing a reference or a citation stands on one), found with the window's model; or
 * undefined where they must be found afresh: a finding outside the window or on its first line (a suppression reads
 * the line before the finding's, which the window must hold).
 */
export function codeActionsAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, findings: readonly FindingRef[]): CodeActionEntry[] | undefined {
  const model = window.linked.model;
  const text = textOf(model);
  for (const f of findings) if (f.span.end > window.newEnd || lineStart(text, f.span.start) <= window.start) return undefined;
  return getCodeActions(index, uri, findings, model);
}

/**
 * True when every definition the window holds cites the same keys in the edited text as in the indexed one (a lens
 * counts them): typing at the end of a definition's text ends it where the window reads it, which may take in a
 * citation or leave one out.
 */
function sameCitedKeys(model: DocumentModel, window: EditedWindow): boolean {
  const { start, oldEnd } = window;
  const now = window.linked.model;
  const defs = model.definitions;
  for (let d = partitionPoint(defs.length, (i) => defs[i]!.blockSpan.end < start); d < defs.length && defs[d]!.blockSpan.start < oldEnd; d++) {
    const was = citationKeysIn(model, defs[d]!.span);
    const is = citationKeysIn(now, now.definitions[d]!.span);
    if (was.length !== is.length || was.some((key) => !is.includes(key))) return false;
  }
  return true;
}

/**
 * The summaries, read from the window, of the clauses whose summary the change may have changed (by clause index):
 * the numbered paragraphs and sub-clauses around it whose own paragraph it lies in, and the heading clause whose
 * first paragraph it lies in; undefined when such a paragraph is not found in the window.
 */
export function summariesInWindow(model: DocumentModel, window: EditedWindow): Map<number, string> | undefined {
  const { change } = window;
  const clauses = model.clauses;
  const summaries = new Map<number, string>();
  const runs = window.linked.model.runs;
  const text = textOf(window.linked.model);
  const move = mover(change);
  for (let c = partitionPoint(clauses.length, (i) => clauses[i]!.headSpan.start <= change.from) - 1; c >= 0; c = clauses[c]!.parent) {
    const clause = clauses[c]!;
    if (clause.kind === 'heading' || clause.headSpan.end < change.from || clause.headSpan.start > change.oldEnd) continue;
    const start = move(clause.headSpan.start);
    const run = start === undefined ? undefined : runs.find((r) => r.pieces.length > 0 && runOffset(r, 0) >= start && r.kind === 'paragraph');
    if (!run) return undefined;
    summaries.set(c, ownClauseSummary(run, clause.kind, text));
  }
  // A heading clause's summary is the start of its first paragraph outside a callout: the one the change lies in
  // when the heading is the innermost clause there and no such paragraph of it comes before.
  const paragraph = runs.find((r) => r.kind === 'paragraph' && r.pieces.length > 0 && runOffset(r, 0) <= change.from && runSpan(r, 0, r.text.length).end >= change.newEnd);
  if (!paragraph) return summaries;
  const start = runOffset(paragraph, 0);
  const c = clauseAt(model, start);
  if (c < 0 || clauses[c]!.kind !== 'heading' || inCallout(model, start)) return summaries;
  const first = firstParagraphAfter(model, clauses[c]!.headSpan.end);
  if (first === undefined) return undefined;
  if (first === start) summaries.set(c, runSummary(paragraph, 0, text));
  return summaries;
}

/** True when `offset` lies in a callout of `model`. */
function inCallout(model: DocumentModel, offset: number): boolean {
  const callouts = model.callouts;
  const k = partitionPoint(callouts.length, (i) => callouts[i]!.span.start <= offset) - 1;
  return k >= 0 && offset < callouts[k]!.span.end;
}

/** Where each run of a model starts (an empty run where the one before it does), found once per model. */
const runStartsOf = new WeakMap<DocumentModel, Int32Array>();

/** The start of `model`'s first paragraph run outside a callout from `from` on; undefined when its runs are not in order. */
function firstParagraphAfter(model: DocumentModel, from: number): number | undefined {
  let starts = runStartsOf.get(model);
  if (!starts) {
    starts = new Int32Array(model.runs.length);
    let last = 0;
    for (let i = 0; i < starts.length; i++) {
      const run = model.runs[i]!;
      const at = run.pieces.length > 0 ? runOffset(run, 0) : last;
      if (at < last) return undefined;
      starts[i] = last = at;
    }
    runStartsOf.set(model, starts);
  }
  const runs = model.runs;
  for (let i = partitionPoint(starts.length, (k) => starts![k]! < from); i < runs.length; i++) {
    if (runs[i]!.kind === 'paragraph' && runs[i]!.pieces.length > 0 && !inCallout(model, starts[i]!)) return starts[i]!;
  }
  return -1;
}
