// Document and workspace symbols: the outline of a document (sections, clauses nested by number, the terms defined
// in each, the sources of its front matter) and a searchable list of every term, clause and source of the
// workspace. Also the outline's extents, which folding shares, and which definitions and clauses are contested.

import type { Clause, DocumentModel, Span } from '../../syntax/model.js';
import type { TextSource } from '../../syntax/textSource.js';
import { LIMITS } from '../config.js';
import { canonicalParty } from '../terms.js';
import { baseName } from '../uri.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';

/** What a document symbol stands for. `sources` is the group node that holds the front matter's sources. */
export type DocumentSymbolKind = 'section' | 'clause' | 'term' | 'sources' | 'source';

/** One node of a document's outline. Every child lies inside its parent's `span`; `selectionSpan` inside `span`. */
export interface DocumentSymbolEntry {
  readonly name: string;
  readonly detail?: string;
  readonly kind: DocumentSymbolKind;
  /** The whole extent, trailing blank lines excluded. */
  readonly span: Span;
  /** The name as written: the heading text, the clause number, the defined name, the source key. */
  readonly selectionSpan: Span;
  readonly children: readonly DocumentSymbolEntry[];
  /** For a clause: its index in the model's clauses. */
  readonly clause?: number;
  /** For a term: its definition's index in the model's definitions. */
  readonly definition?: number;
}

/** A symbol of the workspace, for a search by name. */
export interface WorkspaceSymbolEntry {
  readonly name: string;
  readonly kind: 'term' | 'clause' | 'source';
  readonly uri: string;
  /** Where the name is written (the defined name, the clause heading or number, the source key). */
  readonly span: Span;
  /** The clause it stands in, else the document's title or the file's name. */
  readonly container?: string;
}

/** At most this many workspace symbols are returned. */
export const WORKSPACE_SYMBOL_LIMIT = 1000;

/** Each model's outline as symbols, with the bound it was made under (the editor asks for it again as typing pauses). */
const symbolCache = new WeakMap<DocumentModel, { readonly limit: number; readonly entries: readonly DocumentSymbolEntry[] }>();

/**
 * The outline of the document `uri`, in document order, held to `limit` symbols (`boundOutline`); empty when the
 * document is not indexed. `summaries` gives some clauses (by index) another summary: an edited text's, read from its
 * window (`editedViews.ts`). The answer is shared: callers do not change it.
 */
export function getDocumentSymbols(index: WorkspaceIndex, uri: string, summaries?: ReadonlyMap<number, string>, limit: number = LIMITS.documentSymbols): readonly DocumentSymbolEntry[] {
  const model = index.document(uri)?.model;
  if (!model) return [];
  const cached = symbolCache.get(model);
  let entries = cached?.limit === limit ? cached.entries : undefined;
  if (!entries) {
    // Held to `limit` as `boundOutline` holds it, the levels left out never made (on 10 MB, 44,000 of 55,000 symbols).
    const contested = contestedOf(model);
    const all: DocumentSymbolEntry[] = [];
    const sources = sourcesNode(model);
    if (sources) all.push(sources);
    const roots = outlineOf(model).roots;
    const levels = clauseLevels(roots, (n) => n.children, (n) => n.kind === 'clause', sources ? symbolCount([sources]) : 0, limit);
    for (const entry of toEntries(model, roots, contested, 0, levels)) all.push(entry);
    entries = all;
    symbolCache.set(model, { limit, entries });
  }
  return summaries && summaries.size > 0 ? resummarized(model, entries, summaries) : entries;
}

/** `entries` with the clauses of `summaries` (by index) given those summaries; the rest shared. */
function resummarized(model: DocumentModel, entries: readonly DocumentSymbolEntry[], summaries: ReadonlyMap<number, string>): readonly DocumentSymbolEntry[] {
  const contested = contestedOf(model);
  const redo = (list: readonly DocumentSymbolEntry[]): readonly DocumentSymbolEntry[] => {
    let changed = false;
    const out = list.map((e) => {
      const children = redo(e.children);
      const summary = e.clause === undefined ? undefined : summaries.get(e.clause);
      if (summary === undefined && children === e.children) return e;
      changed = true;
      if (summary === undefined) return { ...e, children };
      const { detail: _old, ...rest } = e;
      const detail = clauseDetail(model, e.clause!, summary, contested);
      return { ...rest, ...(detail ? { detail } : {}), children };
    });
    return changed ? out : list;
  };
  return redo(entries);
}

/**
 * The outline held to `limit` symbols. When it has more, the deepest level of clauses is left out, then the next,
 * until it fits (sub-clauses of sub-clauses first); the definitions and sections inside a clause left out take its
 * place in its parent, so every defined term stays in the outline, and so do sections and sources. The top level of
 * clauses always stays. A 10 MB contract's outline is 55,000 symbols and 15.7 MB of JSON without it.
 */
export function boundOutline(entries: readonly DocumentSymbolEntry[], limit: number): readonly DocumentSymbolEntry[] {
  const levels = clauseLevels(entries, (e) => e.children, (e) => e.kind === 'clause', 0, limit);
  if (levels === Infinity) return entries;
  const prune = (list: readonly DocumentSymbolEntry[], depth: number): DocumentSymbolEntry[] =>
    list.flatMap((e) => {
      if (e.kind !== 'clause') return [{ ...e, children: prune(e.children, depth) }];
      return depth < levels ? [{ ...e, children: prune(e.children, depth + 1) }] : prune(e.children, depth + 1);
    });
  return prune(entries, 0);
}

/**
 * How many levels of clauses an outline keeps to hold at most `limit` symbols (`extra` of them outside `roots`):
 * every level (Infinity) when it fits; otherwise the deepest levels are left out, deepest first, the top one always
 * kept. The outline is walked through `children`; `isClause` says which nodes are clauses.
 */
function clauseLevels<T>(roots: readonly T[], children: (node: T) => readonly T[], isClause: (node: T) => boolean, extra: number, limit: number): number {
  // Clauses by the number of clauses they stand in; everything else, never left out.
  const clausesAt: number[] = [];
  let total = extra;
  const count = (list: readonly T[], depth: number): void => {
    for (const node of list) {
      total++;
      const clause = isClause(node);
      if (clause) clausesAt[depth] = (clausesAt[depth] ?? 0) + 1;
      count(children(node), clause ? depth + 1 : depth);
    }
  };
  count(roots, 0);
  if (total <= limit) return Infinity;
  let levels = clausesAt.length;
  while (levels > 1 && total > limit) total -= clausesAt[--levels]!;
  return levels;
}

/** The number of symbols in `entries`, their children's included. */
function symbolCount(entries: readonly DocumentSymbolEntry[]): number {
  let n = 0;
  for (const e of entries) n += 1 + symbolCount(e.children);
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// The outline: sections, clauses and definitions nested by extent.

/** A node of the outline, before it is named. `index` points into the model's sections, clauses or definitions. */
export interface OutlineNode {
  readonly kind: 'section' | 'clause' | 'term';
  readonly index: number;
  readonly start: number;
  end: number;
  readonly children: OutlineNode[];
}

/** The outline of a model and the final extent of every section and clause (trailing whitespace excluded). */
export interface Outline {
  readonly roots: readonly OutlineNode[];
  /** The extent of each section, by index in `model.sections`. */
  readonly sectionSpans: readonly Span[];
  /** The extent of each clause, by index in `model.clauses`; never past its parent's. */
  readonly clauseSpans: readonly Span[];
}

const outlines = new WeakMap<DocumentModel, Outline>();

const RANK = { section: 0, clause: 1, term: 2 } as const;

/**
 * Nests sections, clauses and definitions by extent, in O(n log n). A section runs from its heading to the next
 * heading of the same or a higher level; where that would cut across a clause (the model's clause extents are
 * the authority), the section gives way: it ends inside the clause it starts in, or where a clause that starts
 * inside it and runs past its end begins. So every child lies inside its parent, and siblings never overlap
 * (except definitions that share one sentence, and so one extent).
 */
export function outlineOf(model: DocumentModel): Outline {
  const cached = outlines.get(model);
  if (cached) return cached;
  const text = model.text;
  const sectionEnds = nextHeadingStarts(model);
  const nodes: OutlineNode[] = [];
  model.sections.forEach((section, i) => nodes.push({ kind: 'section', index: i, start: section.headSpan.start, end: Math.max(sectionEnds[i]!, section.headSpan.end), children: [] }));
  model.clauses.forEach((clause, i) => nodes.push({ kind: 'clause', index: i, start: clause.span.start, end: Math.max(clause.span.end, clause.headSpan.end), children: [] }));
  model.definitions.forEach((definition, i) => {
    const extent = definitionExtent(definition);
    nodes.push({ kind: 'term', index: i, start: extent.start, end: extent.end, children: [] });
  });
  nodes.sort((a, b) => a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind]);

  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  for (const node of nodes) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= node.start) stack.pop();
    // Two parentheticals of one sentence share its extent: they are siblings, not one inside the other.
    while (stack.length > 0 && node.kind === 'term' && stack[stack.length - 1]!.kind === 'term' && stack[stack.length - 1]!.start === node.start && stack[stack.length - 1]!.end === node.end) stack.pop();
    // Partial overlaps: a section gives way to a clause; anything else is clipped to the node that holds its start.
    while (stack.length > 0 && stack[stack.length - 1]!.end < node.end) {
      const top = stack[stack.length - 1]!;
      if (top.kind === 'section' && node.kind === 'clause' && top.start < node.start) {
        top.end = node.start;
        stack.pop();
      } else {
        node.end = top.end;
      }
    }
    (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node);
    stack.push(node);
  }

  // Trailing blank lines (and the list or quote marker of the next clause's line) belong to no one. A child
  // never ends past its parent; `floor` keeps the name inside the extent.
  const trimmed = new Map<number, number>();
  const trim = (node: OutlineNode, floor: number, parentEnd: number) => {
    let end = trimmed.get(node.end);
    if (end === undefined) {
      end = contentEnd(text, node.end);
      trimmed.set(node.end, end);
    }
    node.end = Math.min(node.end, parentEnd, Math.max(end, floor, node.start));
  };
  const sectionSpans: Span[] = model.sections.map((s) => s.headSpan);
  const clauseSpans: Span[] = model.clauses.map((c) => c.span);
  const visit = (list: readonly OutlineNode[], parentEnd: number) => {
    for (const node of list) {
      if (node.kind === 'section') {
        trim(node, trimEnd(text, model.sections[node.index]!.headSpan), parentEnd);
        sectionSpans[node.index] = { start: node.start, end: node.end };
      } else if (node.kind === 'clause') {
        trim(node, trimEnd(text, model.clauses[node.index]!.headSpan), parentEnd);
        clauseSpans[node.index] = { start: node.start, end: node.end };
      } else {
        const names = model.definitions[node.index]!.names;
        trim(node, names.length > 0 ? names[names.length - 1]!.span.end : node.start, parentEnd);
      }
      visit(node.children, node.end);
    }
  };
  visit(roots, text.length);
  const outline = { roots, sectionSpans, clauseSpans };
  outlines.set(model, outline);
  return outline;
}

/** For each section, where the next heading of the same or a higher level starts (or the text's end). */
function nextHeadingStarts(model: DocumentModel): number[] {
  // Merge section headings and clause headings in document order, then find each one's next heading of depth
  // <= its own with a monotonic stack, walking backwards: linear.
  const headings: { start: number; depth: number; section: number }[] = [];
  let c = 0;
  const clauses = model.clauses;
  const pushClausesBefore = (limit: number) => {
    for (; c < clauses.length && clauses[c]!.headSpan.start < limit; c++) {
      const clause = clauses[c]!;
      if (clause.kind === 'heading') headings.push({ start: clause.headSpan.start, depth: headingDepth(model.text, clause.headSpan), section: -1 });
    }
  };
  model.sections.forEach((section, i) => {
    pushClausesBefore(section.headSpan.start);
    headings.push({ start: section.headSpan.start, depth: section.depth, section: i });
  });
  pushClausesBefore(Infinity);
  const ends = model.sections.map(() => model.text.length);
  const stack: { start: number; depth: number }[] = [];
  for (let i = headings.length - 1; i >= 0; i--) {
    const h = headings[i]!;
    while (stack.length > 0 && stack[stack.length - 1]!.depth > h.depth) stack.pop();
    if (h.section >= 0) ends[h.section] = stack.length > 0 ? stack[stack.length - 1]!.start : model.text.length;
    stack.push(h);
  }
  return ends;
}

/** The level of a heading from its text: the number of `#`, or 1 and 2 for `===` and `---` underlines. */
function headingDepth(text: string, span: Span): number {
  const head = text.slice(span.start, span.end);
  const atx = /^[ \t>]*(#{1,6})(?=[ \t]|$)/m.exec(head);
  if (atx && atx.index === 0) return atx[1]!.length;
  return /\n[ \t>]*=+[ \t]*$/.test(head) ? 1 : 2;
}

/** A definition's extent: its text, widened to hold every name (bold quotes may stand outside the text). */
export function definitionExtent(definition: DocumentModel['definitions'][number]): Span {
  let start = definition.span.start;
  let end = definition.span.end;
  for (const name of definition.names) {
    start = Math.min(start, name.span.start);
    end = Math.max(end, name.span.end);
  }
  return { start, end };
}

/** True for the white space a content's end steps back over (ASCII only: a no-break space is content). */
export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

const LINE_PREFIX = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]*)?$/;

/** True when a line's text (from its start) is list or block quote markers alone, which `contentEnd` steps back over. */
export function markersOnly(line: string): boolean {
  return LINE_PREFIX.test(line);
}

/**
 * Where the content before `end` stops: trailing whitespace removed, and first, when `end` stands after nothing
 * but a list or block quote marker on its line (`- ` before the next clause of a list), that marker too.
 */
export function contentEnd(text: TextSource, end: number): number {
  // A marker is short: look back 40 characters at most.
  let lineStart = end;
  while (lineStart > 0 && end - lineStart <= 40 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
  const atLineStart = lineStart === 0 || text.charCodeAt(lineStart - 1) === 10 || text.charCodeAt(lineStart - 1) === 13;
  if (atLineStart && lineStart < end && markersOnly(text.slice(lineStart, end))) end = lineStart;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** The end of a span with trailing whitespace removed (never before its start). */
function trimEnd(text: string, span: Span): number {
  let end = span.end;
  while (end > span.start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

// ---------------------------------------------------------------------------------------------------------------
// Naming the nodes.

/**
 * The entries of outline nodes standing in `depth` clauses, keeping `levels` levels of clauses: a clause deeper is
 * left out, the definitions and sections inside it taking its place (as `boundOutline` prunes).
 */
function toEntries(model: DocumentModel, nodes: readonly OutlineNode[], contested: Contested, depth: number, levels: number): DocumentSymbolEntry[] {
  const out: DocumentSymbolEntry[] = [];
  for (const node of nodes) {
    const inner = node.kind === 'clause' ? depth + 1 : depth;
    const children = toEntries(model, node.children, contested, inner, levels);
    if (node.kind === 'clause' && depth >= levels) {
      for (const child of children) out.push(child);
    } else {
      out.push(toEntry(model, node, contested, children));
    }
  }
  return out;
}

function toEntry(model: DocumentModel, node: OutlineNode, contested: Contested, children: DocumentSymbolEntry[]): DocumentSymbolEntry {
  const span = { start: node.start, end: node.end };
  switch (node.kind) {
    case 'section': {
      const section = model.sections[node.index]!;
      return { name: nonEmpty(section.title, '(untitled section)'), kind: 'section', span, selectionSpan: within(span, headingTextSpan(model.text, section.headSpan)), children };
    }
    case 'clause': {
      const clause = model.clauses[node.index]!;
      const detail = clauseDetail(model, node.index, clause.summary, contested);
      return {
        name: clauseName(clause),
        ...(detail ? { detail } : {}),
        kind: 'clause',
        span,
        selectionSpan: within(span, clauseSelection(model.text, clause)),
        children,
        clause: node.index,
      };
    }
    case 'term': {
      const definition = model.definitions[node.index]!;
      const first = definition.names[0];
      const detail = joinDetail([
        definition.names.slice(1).map((n) => n.name).join(', '),
        definition.pointer ? `see ${definition.pointer.document ? `${definition.pointer.document}, ` : ''}Section ${definition.pointer.target}` : '',
        definition.scope ? 'scoped' : '',
        contested.definitions.has(node.index) ? 'contested' : '',
      ]);
      return {
        name: nonEmpty(first?.name ?? '', '(unnamed term)'),
        ...(detail ? { detail } : {}),
        kind: 'term',
        span,
        selectionSpan: within(span, first?.span ?? span),
        children,
        definition: node.index,
      };
    }
  }
}

/** The front matter's sources under one `Sources` node, or undefined when it declares none. */
function sourcesNode(model: DocumentModel): DocumentSymbolEntry | undefined {
  const fm = model.frontMatter;
  if (!fm || fm.sources.length === 0) return undefined;
  const children: DocumentSymbolEntry[] = fm.sources.map((entry) => {
    const span = { start: Math.min(entry.span.start, entry.keySpan.start), end: Math.max(entry.span.end, entry.keySpan.end) };
    return { name: nonEmpty(entry.key, '(no key)'), ...(entry.title ? { detail: entry.title } : {}), kind: 'source', span, selectionSpan: within(span, entry.keySpan), children: [] };
  });
  let start = Infinity;
  let end = 0;
  for (const child of children) {
    start = Math.min(start, child.span.start);
    end = Math.max(end, child.span.end);
  }
  // The `sources:` key itself, when it stands at the start of a line of the front matter before the first entry.
  const head = model.text.slice(fm.span.start, start);
  const key = /^sources[ \t]*:/gm;
  let selection: Span | undefined;
  for (let m = key.exec(head); m; m = key.exec(head)) selection = { start: fm.span.start + m.index, end: fm.span.start + m.index + 'sources'.length };
  if (selection) start = selection.start;
  return { name: 'Sources', detail: `${children.length}`, kind: 'sources', span: { start, end }, selectionSpan: selection ?? children[0]!.selectionSpan, children };
}

/** A clause's detail in the outline: its summary shortened (for a clause that is not a heading), and whether it is contested. */
function clauseDetail(model: DocumentModel, index: number, summary: string, contested: Contested): string {
  return joinDetail([model.clauses[index]!.kind === 'heading' ? '' : shorten(summary, 60), contested.clauses.has(index) ? 'contested' : '']);
}

/** A clause's display name: its number and title, `1.1 Azure routing`. */
export function clauseName(clause: Clause): string {
  return clause.title ? `${clause.number} ${clause.title}` : clause.number;
}

/** A heading clause's number and title as written (without `#` marks and `{#id}`); other clauses' number. */
function clauseSelection(text: string, clause: Clause): Span {
  if (clause.kind !== 'heading') return clause.numberSpan;
  const start = clause.numberSpan.start;
  let end = clause.idSpan ? clause.idSpan.start : clause.headSpan.end;
  const eol = lineEnd(text, start, end);
  end = Math.min(end, eol);
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end: Math.max(end, clause.numberSpan.end) };
}

/** A heading's text on its first line, without the `#` marks. */
function headingTextSpan(text: string, head: Span): Span {
  let start = head.start;
  const end0 = lineEnd(text, start, head.end);
  const prefix = /^[ \t>]*#{0,6}[ \t]*/.exec(text.slice(start, end0));
  start += prefix ? prefix[0].length : 0;
  let end = end0;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end > start ? { start, end } : head;
}

/** The offset of the first line break at or after `from`, or `limit`. */
function lineEnd(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return limit;
}

/** `inner` clamped into `outer`. */
function within(outer: Span, inner: Span): Span {
  const start = Math.min(Math.max(inner.start, outer.start), outer.end);
  const end = Math.min(Math.max(inner.end, start), outer.end);
  return { start, end };
}

function nonEmpty(name: string, fallback: string): string {
  const trimmed = name.trim();
  return trimmed === '' ? fallback : trimmed;
}

function joinDetail(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join(' · ');
}

/** At most `max` UTF-16 units of a one-line text, with an ellipsis, never splitting a surrogate pair. */
function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = max - 1;
  const code = flat.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${flat.slice(0, cut).trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------------------------
// Contested definitions and clauses, found in one pass over the callouts.

/** Which definitions and clauses of a model have POSITION callouts from two or more parties. */
export interface Contested {
  readonly definitions: ReadonlySet<number>;
  readonly clauses: ReadonlySet<number>;
}

const contestedCache = new WeakMap<DocumentModel, Contested>();

/**
 * The contested definitions and clauses of a model, by index; linear in the callouts (`annotationsOf` in
 * terms.ts answers for one target by scanning every callout, which per definition would be quadratic).
 */
export function contestedOf(model: DocumentModel): Contested {
  const cached = contestedCache.get(model);
  if (cached) return cached;
  const parties = { definition: new Map<number, Set<string>>(), clause: new Map<number, Set<string>>() };
  for (const callout of model.callouts) {
    if (callout.type !== 'POSITION' || !callout.party || !callout.target) continue;
    const byTarget = parties[callout.target.kind];
    const set = byTarget.get(callout.target.index) ?? new Set<string>();
    set.add(canonicalParty(model, callout.party));
    byTarget.set(callout.target.index, set);
  }
  const atLeastTwo = (map: Map<number, Set<string>>) => new Set([...map].filter(([, set]) => set.size >= 2).map(([i]) => i));
  const contested = { definitions: atLeastTwo(parties.definition), clauses: atLeastTwo(parties.clause) };
  contestedCache.set(model, contested);
  return contested;
}

// ---------------------------------------------------------------------------------------------------------------
// Workspace symbols.

/**
 * Every term (each name of each definition), clause and source of the workspace whose name matches `query`
 * (case-insensitive: exact, prefix, word start, substring, then letters in order), best first, at most `limit`.
 * An empty query gives every symbol, documents in URI order, each in document order.
 */
export function getWorkspaceSymbols(index: WorkspaceIndex, query: string, limit = WORKSPACE_SYMBOL_LIMIT): WorkspaceSymbolEntry[] {
  const q = query.trim().toLowerCase();
  const scored: { entry: WorkspaceSymbolEntry; score: number; order: number }[] = [];
  let order = 0;
  const consider = (entry: WorkspaceSymbolEntry) => {
    const score = q === '' ? 0 : matchScore(entry.name.toLowerCase(), q);
    if (score !== undefined) scored.push({ entry, score, order: order++ });
  };
  const documents = [...index.documents()].sort((a, b) => compare(a.uri, b.uri));
  for (const doc of documents) {
    const model = doc.model;
    const docName = model.frontMatter?.title?.trim() || baseName(doc.uri);
    const containerOf = (clause: number) => (clause >= 0 && model.clauses[clause] ? clauseName(model.clauses[clause]!) : docName);
    for (const entry of model.frontMatter?.sources ?? []) consider({ name: entry.key, kind: 'source', uri: doc.uri, span: entry.keySpan, container: docName });
    model.clauses.forEach((clause) => {
      consider({ name: clauseName(clause), kind: 'clause', uri: doc.uri, span: clauseSelection(model.text, clause), container: containerOf(clause.parent) });
    });
    model.definitions.forEach((definition) => {
      for (const name of definition.names) consider({ name: name.name, kind: 'term', uri: doc.uri, span: name.span, container: containerOf(definition.clause) });
    });
  }
  const files = [...index.sourceFiles()].sort((a, b) => compare(a.uri, b.uri));
  for (const file of files) {
    for (const entry of file.entries) consider({ name: entry.key, kind: 'source', uri: file.uri, span: entry.keySpan, container: baseName(file.uri) });
  }
  if (q !== '') {
    scored.sort((a, b) => b.score - a.score || a.entry.name.length - b.entry.name.length || compare(a.entry.name, b.entry.name) || a.order - b.order);
  }
  return scored.slice(0, Math.max(0, limit)).map((s) => s.entry);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How well `name` matches `query` (both lower case): higher is better; undefined when it does not. */
export function matchScore(name: string, query: string): number | undefined {
  if (name === query) return 1000;
  if (name.startsWith(query)) return 900;
  const at = name.indexOf(query);
  if (at >= 0) {
    // A match at a word start (`routing` in `1.1 azure routing`) beats one inside a word.
    for (let i = at; i >= 0; i = name.indexOf(query, i + 1)) if (isWordStart(name, i)) return 800;
    return 700 - Math.min(at, 99);
  }
  // Letters of the query in order (`azrt` → `azure routing`): favour word starts and runs, penalise gaps.
  let score = 300;
  let from = 0;
  let previous = -2;
  for (const ch of query) {
    if (ch === ' ') continue;
    const i = name.indexOf(ch, from);
    if (i < 0) return undefined;
    if (isWordStart(name, i)) score += 8;
    if (i === previous + ch.length) score += 5;
    else score -= Math.min(i - from, 10);
    previous = i;
    from = i + ch.length;
  }
  return Math.max(score, 1);
}

function isWordStart(text: string, i: number): boolean {
  return i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]!);
}
