// Completion: what can be written at an offset, read from the text of the line around it (the text being typed
// is incomplete, so the model does not hold it yet): terms and their other names inside `[[…`, source keys after
// `@` inside a citation bracket, clause numbers after `§`, `Section`, `Clause` or `Article`, clause ids after
// `](#`, parties after `[!POSITION `, and a snippet for a new definition at the start of an empty line or a
// paragraph. Nothing is offered in the front matter, in code or in an HTML comment.
//
// Code is recognized by heuristics on the text, in time linear in the text before the offset: a fenced code block
// is open when a fence line (``` or ~~~, at most three spaces in, after any `>` block-quote markers) opened one
// above the offset and no closing fence of the same character and at least the same length followed (indented
// code blocks are not recognized); inline code is open on the line when a backtick run before the offset is
// closed by a run of the same length after it on the same line; an HTML comment is open when the last `<!--`
// before the offset has no `-->` after it.

import { frontMatterEnd, lineEnd, lineStart } from '../../syntax/blockSplit.js';
import { closesFence, fenceOpened, isBlankLine } from '../../syntax/fenceLines.js';
import type { Clause, Definition, DocumentModel, SourceEntry, Span } from '../../syntax/model.js';
import type { TextSource } from '../../syntax/textSource.js';
import { LIMITS } from '../config.js';
import type { LinkedDocument, VisibleTerm } from '../link.js';
import { isInside, relativePath } from '../uri.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';

/** One thing that can be written at the offset. */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'term' | 'source' | 'clause' | 'party' | 'snippet';
  /** One line shown beside the label. */
  readonly detail?: string;
  /** Plain text shown when the entry is selected. */
  readonly documentation?: string;
  /** What replaces the `replace` span; a snippet (`${1:…}` placeholders) when `snippet` is true. */
  readonly insertText: string;
  readonly snippet: boolean;
  readonly sortText?: string;
  readonly filterText?: string;
}

/** The entries for an offset and the span they replace (the partial word being completed). */
export interface CompletionResult {
  readonly items: CompletionEntry[];
  readonly replace: Span;
  /** True when entries were left out for the bound (`limitCompletions`): the editor asks again as the user types. */
  readonly incomplete?: boolean;
}

/**
 * At most `max` entries: when there are more, those whose label (or filter text) starts with the typed text come
 * first, then those that contain it, then the rest, each group in its order; the result is marked incomplete.
 */
export function limitCompletions(result: CompletionResult, typed: string, max: number): CompletionResult {
  if (result.items.length <= max) return result;
  const lower = typed.toLowerCase();
  const rank = (item: CompletionEntry) => {
    const label = (item.filterText ?? item.label).toLowerCase();
    return label.startsWith(lower) ? 0 : label.includes(lower) ? 1 : 2;
  };
  const ranked = result.items.map((item, i) => ({ item, i, rank: rank(item) })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  return { items: ranked.slice(0, max).map((r) => r.item), replace: result.replace, incomplete: true };
}

/**
 * The line around an offset: the text before and after the offset on it, where it starts, and the line above it
 * (from the body's start; undefined on the body's first line).
 */
interface LineContext {
  readonly text: TextSource;
  readonly offset: number;
  readonly before: string;
  readonly after: string;
  readonly previous: string | undefined;
  /** The offset in the indexed text: scopes are read there. */
  readonly indexed: number;
}

/**
 * The text a request reads and how it stands to the indexed document: the indexed text itself, or the editor's
 * text after an edit the index has not taken (`completionAfterEdit.ts`), whose offsets `indexed` takes into the
 * indexed text (where the code regions and the scopes are), and whose edit may have changed the text of this
 * document's definitions and the summaries of its clauses.
 */
export interface CompletionView {
  readonly text: TextSource;
  /** An offset of `text` in the indexed text. */
  readonly indexed: (offset: number) => number;
  /** This document's definition `d` as `text` has it, when its text differs from the indexed one's. */
  readonly retold?: (d: number) => Definition | undefined;
  /** A clause's summary as `text` has it, when it differs from the indexed one's. */
  readonly summary?: (clause: Clause) => string | undefined;
}

/** Letters, digits and the characters a citation key may hold. */
const KEY_CHARS = /^[\p{L}\p{N}_:./-]*/u;

/** The text before the offset, on its line, of each context that completes (besides a term link's `[[`). */
const CITATION_BEFORE = /(?:^|[\s;])-?@([\p{L}\p{N}_:./-]*)$/u;
const PARTY_BEFORE = /\[!POSITION[ \t]+([^\]]*)$/i;
const FRAGMENT_BEFORE = /\]\(#([^)\s]*)$/;
const CLAUSE_BEFORE = /(?:§[ \t]*|(?<![\p{L}\p{N}_])(?:sections?|clauses?|articles?)[ \t]+)([0-9A-Za-z.()]*)$/iu;
const SNIPPET_BEFORE = /^( {0,3})(?:(["“])([^"“”[\]]*))?$/;

/**
 * Whether anything may complete after `before`, the text of the offset's line before it: false where
 * `getCompletions` gives nothing whatever the document holds. The text alone decides, so a server can answer a
 * request in plain text without first taking an edited text into its index.
 */
export function mayComplete(before: string): boolean {
  if (before.includes('[[') || PARTY_BEFORE.test(before) || FRAGMENT_BEFORE.test(before) || CLAUSE_BEFORE.test(before) || SNIPPET_BEFORE.test(before)) return true;
  const open = unclosedBracket(before);
  return open >= 0 && CITATION_BEFORE.test(before.slice(open + 1));
}

/**
 * What completion reads of a linked document (code regions, candidate lists), one call per piece, each building it
 * ahead of the first request (a built piece costs nothing).
 */
export function completionPieces(index: WorkspaceIndex, linked: LinkedDocument): (() => void)[] {
  return [
    () => codeRegions(linked.model),
    () => searchOf(termCandidates(linked) as CandidateList<unknown>),
    () => termEntries(index, linked),
    () => searchOf(sourceCandidates(index, linked) as CandidateList<unknown>),
    () => clauseLists(linked.model),
    () => searchOf(clauseLists(linked.model).numbers as CandidateList<unknown>),
    () => searchOf(clauseLists(linked.model).ids as CandidateList<unknown>),
  ];
}

/**
 * What can be completed at `offset` of the document `uri`; undefined where nothing can. With `max`, terms, sources
 * and clauses are filtered by the typed text before their entries are built: the entries `limitCompletions` would
 * keep of the whole list, marked incomplete when some were left out. The candidates are listed once per link
 * (terms, sources) or per model (clauses), so a request costs what it returns, not the size of the document.
 */
export function getCompletions(index: WorkspaceIndex, uri: string, offset: number, max = Infinity): CompletionResult | undefined {
  const linked = index.linked(uri);
  return linked && completionsIn(index, linked, { text: linked.model.text, indexed: (at) => at }, offset, max);
}

/** What can be completed at `offset` of `view`'s text, a text of the linked document (see `getCompletions`). */
export function completionsIn(index: WorkspaceIndex, linked: LinkedDocument, view: CompletionView, offset: number, max: number): CompletionResult | undefined {
  const text = view.text;
  if (offset < 0 || offset > text.length) return undefined;
  const code = codeRegions(linked.model);
  const bodyStart = code.bodyStart;
  if (offset < bodyStart) return undefined;
  const start = lineStart(text, offset);
  const before = text.slice(start, offset);
  const at = view.indexed(offset);
  const line: LineContext = { text, offset, before, after: text.slice(offset, lineEnd(text, offset)), previous: lineAbove(text, start, bodyStart), indexed: at };
  if (inFencedCode(code, view.indexed(start)) || /^ {0,3}(?:>\s?)*(?:```|~~~)/.test(before) || inInlineCode(before, line.after) || inHtmlComment(code, bodyStart, at)) {
    return undefined;
  }
  return (
    termCompletions(index, linked, view, line, max) ??
    citationCompletions(index, linked, line, max) ??
    partyCompletions(index, linked, line) ??
    clauseCompletions(linked, view, line, max) ??
    definitionSnippet(line)
  );
}

/** The line above the one starting at `start`, from `bodyStart` on; undefined when that line is the body's first. */
function lineAbove(text: TextSource, start: number, bodyStart: number): string | undefined {
  if (start <= bodyStart) return undefined;
  let end = start - 1;
  if (text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(Math.max(lineStart(text, end), bodyStart), end);
}

// ---------------------------------------------------------------------------------------------------------------
// Contexts

/** Inside `[[…` not closed before the offset: every visible term and other name. */
function termCompletions(index: WorkspaceIndex, linked: LinkedDocument, view: CompletionView, line: LineContext, max: number): CompletionResult | undefined {
  const open = line.before.lastIndexOf('[[');
  if (open < 0) return undefined;
  const typed = line.before.slice(open + 2);
  if (/[[\]|]/.test(typed) || (open > 0 && line.before[open - 1] === '\\')) return undefined;
  // Already closed after the offset (`[[Sta$0teless]]` or `[[Sta$0|shown]]`): replace the whole target, add nothing.
  const closing = /^([^[\]|]*?)(?:\]\]|\|)/.exec(line.after);
  const rest = closing ? closing[1]!.length : /^[\p{L}\p{N}_'’-]*/u.exec(line.after)![0].length;
  const replace = { start: line.offset - typed.length, end: line.offset + rest };
  const list = termCandidates(linked);
  // Names whose every definition is scoped are offered only inside a scope that holds the offset.
  const excluded = new Set<number>();
  for (const i of list.scopedOnly) if (!pickTerm(list.values[i]!.candidates, line.indexed)) excluded.add(i);
  const { picks, incomplete } = select(list, typed, max, excluded);
  const items = picks.map((i) => {
    const { name, candidates } = list.values[i]!;
    const term = pickTerm(candidates, line.indexed)!;
    // A definition of this document whose text the edit changed: its entry as the text has it now, not kept.
    const retold = term.local ? view.retold?.(term.ref.definition) : undefined;
    if (retold) return termEntryOf(index, name, term, retold, i, !closing);
    return termEntry(index, list, i, name, term, !closing);
  });
  return incomplete ? { items, replace, incomplete } : { items, replace };
}

/** The visible names of a linked document in the order offered, with their definitions. */
interface TermCandidates extends CandidateList<{ readonly name: string; readonly candidates: readonly VisibleTerm[] }> {
  /** Names all of whose definitions are scoped: offered or not depending on the offset. */
  readonly scopedOnly: readonly number[];
  /** Entries built so far, with the definition they were built for; and the same entry closing the link, once asked. */
  readonly entries: Map<number, { term: VisibleTerm; entry: CompletionEntry; closed?: CompletionEntry }>;
}

const termLists = new WeakMap<LinkedDocument, TermCandidates>();

function termCandidates(linked: LinkedDocument): TermCandidates {
  let list = termLists.get(linked);
  if (!list) {
    const values = [...linked.terms].sort(([a], [b]) => compareLabels(a, b)).map(([name, candidates]) => ({ name, candidates }));
    const scopedOnly: number[] = [];
    values.forEach((v, i) => {
      if (v.candidates.every((c) => c.definition.scope)) scopedOnly.push(i);
    });
    list = { ...candidateList(values, (v) => v.name), scopedOnly, entries: new Map() };
    termLists.set(linked, list);
  }
  return list;
}

/**
 * The entry of the `i`th name (kept, so that a keystroke's list makes no new entries); with `close`, inserting `]]`
 * too. Its sort key is the name's place among all the names, so that the same entry serves every offset, whichever
 * scoped names are left out there (a gap in the keys leaves the order as it is).
 */
function termEntry(index: WorkspaceIndex, list: TermCandidates, i: number, name: string, term: VisibleTerm, close: boolean): CompletionEntry {
  let cached = list.entries.get(i);
  if (!cached || cached.term !== term) list.entries.set(i, (cached = { term, entry: termEntryOf(index, name, term, term.definition, i, false) }));
  if (!close) return cached.entry;
  return (cached.closed ??= { ...cached.entry, insertText: `${name}]]` });
}

/** The entry of the `i`th name, meaning `term`, whose definition reads `definition`; with `close`, inserting `]]` too. */
function termEntryOf(index: WorkspaceIndex, name: string, term: VisibleTerm, definition: Definition, i: number, close: boolean): CompletionEntry {
  const main = definition.names[0]!.name;
  const where = term.local ? 'this document' : display(index, term.ref.uri);
  return {
    label: name,
    kind: 'term',
    detail: firstSentence(definition.text),
    documentation: `${main === name ? '' : `Another name for "${main}". `}Defined in ${where}.\n\n${definition.text}`,
    insertText: close ? `${name}]]` : name,
    snippet: false,
    sortText: sortKey(i),
  };
}

/**
 * Builds ahead the entries of the list after a bare `[[` outside any scope, closing the link: the first
 * `LIMITS.completions` names offered there, so that the first such list builds none (on 1 MB the first lists built
 * up to 200 entries in a request, 3.8 ms). The entries of other lists (a typed prefix, inside a scope) are built as
 * they are asked for; building every name's would take 100 ms and some megabytes on 10 MB.
 */
function termEntries(index: WorkspaceIndex, linked: LinkedDocument): void {
  const list = termCandidates(linked);
  let built = 0;
  for (let i = 0; i < list.values.length && built < LIMITS.completions; i++) {
    const { name, candidates } = list.values[i]!;
    const term = pickTerm(candidates, -1);
    if (!term) continue;
    termEntry(index, list, i, name, term, true);
    built++;
  }
}

/** The definition a name at `offset` would mean: unscoped or in scope here, the document's own first. */
function pickTerm(candidates: readonly VisibleTerm[], offset: number): VisibleTerm | undefined {
  // Asked for every name of every list: no array is made.
  let firstLocal: VisibleTerm | undefined;
  let first: VisibleTerm | undefined;
  for (const c of candidates) {
    const scope = c.definition.scope;
    if (scope && !(c.local && offset >= scope.span.start && offset <= scope.span.end)) continue;
    if (c.local && c.definition.form !== 'pointer') return c;
    if (c.local) firstLocal ??= c;
    first ??= c;
  }
  return firstLocal ?? first;
}

/** After `@` (or `-@`) that follows `[`, `;` or a space inside a citation bracket: every visible source key. */
function citationCompletions(index: WorkspaceIndex, linked: LinkedDocument, line: LineContext, max: number): CompletionResult | undefined {
  const open = unclosedBracket(line.before);
  if (open < 0 || line.before[open + 1] === '[' || (open > 0 && (line.before[open - 1] === '[' || line.before[open - 1] === '\\'))) return undefined;
  const m = CITATION_BEFORE.exec(line.before.slice(open + 1));
  if (!m) return undefined;
  const typed = m[1]!;
  const replace = { start: line.offset - typed.length, end: line.offset + KEY_CHARS.exec(line.after)![0].length };
  return selected(sourceCandidates(index, linked), typed, max, replace);
}

function sourceCandidates(index: WorkspaceIndex, linked: LinkedDocument): CandidateList<{ readonly key: string; readonly source: SourceEntry }> {
  let list = sourceLists.get(linked);
  if (!list) {
    const values = [...linked.sources].sort(([a], [b]) => compareLabels(a, b)).map(([key, entries]) => ({ key, source: entries[0]! }));
    list = candidateList(values, (v) => v.key, ({ key, source }, i) => {
      const facts = [source.publisher, source.issued, source.url].filter((f): f is string => Boolean(f));
      return {
        label: key,
        kind: 'source',
        detail: [source.title ?? '(no title)', ...facts.slice(0, 2)].join(' · '),
        documentation: [source.title, ...facts, `Listed in ${display(index, source.origin)}`].filter(Boolean).join('\n'),
        insertText: key,
        snippet: false,
        sortText: sortKey(i),
      };
    });
    sourceLists.set(linked, list);
  }
  return list;
}

const sourceLists = new WeakMap<LinkedDocument, CandidateList<{ readonly key: string; readonly source: SourceEntry }>>();

/** After `[!POSITION `: the parties declared in this document's front matter and in the documents it imports. */
function partyCompletions(index: WorkspaceIndex, linked: LinkedDocument, line: LineContext): CompletionResult | undefined {
  const m = PARTY_BEFORE.exec(line.before);
  if (!m) return undefined;
  const typed = m[1]!;
  const closing = /^([^\]]*)\]/.exec(line.after);
  const replace = { start: line.offset - typed.length, end: line.offset + (closing ? closing[1]!.length : 0) };
  const items: CompletionEntry[] = [];
  const seen = new Set<string>();
  const add = (label: string, detail: string, documentation: string) => {
    if (seen.has(label)) return;
    seen.add(label);
    items.push({ label, kind: 'party', detail, documentation, insertText: closing ? label : `${label}]`, snippet: false, sortText: sortKey(items.length) });
  };
  for (const uri of linked.visible) {
    const where = uri === linked.uri ? 'this document' : display(index, uri);
    for (const party of index.document(uri)?.model.frontMatter?.parties ?? []) {
      const aliases = party.aliases.map((a) => a.name);
      add(party.name, aliases.length > 0 ? `party, also ${aliases.join(', ')}` : 'party', `Declared in ${where}.`);
      for (const alias of aliases) add(alias, `another name for ${party.name}`, `Declared in ${where}.`);
    }
  }
  return { items, replace };
}

/** After `§`, `Section`, `Clause` or `Article` (any case): the document's clause numbers; after `](#`: its ids. */
function clauseCompletions(linked: LinkedDocument, view: CompletionView, line: LineContext, max: number): CompletionResult | undefined {
  const lists = clauseLists(linked.model);
  // A clause whose summary the edit changed: its entry as the text has it now, not kept.
  const retold = view.summary && (({ label, clause }: { label: string; clause: Clause }, i: number) => {
    const summary = view.summary!(clause);
    return summary === undefined ? undefined : clauseEntry({ label, clause: { ...clause, summary } }, i);
  });
  const fragment = FRAGMENT_BEFORE.exec(line.before);
  if (fragment) {
    const typed = fragment[1]!;
    const rest = /^[^)\s]*/.exec(line.after)![0].length;
    return selected(lists.ids, typed, max, { start: line.offset - typed.length, end: line.offset + rest }, retold);
  }
  // A heading that writes its own number (`## Section 4 Term`) names a clause, it does not refer to one.
  if (/^ {0,3}#{1,6}[ \t]+(?:§|section|clause|article)[ \t]*[0-9A-Za-z.()]*$/i.test(line.before)) return undefined;
  const m = CLAUSE_BEFORE.exec(line.before);
  if (!m) return undefined;
  const typed = m[1]!;
  const replace = { start: line.offset - typed.length, end: line.offset + /^[0-9A-Za-z.()]*/.exec(line.after)![0].length };
  return selected(lists.numbers, typed, max, replace, retold);
}

type ClauseCandidates = CandidateList<{ readonly label: string; readonly clause: Clause }>;

const clauseListsOf = new WeakMap<DocumentModel, { numbers: ClauseCandidates; ids: ClauseCandidates }>();

/** The clause numbers (each once, in document order), and the fragments: explicit ids first (they survive renumbering), then numbers. */
function clauseLists(model: DocumentModel): { numbers: ClauseCandidates; ids: ClauseCandidates } {
  let lists = clauseListsOf.get(model);
  if (lists) return lists;
  const unique = (passes: readonly ('id' | 'number')[]) => {
    const out: { label: string; clause: Clause }[] = [];
    const seen = new Set<string>();
    for (const pass of passes) {
      for (const clause of model.clauses) {
        if (pass === 'id' && !clause.explicitId) continue;
        if (passes.length > 1 && pass === 'number' && clause.explicitId) continue;
        const label = pass === 'id' ? clause.id : clause.number;
        if (seen.has(label)) continue;
        seen.add(label);
        out.push({ label, clause });
      }
    }
    return candidateList(out, (v) => v.label, clauseEntry);
  };
  lists = { numbers: unique(['number']), ids: unique(['id', 'number']) };
  clauseListsOf.set(model, lists);
  return lists;
}

/** The entry of a clause under one of its labels, the `i`th offered. */
function clauseEntry({ label, clause }: { label: string; clause: Clause }, i: number): CompletionEntry {
  return { label, kind: 'clause', detail: clauseDetail(clause), documentation: clause.summary, insertText: label, snippet: false, sortText: sortKey(i) };
}

/** A clause's title, or the first sentence of its text when it has none. */
function clauseDetail(clause: Clause): string {
  return clause.title || firstSentence(clause.summary);
}

/**
 * At the start of an empty line, or of a line that starts a paragraph (the line above is blank, a heading, or the
 * start of the body), or after an opening quote typed there: a snippet for a new means-definition.
 */
function definitionSnippet(line: LineContext): CompletionResult | undefined {
  const m = SNIPPET_BEFORE.exec(line.before);
  if (!m) return undefined;
  const quote = m[2];
  const typedName = m[3] ?? '';
  const emptyAfter = line.after.trim() === '';
  if (quote !== undefined ? !emptyAfter || !startsParagraph(line) : !emptyAfter && !startsParagraph(line)) return undefined;
  const [open, close] = quote === '“' ? ['“', '”'] : ['"', '"'];
  const start = quote !== undefined ? line.offset - typedName.length - 1 : line.offset;
  const typed = line.text.slice(start, line.offset);
  const placeholder = typedName === '' ? 'Term' : escapeSnippet(typedName);
  return {
    items: [
      {
        label: `${open}Term${close} means …`,
        kind: 'snippet',
        detail: 'New definition',
        documentation: `A means-definition: the quoted term, "means", then what it means.\n\n${open}Term${close} means definition.`,
        insertText: `${open}\${1:${placeholder}}${close} means \${2:definition}.`,
        snippet: true,
        sortText: sortKey(0),
        ...(typed ? { filterText: typed } : {}),
      },
    ],
    replace: { start, end: line.offset },
  };
}

/** True when the line holding the offset starts a paragraph: after a blank line, a heading or the body start. */
function startsParagraph(line: LineContext): boolean {
  const previous = line.previous;
  return previous === undefined || isBlankLine(previous) || /^ {0,3}#{1,6}(?:[ \t]|$)/.test(previous);
}

// ---------------------------------------------------------------------------------------------------------------
// Code, comments and brackets

/** Where a document's body starts, its fenced code blocks and its HTML comment marks: found once per model. */
export interface CodeRegions {
  readonly bodyStart: number;
  /** Fences as pairs: the start of the line that opens one, the start of the line that closes it (or the text's length + 1). */
  readonly fences: Int32Array;
  /** Starts of every `<!--` and of every `-->`, each sorted. */
  readonly commentOpens: Int32Array;
  readonly commentCloses: Int32Array;
}

const codeRegionsOf = new WeakMap<DocumentModel, CodeRegions>();

/**
 * The code regions of `model`'s text. Fences are found by one line scan from the body's start: a fence line (```
 * or ~~~, at most three spaces in, after any `>` markers) opens a block, and a fence line of the same character, at
 * least as long and with nothing after it, closes it.
 */
export function codeRegions(model: DocumentModel): CodeRegions {
  let found = codeRegionsOf.get(model);
  if (found) return found;
  const text = model.text;
  const bodyStart = frontMatterEnd(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  // Only a line holding ``` or ~~~ can open or close a fence: those lines are found by string search, in order.
  const lines = new Set<number>();
  for (const mark of ['```', '~~~']) {
    for (let at = text.indexOf(mark, bodyStart); at >= 0; at = text.indexOf(mark, at + 1)) lines.add(Math.max(lineStart(text, at), bodyStart));
  }
  const fences: number[] = [];
  let fence: string | undefined;
  for (const pos of [...lines].sort((a, b) => a - b)) {
    const line = text.slice(pos, lineEnd(text, pos)).replace(/^ {0,3}(?:>[ \t]?)+/, '');
    if (fence === undefined) {
      const opened = fenceOpened(line);
      if (opened) {
        fence = opened;
        fences.push(pos);
      }
    } else if (closesFence(line, fence)) {
      fence = undefined;
      fences.push(pos);
    }
  }
  const all = (mark: string) => {
    const out: number[] = [];
    for (let at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + 1)) out.push(at);
    return Int32Array.from(out);
  };
  found = { bodyStart, fences: Int32Array.from(fences), commentOpens: all('<!--'), commentCloses: all('-->') };
  codeRegionsOf.set(model, found);
  return found;
}

/** The number of values in sorted `values` that are at most `x`. */
function countAtMost(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when a fenced code block opened on a line above `lineStart` is not closed by a line above it (exported for tests). */
export function inFencedCode(code: CodeRegions, lineStart: number): boolean {
  // Fence lines above the line: an odd count leaves a block open.
  return countAtMost(code.fences, lineStart - 1) % 2 === 1;
}

/** True when the offset stands inside a code span of its line: a backtick run before it closed after it. */
function inInlineCode(before: string, after: string): boolean {
  let open = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === '\\' && open === 0) {
      i++;
      continue;
    }
    if (before[i] !== '`') continue;
    let j = i;
    while (j < before.length && before[j] === '`') j++;
    const run = j - i;
    if (open === 0) open = run;
    else if (run === open) open = 0;
    i = j - 1;
  }
  if (open === 0) return false;
  // Closed later on the line by a run of exactly the same length: inside code. Otherwise the backticks are literal.
  return new RegExp(`(?<!\`)\`{${open}}(?!\`)`).test(after);
}

/** True when the last `<!--` before the offset (from `from` on) is not closed before it (exported for tests). */
export function inHtmlComment(code: CodeRegions, from: number, offset: number): boolean {
  // As `lastIndexOf('<!--', offset - 4)`, which searches from 0 when that is negative.
  const opens = countAtMost(code.commentOpens, Math.max(offset - 4, 0));
  const open = opens > 0 ? code.commentOpens[opens - 1]! : -1;
  if (open < from) return false;
  const closes = countAtMost(code.commentCloses, open + 3);
  const close = closes < code.commentCloses.length ? code.commentCloses[closes]! : -1;
  return close < 0 || close + 3 > offset;
}

/** Index of the last `[` in `before` not closed by a `]` after it, or -1. */
function unclosedBracket(before: string): number {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (c === ']') depth++;
    else if (c === '[') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Candidate lists: built once, filtered by the typed text on each request

/** Candidates in the order they are offered, with what filtering needs, and their entries once built. */
interface CandidateList<T> {
  readonly values: readonly T[];
  /** Each candidate's label, lower-cased. */
  readonly lower: readonly string[];
  /** What searching by typed text needs, built by the first search (an empty typed text needs none of it). */
  search?: CandidateSearch;
  /** Builds the entry of candidate `i` (for lists whose entries do not depend on the offset). */
  readonly entryOf?: (value: T, i: number) => CompletionEntry;
  readonly built: (CompletionEntry | undefined)[];
}

interface CandidateSearch {
  /** Candidate indexes sorted by `lower` (by code unit): the labels starting with a text are one run of it. */
  readonly byLower: Int32Array;
  /** The lower-cased labels joined by NUL, in order, and where each starts in it: substring search is one string search. */
  readonly joined: string;
  readonly starts: Int32Array;
}

function candidateList<T>(values: readonly T[], labelOf: (value: T) => string, entryOf?: (value: T, i: number) => CompletionEntry): CandidateList<T> {
  return { values, lower: values.map((v) => labelOf(v).toLowerCase()), ...(entryOf ? { entryOf } : {}), built: [] };
}

function searchOf<T>(list: CandidateList<T>): CandidateSearch {
  if (list.search) return list.search;
  const lower = list.lower;
  const byLower = Int32Array.from(lower.keys());
  byLower.sort((a, b) => (lower[a]! < lower[b]! ? -1 : lower[a]! > lower[b]! ? 1 : a - b));
  const starts = new Int32Array(lower.length);
  let at = 0;
  lower.forEach((label, i) => {
    starts[i] = at;
    at += label.length + 1;
  });
  return (list.search = { byLower, joined: lower.join('\u0000'), starts });
}

/**
 * The entries `select` picks from a list whose entries do not depend on the offset, built at most once each; `now`
 * gives an entry as an edited text has it, where it differs (not kept).
 */
function selected<T>(list: CandidateList<T>, typed: string, max: number, replace: Span, now?: (value: T, i: number) => CompletionEntry | undefined): CompletionResult {
  const { picks, incomplete } = select(list, typed, max);
  const items = picks.map((i) => now?.(list.values[i]!, i) ?? (list.built[i] ??= list.entryOf!(list.values[i]!, i)));
  return incomplete ? { items, replace, incomplete } : { items, replace };
}

/**
 * The candidates `limitCompletions` keeps of the whole list, found without building the others' entries: every
 * candidate in order when there are at most `max`; otherwise those whose label starts with `typed`
 * (case-insensitively), then those that contain it, then the rest, each group in list order, `max` in all.
 * Candidates in `excluded` are not offered here and count for nothing.
 */
function select<T>(list: CandidateList<T>, typed: string, max: number, excluded: ReadonlySet<number> = new Set()): { picks: number[]; incomplete: boolean } {
  const n = list.lower.length;
  const offered = n - excluded.size;
  const picks: number[] = [];
  const t = typed.toLowerCase();
  if (offered <= max || t === '') {
    // Every candidate offered, or the first `max` of them when nothing is typed: no groups to find (after `§` on
    // 10 MB, 53,000 clause numbers).
    for (let i = 0; i < n && picks.length < max; i++) if (!excluded.has(i)) picks.push(i);
    return { picks, incomplete: offered > max };
  }
  // 0: neither, 1: starts with the text, 2: contains it, 3: not offered.
  const group = new Uint8Array(n);
  for (const i of excluded) group[i] = 3;
  const take = (wanted: number) => {
    for (let i = 0; i < n && picks.length < max; i++) if (group[i] === wanted) picks.push(i);
  };
  // The run of labels starting with the text: after every label below it, before every other one above it.
  const { lower } = list;
  const { byLower, joined, starts } = searchOf(list);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lower[byLower[mid]!]! < t) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  hi = n;
  while (end < hi) {
    const mid = (end + hi) >> 1;
    if (lower[byLower[mid]!]!.startsWith(t)) end = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < end; k++) if (group[byLower[k]!] === 0) group[byLower[k]!] = 1;
  take(1);
  if (picks.length < max) {
    // Labels containing the text: string search in the joined labels, a hit counting only when inside one label.
    let found = 0;
    for (let at = joined.indexOf(t); at >= 0 && picks.length + found < max; ) {
      let a = 0;
      let b = n;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (starts[mid]! <= at) a = mid + 1;
        else b = mid;
      }
      const i = a - 1;
      if (at + t.length > starts[i]! + lower[i]!.length) {
        at = joined.indexOf(t, at + 1);
        continue;
      }
      if (group[i] === 0) {
        group[i] = 2;
        found++;
      }
      at = i + 1 < n ? joined.indexOf(t, starts[i + 1]!) : -1;
    }
    take(2);
    take(0);
  }
  return { picks, incomplete: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** The first sentence of a definition or summary, on one line, at most 160 characters. */
function firstSentence(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  // A sentence ends at `.`, `!` or `?` followed by a space: `7.2` does not end one.
  const sentence = /^.+?[.!?]+(?=\s|$)/.exec(clean)?.[0] ?? clean;
  const chars = Array.from(sentence);
  return chars.length > 160 ? `${chars.slice(0, 159).join('')}…` : sentence;
}

/** Labels in a stable order that does not depend on the locale: case-insensitive, then by code unit. */
function compareLabels(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** A sort key that keeps the order the entries are given in. */
function sortKey(i: number): string {
  return String(i).padStart(5, '0');
}

/** Escapes snippet syntax in text placed inside a placeholder. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** A file's path for messages, relative to its workspace folder. */
function display(index: WorkspaceIndex, uri: string): string {
  return relativePath(index.roots.find((root) => isInside(root, uri)), uri);
}
