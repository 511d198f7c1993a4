// The outline, folding ranges, links and code lenses of an edited text whose keystroke was answered in its window,
// from the indexed text's, moved by the edit (the lenses' counts changed by the window's uses): the window keeps the skeleton (clauses, sections, definitions' names, callouts) as it
// was, so the editor's requests after a keystroke need not take the text into the index. Undefined where moving could
// differ from a fresh reading: an offset at or inside the change (a clause's content that ends where the writer types),
// or a change in the paragraph a clause's summary (an outline entry's detail) is read from.

import type { TextChange } from '../../syntax/blockSplit.js';
import type { DocumentModel, Span } from '../../syntax/model.js';
import { runOffset } from '../../syntax/runs.js';
import { partitionPoint } from '../../syntax/search.js';
import type { TermUse } from '../link.js';
import { termKey } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { lensesOf, type CodeLensEntry } from './codeLens.js';
import { getDocumentLinks, type DocumentLinkEntry } from './documentLinks.js';
import { getFoldingRanges, type FoldingSpan } from './folding.js';
import type { EditedWindow } from './semanticTokens.js';
import { getDocumentSymbols, type DocumentSymbolEntry } from './symbols.js';

/** An offset of the indexed text in the edited one, or undefined at or inside the change. */
function mover(change: TextChange): (offset: number) => number | undefined {
  const d = change.newEnd - change.oldEnd;
  return (offset) => (offset < change.from ? offset : offset > change.oldEnd || (offset === change.oldEnd && change.oldEnd > change.from) ? offset + d : undefined);
}

/** The outline of the edited text, or undefined where it must be read afresh. */
export function documentSymbolsAfterEdit(index: WorkspaceIndex, uri: string, change: TextChange): DocumentSymbolEntry[] | undefined {
  const model = index.document(uri)?.model;
  if (!model || changesSummary(model, change)) return undefined;
  const move = mover(change);
  let ok = true;
  const span = (s: Span): Span => {
    const start = move(s.start);
    const end = move(s.end);
    if (start === undefined || end === undefined) ok = false;
    return { start: start ?? s.start, end: end ?? s.end };
  };
  const moved = (e: DocumentSymbolEntry): DocumentSymbolEntry => ({ ...e, span: span(e.span), selectionSpan: span(e.selectionSpan), children: e.children.map(moved) });
  const entries = getDocumentSymbols(index, uri).map(moved);
  return ok ? entries : undefined;
}

/** The folding ranges of the edited text, or undefined where they must be read afresh. */
export function foldingRangesAfterEdit(index: WorkspaceIndex, uri: string, change: TextChange): FoldingSpan[] | undefined {
  const model = index.document(uri)?.model;
  if (!model) return undefined;
  const move = mover(change);
  const out: FoldingSpan[] = [];
  for (const f of getFoldingRanges(model)) {
    const start = move(f.start);
    const end = move(f.end);
    if (start === undefined || end === undefined) return undefined;
    out.push({ ...f, start, end });
  }
  return out;
}

/** The links of the edited text, or undefined where they must be read afresh. */
export function documentLinksAfterEdit(index: WorkspaceIndex, uri: string, change: TextChange): DocumentLinkEntry[] | undefined {
  const move = mover(change);
  const out: DocumentLinkEntry[] = [];
  for (const link of getDocumentLinks(index, uri)) {
    const start = move(link.span.start);
    const end = move(link.span.end);
    if (start === undefined || end === undefined) return undefined;
    out.push({ ...link, span: { start, end } });
  }
  return out;
}

/**
 * The code lenses of the edited text, or undefined where they must be read afresh: each term's uses counted as the
 * index counts them, less the window's uses before the edit, plus its uses after; `lineOf` places an offset of the
 * edited text on its line.
 */
export function codeLensesAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, lineOf: (offset: number) => number): CodeLensEntry[] | undefined {
  const linked = index.linked(uri);
  if (!linked) return undefined;
  const move = mover(window.change);
  const delta = new Map<string, number>();
  const tally = (uses: readonly TermUse[], by: number) => {
    for (const use of uses) if (use.term) delta.set(termKey(use.term), (delta.get(termKey(use.term)) ?? 0) + by);
  };
  const old = linked.termUses;
  tally(old.slice(partitionPoint(old.length, (i) => old[i]!.span.start < window.start), partitionPoint(old.length, (i) => old[i]!.span.start < window.oldEnd)), -1);
  tally(window.linked.termUses, 1);
  const facts = index.facts();
  let ok = true;
  const at = (offset: number) => {
    const moved = move(offset);
    if (moved === undefined) ok = false;
    return moved ?? offset;
  };
  const lenses = lensesOf(uri, linked, (key) => facts.useCount(key) + (delta.get(key) ?? 0), (offset) => lineOf(at(offset)));
  const moved = lenses.map((lens) => ({ ...lens, span: { start: at(lens.span.start), end: at(lens.span.end) } }));
  return ok ? moved : undefined;
}

/**
 * Whether the change lies in a paragraph a clause's summary is read from: a paragraph clause's own, or the first
 * paragraph (outside callouts) after a heading clause's head, for every clause around the change.
 */
function changesSummary(model: DocumentModel, change: TextChange): boolean {
  const clauses = model.clauses;
  const runs = model.runs.filter((run) => run.kind === 'paragraph' && run.pieces.length > 0);
  const callouts = model.callouts;
  const inCallout = (offset: number) => {
    const k = partitionPoint(callouts.length, (i) => callouts[i]!.span.start <= offset) - 1;
    return k >= 0 && callouts[k]!.span.end > offset;
  };
  for (let c = partitionPoint(clauses.length, (i) => clauses[i]!.headSpan.start <= change.from) - 1; c >= 0; c = clauses[c]!.parent) {
    const clause = clauses[c]!;
    if (clause.span.end < change.from) continue;
    const after = clause.kind === 'paragraph' ? clause.headSpan.start : clause.headSpan.end;
    let r = partitionPoint(runs.length, (i) => runOffset(runs[i]!, 0) < after);
    while (r < runs.length && inCallout(runOffset(runs[r]!, 0))) r++;
    const run = runs[r];
    if (!run) continue;
    const end = runOffset(run, run.text.length - 1) + 1;
    if (change.from <= end && change.oldEnd >= clause.headSpan.start) return true;
  }
  return false;
}
