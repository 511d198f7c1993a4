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

import { frontMatterEnd } from '../../syntax/blockSplit.js';
import type { Clause, Span } from '../../syntax/model.js';
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

/** The line around an offset: the text before and after the offset on it, and where it starts. */
interface LineContext {
  readonly text: string;
  readonly offset: number;
  readonly lineStart: number;
  readonly before: string;
  readonly after: string;
  readonly bodyStart: number;
}

/** Letters, digits and the characters a citation key may hold. */
const KEY_CHARS = /^[\p{L}\p{N}_:./-]*/u;

/** What can be completed at `offset` of the document `uri`; undefined where nothing can. */
export function getCompletions(index: WorkspaceIndex, uri: string, offset: number): CompletionResult | undefined {
  const linked = index.linked(uri);
  if (!linked) return undefined;
  const text = linked.model.text;
  if (offset < 0 || offset > text.length) return undefined;
  const bodyStart = frontMatterEnd(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (offset < bodyStart) return undefined;
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  let lineEnd = offset;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const line: LineContext = { text, offset, lineStart, before: text.slice(lineStart, offset), after: text.slice(offset, lineEnd), bodyStart };
  if (inFencedCode(text, bodyStart, lineStart) || /^ {0,3}(?:>\s?)*(?:```|~~~)/.test(line.before) || inInlineCode(line.before, line.after) || inHtmlComment(text, bodyStart, offset)) {
    return undefined;
  }
  return (
    termCompletions(index, linked, line) ??
    citationCompletions(index, linked, line) ??
    partyCompletions(index, linked, line) ??
    clauseCompletions(linked, line) ??
    definitionSnippet(line)
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Contexts

/** Inside `[[…` not closed before the offset: every visible term and other name. */
function termCompletions(index: WorkspaceIndex, linked: LinkedDocument, line: LineContext): CompletionResult | undefined {
  const open = line.before.lastIndexOf('[[');
  if (open < 0) return undefined;
  const typed = line.before.slice(open + 2);
  if (/[[\]|]/.test(typed) || (open > 0 && line.before[open - 1] === '\\')) return undefined;
  // Already closed after the offset (`[[Sta$0teless]]` or `[[Sta$0|shown]]`): replace the whole target, add nothing.
  const closing = /^([^[\]|]*?)(?:\]\]|\|)/.exec(line.after);
  const rest = closing ? closing[1]!.length : /^[\p{L}\p{N}_'’-]*/u.exec(line.after)![0].length;
  const replace = { start: line.offset - typed.length, end: line.offset + rest };
  const items: CompletionEntry[] = [];
  for (const [name, candidates] of [...linked.terms].sort(([a], [b]) => compareLabels(a, b))) {
    const term = pickTerm(candidates, line.offset);
    if (!term) continue;
    const definition = term.definition;
    const main = definition.names[0]!.name;
    const where = term.local ? 'this document' : display(index, term.ref.uri);
    items.push({
      label: name,
      kind: 'term',
      detail: firstSentence(definition.text),
      documentation: `${main === name ? '' : `Another name for "${main}". `}Defined in ${where}.\n\n${definition.text}`,
      insertText: closing ? name : `${name}]]`,
      snippet: false,
      sortText: sortKey(items.length),
    });
  }
  return { items, replace };
}

/** The definition a name at `offset` would mean: unscoped or in scope here, the document's own first. */
function pickTerm(candidates: readonly VisibleTerm[], offset: number): VisibleTerm | undefined {
  const usable = candidates.filter((c) => !c.definition.scope || (c.local && offset >= c.definition.scope.span.start && offset <= c.definition.scope.span.end));
  return usable.find((c) => c.local && c.definition.form !== 'pointer') ?? usable.find((c) => c.local) ?? usable[0];
}

/** After `@` (or `-@`) that follows `[`, `;` or a space inside a citation bracket: every visible source key. */
function citationCompletions(index: WorkspaceIndex, linked: LinkedDocument, line: LineContext): CompletionResult | undefined {
  const open = unclosedBracket(line.before);
  if (open < 0 || line.before[open + 1] === '[' || (open > 0 && (line.before[open - 1] === '[' || line.before[open - 1] === '\\'))) return undefined;
  const m = /(?:^|[\s;])-?@([\p{L}\p{N}_:./-]*)$/u.exec(line.before.slice(open + 1));
  if (!m) return undefined;
  const typed = m[1]!;
  const replace = { start: line.offset - typed.length, end: line.offset + KEY_CHARS.exec(line.after)![0].length };
  const items: CompletionEntry[] = [];
  for (const [key, entries] of [...linked.sources].sort(([a], [b]) => compareLabels(a, b))) {
    const source = entries[0]!;
    const facts = [source.publisher, source.issued, source.url].filter((f): f is string => Boolean(f));
    items.push({
      label: key,
      kind: 'source',
      detail: [source.title ?? '(no title)', ...facts.slice(0, 2)].join(' · '),
      documentation: [source.title, ...facts, `Listed in ${display(index, source.origin)}`].filter(Boolean).join('\n'),
      insertText: key,
      snippet: false,
      sortText: sortKey(items.length),
    });
  }
  return { items, replace };
}

/** After `[!POSITION `: the parties declared in this document's front matter and in the documents it imports. */
function partyCompletions(index: WorkspaceIndex, linked: LinkedDocument, line: LineContext): CompletionResult | undefined {
  const m = /\[!POSITION[ \t]+([^\]]*)$/i.exec(line.before);
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
function clauseCompletions(linked: LinkedDocument, line: LineContext): CompletionResult | undefined {
  const clauses = linked.model.clauses;
  const fragment = /\]\(#([^)\s]*)$/.exec(line.before);
  if (fragment) {
    const typed = fragment[1]!;
    const rest = /^[^)\s]*/.exec(line.after)![0].length;
    const items: CompletionEntry[] = [];
    const seen = new Set<string>();
    // Explicit ids first: they survive renumbering.
    for (const pass of [true, false]) {
      for (const clause of clauses) {
        const label = pass ? clause.id : clause.number;
        if (pass !== clause.explicitId || seen.has(label)) continue;
        seen.add(label);
        items.push({ label, kind: 'clause', detail: clauseDetail(clause), documentation: clause.summary, insertText: label, snippet: false, sortText: sortKey(items.length) });
      }
    }
    return { items, replace: { start: line.offset - typed.length, end: line.offset + rest } };
  }
  // A heading that writes its own number (`## Section 4 Term`) names a clause, it does not refer to one.
  if (/^ {0,3}#{1,6}[ \t]+(?:§|section|clause|article)[ \t]*[0-9A-Za-z.()]*$/i.test(line.before)) return undefined;
  const m = /(?:§[ \t]*|(?<![\p{L}\p{N}_])(?:sections?|clauses?|articles?)[ \t]+)([0-9A-Za-z.()]*)$/iu.exec(line.before);
  if (!m) return undefined;
  const typed = m[1]!;
  const replace = { start: line.offset - typed.length, end: line.offset + /^[0-9A-Za-z.()]*/.exec(line.after)![0].length };
  const items: CompletionEntry[] = [];
  const seen = new Set<string>();
  for (const clause of clauses) {
    if (seen.has(clause.number)) continue;
    seen.add(clause.number);
    items.push({
      label: clause.number,
      kind: 'clause',
      detail: clauseDetail(clause),
      documentation: clause.summary,
      insertText: clause.number,
      snippet: false,
      sortText: sortKey(items.length),
    });
  }
  return { items, replace };
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
  const m = /^( {0,3})(?:(["“])([^"“”[\]]*))?$/.exec(line.before);
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
  if (line.lineStart <= line.bodyStart) return true;
  let end = line.lineStart - 1;
  if (line.text[end] === '\n' && line.text[end - 1] === '\r') end--;
  const previousStart = Math.max(line.text.lastIndexOf('\n', end - 1), line.text.lastIndexOf('\r', end - 1)) + 1;
  const previous = line.text.slice(Math.max(previousStart, line.bodyStart), end);
  return previous.trim() === '' || /^ {0,3}#{1,6}(?:[ \t]|$)/.test(previous);
}

// ---------------------------------------------------------------------------------------------------------------
// Code, comments and brackets

/** True when a fenced code block opened above `lineStart` (from `from`) is still open there. */
function inFencedCode(text: string, from: number, lineStart: number): boolean {
  let fence: string | undefined;
  let pos = from;
  while (pos < lineStart) {
    let eol = pos;
    while (eol < lineStart && text[eol] !== '\n' && text[eol] !== '\r') eol++;
    const line = text.slice(pos, eol).replace(/^ {0,3}(?:>[ \t]?)+/, '');
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence === undefined) {
      if (m && !(m[1]![0] === '`' && m[2]!.includes('`'))) fence = m[1]!;
    } else if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && m[2]!.trim() === '') {
      fence = undefined;
    }
    pos = text[eol] === '\r' && text[eol + 1] === '\n' ? eol + 2 : eol + 1;
  }
  return fence !== undefined;
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

/** True when the last `<!--` before the offset is not closed before it. */
function inHtmlComment(text: string, from: number, offset: number): boolean {
  const open = text.lastIndexOf('<!--', offset - 4);
  if (open < from) return false;
  const close = text.indexOf('-->', open + 4);
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
