// Semantic tokens: what the TextMate grammar cannot know. Term uses and defined names (contested, undefined, out
// of scope), citation keys (undefined when no source has them), clause references (undefined when broken) and
// party names. Also the LSP's relative integer encoding, which is pure arithmetic on lines and columns.

import type { DocumentModel, Span } from '../../syntax/model.js';
import type { LinkedDocument, TermRef } from '../link.js';
import type { EditedWindow } from '../editDiagnostics.js';
import { partitionPoint } from '../../syntax/search.js';
import { textOf, type TextSource } from '../../syntax/textSource.js';
import type { LineIndex } from '../lineIndex.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { contestedOf } from './symbols.js';

/** The token types, in legend order (an index into this list is the type's number on the wire). */
export const SEMANTIC_TOKEN_TYPES = ['term', 'definition', 'citation', 'clauseReference', 'party'] as const;

/** The token modifiers, in legend order (bit `1 << i` on the wire). */
export const SEMANTIC_TOKEN_MODIFIERS = ['contested', 'undefined', 'declaration', 'outOfScope'] as const;

/** A token type: `term` (a use), `definition` (the defined name), `citation`, `clauseReference`, `party`. */
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

/** A token modifier. */
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

/** One token: a span on one line. */
export interface SemanticToken {
  readonly span: Span;
  readonly type: SemanticTokenType;
  readonly modifiers: readonly SemanticTokenModifier[];
}

/** Which type wins when two tokens start at the same offset and have the same length. */
const PRIORITY: Record<SemanticTokenType, number> = { definition: 0, term: 1, clauseReference: 2, citation: 3, party: 4 };

/**
 * The semantic tokens of the document `uri`: sorted by start, non-overlapping (where two would overlap, the one
 * that starts first, then the longer, is kept), each on one line (a span across a line break becomes one token
 * per line). Empty when the document is not indexed.
 */
export function getSemanticTokens(index: WorkspaceIndex, uri: string): SemanticToken[] {
  const linked = index.linked(uri);
  return linked ? tokensOf(index, uri, linked) : [];
}

/**
 * The semantic tokens of an edited text whose diagnostics were found in the edit's window (`EditedWindow`): the
 * indexed text's tokens before the window and after it (moved), and the window's own, read from its linked model.
 * The same as `getSemanticTokens` of the edited text once indexed (the differential test of the window checks it).
 */
export function semanticTokensAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow): SemanticToken[] {
  const indexed = getSemanticTokens(index, uri);
  const d = window.newEnd - window.oldEnd;
  const before = partitionPoint(indexed.length, (i) => indexed[i]!.span.start < window.start);
  const after = partitionPoint(indexed.length, (i) => indexed[i]!.span.start < window.oldEnd);
  const moved = indexed.slice(after).map((t) => ({ ...t, span: { start: t.span.start + d, end: t.span.end + d } }));
  return [...indexed.slice(0, before), ...tokensOf(index, uri, window.linked, { start: window.start, end: window.newEnd }), ...moved];
}

/** The tokens of a linked document (those that start in `within` only, when given). */
function tokensOf(index: WorkspaceIndex, uri: string, linked: LinkedDocument, within?: Span): SemanticToken[] {
  const model = linked.model;
  const text = textOf(model);
  const contestedCache = new Map<string, ReadonlySet<number>>();
  const contested = (ref: TermRef | undefined): boolean => {
    if (!ref) return false;
    let set = contestedCache.get(ref.uri);
    if (!set) {
      const other = index.document(ref.uri)?.model;
      set = other ? contestedOf(other).definitions : new Set<number>();
      contestedCache.set(ref.uri, set);
    }
    return set.has(ref.definition);
  };
  const raw: SemanticToken[] = [];
  const push = (span: Span, type: SemanticTokenType, modifiers: (SemanticTokenModifier | false)[]) => {
    if (within && (span.start < within.start || span.start >= within.end)) return;
    if (span.end > span.start) raw.push({ span, type, modifiers: modifiers.filter((m): m is SemanticTokenModifier => m !== false) });
  };

  model.definitions.forEach((definition, d) => {
    const isContested = contested({ uri, definition: d });
    for (const name of definition.names) push(name.span, 'definition', ['declaration', isContested && 'contested']);
  });
  for (const use of linked.termUses) {
    push(use.span, 'term', [!use.term && 'undefined', contested(use.term) && 'contested', use.outOfScope && 'outOfScope']);
  }
  for (const citation of linked.citations) {
    const key = citation.item.keySpan;
    // The `@` belongs to the key for the reader.
    const start = text.charCodeAt(key.start - 1) === 64 ? key.start - 1 : key.start;
    push({ start, end: key.end }, 'citation', [!citation.source && 'undefined']);
  }
  for (const reference of linked.references) {
    // A Markdown link is already drawn as a link; only keyword references (`§1.1`, `Section 2`) are tokens.
    if (reference.reference.kind !== 'keyword') continue;
    push(reference.reference.span, 'clauseReference', [reference.clause === undefined && 'undefined']);
  }
  for (const party of model.frontMatter?.parties ?? []) {
    push(party.span, 'party', ['declaration']);
    for (const alias of party.aliases) push(alias.span, 'party', ['declaration']);
  }
  for (const callout of model.callouts) {
    if (callout.party && callout.partySpan) push(callout.partySpan, 'party', [!isDeclaredParty(model, callout.party) && 'undefined']);
  }

  raw.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end || PRIORITY[a.type] - PRIORITY[b.type]);
  const tokens: SemanticToken[] = [];
  let reached = -1;
  for (const token of raw) {
    if (token.span.start < reached) continue;
    reached = token.span.end;
    splitLines(text, token, tokens);
  }
  return tokens;
}

/** True when `written` is a party's name or alias in the front matter (case-insensitive). */
function isDeclaredParty(model: DocumentModel, written: string): boolean {
  const lower = written.trim().toLowerCase();
  return (model.frontMatter?.parties ?? []).some((p) => p.name.toLowerCase() === lower || p.aliases.some((a) => a.name.toLowerCase() === lower));
}

/**
 * Pushes `token` as one token per line it covers. A continuation line starts after its indentation and block
 * quote marks (`> `), which are not part of the term.
 */
function splitLines(text: TextSource, token: SemanticToken, out: SemanticToken[]): void {
  let start = token.span.start;
  const end = token.span.end;
  const emit = (s: number, e: number) => {
    if (e > s) out.push(s === token.span.start && e === end ? token : { ...token, span: { start: s, end: e } });
  };
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    emit(start, i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
    while (start < end && /[ \t>]/.test(text.slice(start, start + 1))) start++;
    i = start - 1;
  }
  emit(start, end);
}

/**
 * The LSP encoding of tokens: five integers per token (line delta, start character delta on the same line or
 * start character on a new line, length, type index, modifier bits), in UTF-16 code units. Tokens must be
 * single-line and non-overlapping (as `getSemanticTokens` gives them); a token across a line break, or of an
 * unknown type, is left out. Modifiers outside the legend are ignored.
 */
export function encodeSemanticTokens(tokens: readonly SemanticToken[], lineIndex: Pick<LineIndex, 'position'>): number[] {
  const sorted = [...tokens].sort((a, b) => a.span.start - b.span.start);
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  for (const token of sorted) {
    const type = (SEMANTIC_TOKEN_TYPES as readonly string[]).indexOf(token.type);
    if (type < 0 || token.span.end <= token.span.start) continue;
    const start = lineIndex.position(token.span.start);
    const end = lineIndex.position(token.span.end);
    if (end.line !== start.line) continue;
    let bits = 0;
    for (const modifier of token.modifiers) {
      const bit = (SEMANTIC_TOKEN_MODIFIERS as readonly string[]).indexOf(modifier);
      if (bit >= 0) bits |= 1 << bit;
    }
    const deltaLine = start.line - previousLine;
    data.push(deltaLine, deltaLine === 0 ? start.character - previousCharacter : start.character, end.character - start.character, type, bits);
    previousLine = start.line;
    previousCharacter = start.character;
  }
  return data;
}
