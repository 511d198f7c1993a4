// Semantic tokens: what the TextMate grammar cannot know. Term uses and defined names (contested, undefined, out
// of scope), citation keys (undefined when no source has them), clause references (undefined when broken) and
// party names. Also the LSP's relative integer encoding, which is pure arithmetic on lines and columns.

import type { DocumentModel, Span } from '../../syntax/model.js';
import type { LinkedDocument, TermRef } from '../link.js';
import type { EditedWindow } from '../editDiagnostics.js';
import { partitionPoint } from '../../syntax/search.js';
import { textOf, type TextSource } from '../../syntax/textSource.js';
import type { LineIndex, LinePosition } from '../lineIndex.js';
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

/**
 * Tokens as plain numbers in typed arrays, the first `length` of each (a 10 MB contract has some 200,000 tokens, which
 * as objects, each with its modifiers' list, were over 100 MB made and dropped at every reading): where each starts
 * and ends, and its kind, the type's index in the legend times 16 plus the modifier bits.
 */
interface PackedTokens {
  starts: Uint32Array;
  ends: Uint32Array;
  kinds: Uint8Array;
  length: number;
}

/** Room for `capacity` tokens, none yet. */
function packedTokens(capacity: number): PackedTokens {
  const room = Math.max(capacity, 16);
  return { starts: new Uint32Array(room), ends: new Uint32Array(room), kinds: new Uint8Array(room), length: 0 };
}

/** Adds a token, making room when there is none (twice as much). */
function pushToken(tokens: PackedTokens, start: number, end: number, kind: number): void {
  if (tokens.length === tokens.starts.length) {
    const { starts, ends, kinds } = tokens;
    tokens.starts = new Uint32Array(starts.length * 2);
    tokens.starts.set(starts);
    tokens.ends = new Uint32Array(ends.length * 2);
    tokens.ends.set(ends);
    tokens.kinds = new Uint8Array(kinds.length * 2);
    tokens.kinds.set(kinds);
  }
  tokens.starts[tokens.length] = start;
  tokens.ends[tokens.length] = end;
  tokens.kinds[tokens.length] = kind;
  tokens.length++;
}

/** The order a token's modifiers are listed in (`getSemanticTokens`): a definition's `declaration` first. */
const MODIFIERS_LISTED: readonly SemanticTokenModifier[] = ['declaration', 'undefined', 'contested', 'outOfScope'];

/** A kind's modifier bits (four modifiers: `1 << i` for the legend's i-th). */
const MODIFIER_MASK = 15;

/** Which type wins when two tokens start at the same offset and have the same length, by the type's legend index. */
const PRIORITY_OF_TYPE = SEMANTIC_TOKEN_TYPES.map((type) => ({ definition: 0, term: 1, clauseReference: 2, citation: 3, party: 4 })[type]);

/** Each modifier's bit. */
const BIT = Object.fromEntries(SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, 1 << i])) as Record<SemanticTokenModifier, number>;

/**
 * The semantic tokens of the document `uri`: sorted by start, non-overlapping (where two would overlap, the one
 * that starts first, then the longer, is kept), each on one line (a span across a line break becomes one token
 * per line). Empty when the document is not indexed.
 */
export function getSemanticTokens(index: WorkspaceIndex, uri: string): SemanticToken[] {
  const linked = index.linked(uri);
  if (!linked) return [];
  const { starts, ends, kinds, length } = tokensOf(index, uri, linked);
  return Array.from({ length }, (_, i) => ({
    span: { start: starts[i]!, end: ends[i]! },
    type: SEMANTIC_TOKEN_TYPES[kinds[i]! >> 4]!,
    modifiers: MODIFIERS_LISTED.filter((m) => (kinds[i]! & BIT[m]) !== 0),
  }));
}

/** The indexed text's tokens as the editor receives them: their LSP encoding, and where each token starts. */
interface EncodedTokens {
  /** Five numbers per token (`encodeSemanticTokens`). */
  readonly data: Uint32Array;
  /** The offset each token starts at, in order. */
  readonly starts: Uint32Array;
}

/** The encoding of each linked document's tokens, made once: the editor asks for them after every change. */
const encodings = new WeakMap<LinkedDocument, EncodedTokens>();

/** A function that places an offset of a text on its line. */
export type PositionOf = (offset: number) => LinePosition;

function encodedOf(index: WorkspaceIndex, uri: string, position: PositionOf): EncodedTokens | undefined {
  const linked = index.linked(uri);
  if (!linked) return undefined;
  let found = encodings.get(linked);
  if (!found) {
    // Encoded straight into typed arrays (the tokens come sorted): on 10 MB a million numbers, which as a JavaScript
    // array grew by copies to some 16 MB while the tokens were still held.
    const tokens = tokensOf(index, uri, linked);
    const data = new Uint32Array(tokens.length * 5);
    encodePacked(tokens, position, { line: 0, character: 0 }, data);
    found = { data, starts: tokens.starts.slice(0, tokens.length) };
    encodings.set(linked, found);
  }
  return found;
}

/**
 * The encoded semantic tokens of the document `uri` (`position` places an offset of its indexed text), made once per
 * linking of the document. Shared: callers do not change it.
 */
export function encodedSemanticTokens(index: WorkspaceIndex, uri: string, position: PositionOf): Uint32Array {
  return encodedOf(index, uri, position)?.data ?? new Uint32Array(0);
}

/**
 * The encoded semantic tokens of an edited text whose diagnostics were found in the edit's window (`EditedWindow`),
 * spliced into the indexed text's: the numbers of the tokens before the window are kept, the window's own tokens,
 * read from its linked model, are encoded, then the first token after the window again (it follows another token
 * now), and the numbers of the rest are kept, since each is encoded relative to the one before it and the edit moves
 * them alike. `position` places an offset of the edited text, `indexedPosition` one of the indexed text. The same as
 * encoding the edited text's tokens once indexed (the differential test of the window checks it); undefined when the
 * document is not linked.
 */
export function encodedTokensAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, position: PositionOf, indexedPosition: PositionOf): Uint32Array | undefined {
  const indexed = encodedOf(index, uri, indexedPosition);
  if (!indexed) return undefined;
  const { data, starts } = indexed;
  const before = partitionPoint(starts.length, (i) => starts[i]! < window.start);
  const after = partitionPoint(starts.length, (i) => starts[i]! < window.oldEnd);
  const windowTokens = tokensOf(index, uri, window.linked, { start: window.start, end: window.newEnd });
  const count = windowTokens.length;
  const middle = new Uint32Array((count + 1) * 5);
  const previous = before > 0 ? position(starts[before - 1]!) : { line: 0, character: 0 };
  const last = encodePacked(windowTokens, position, previous, middle);
  let kept = after;
  let length = count * 5;
  if (after < starts.length) {
    // The first token after the window, moved by the edit: its length, type and modifiers as they were.
    putToken(middle, length, position(starts[after]! + window.newEnd - window.oldEnd), last, data[after * 5 + 2]!, data[after * 5 + 3]!, data[after * 5 + 4]!);
    length += 5;
    kept = after + 1;
  }
  const out = new Uint32Array(before * 5 + length + data.length - kept * 5);
  out.set(data.subarray(0, before * 5));
  out.set(middle.subarray(0, length), before * 5);
  out.set(data.subarray(kept * 5), before * 5 + length);
  return out;
}

/**
 * The tokens of a linked document (those that start in `within` only, when given), packed, sorted by start, without
 * overlaps and each on one line (see `getSemanticTokens`).
 */
function tokensOf(index: WorkspaceIndex, uri: string, linked: LinkedDocument, within?: Span): PackedTokens {
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
  // Room for them all at once when the whole document is asked (a definition has a name or two; a party, aliases).
  const raw = packedTokens(within ? 0 : model.definitions.length * 2 + linked.termUses.length + linked.citations.length + linked.references.length + model.callouts.length);
  const push = (span: Span, type: SemanticTokenType, bits: number) => {
    if (within && (span.start < within.start || span.start >= within.end)) return;
    if (span.end > span.start) pushToken(raw, span.start, span.end, SEMANTIC_TOKEN_TYPES.indexOf(type) * 16 + bits);
  };

  model.definitions.forEach((def, d) => {
    const bits = BIT.declaration | (contested({ uri, definition: d }) ? BIT.contested : 0);
    for (const name of def.names) push(name.span, 'definition', bits);
  });
  for (const use of linked.termUses) {
    push(use.span, 'term', (use.term ? 0 : BIT.undefined) | (contested(use.term) ? BIT.contested : 0) | (use.outOfScope ? BIT.outOfScope : 0));
  }
  for (const citation of linked.citations) {
    const key = citation.item.keySpan;
    // The `@` belongs to the key for the reader.
    const start = text.charCodeAt(key.start - 1) === 64 ? key.start - 1 : key.start;
    push({ start, end: key.end }, 'citation', citation.source ? 0 : BIT.undefined);
  }
  for (const reference of linked.references) {
    // A Markdown link is already drawn as a link; only keyword references (`§1.1`, `Section 2`) are tokens.
    if (reference.reference.kind !== 'keyword') continue;
    push(reference.reference.span, 'clauseReference', reference.clause === undefined ? BIT.undefined : 0);
  }
  for (const party of model.frontMatter?.parties ?? []) {
    push(party.span, 'party', BIT.declaration);
    for (const alias of party.aliases) push(alias.span, 'party', BIT.declaration);
  }
  for (const callout of model.callouts) {
    if (callout.party && callout.partySpan) push(callout.partySpan, 'party', isDeclaredParty(model, callout.party) ? 0 : BIT.undefined);
  }

  const tokens = packedTokens(raw.length);
  let reached = -1;
  for (const i of byStart(raw)) {
    const start = raw.starts[i]!;
    if (start < reached) continue;
    reached = raw.ends[i]!;
    splitLines(text, start, reached, raw.kinds[i]!, tokens);
  }
  return tokens;
}

/**
 * The order of `tokens` by start, then the longer first, then by `PRIORITY_OF_TYPE`, then as given. A natural merge
 * sort: each kind of token comes in the document's order, so the list is a few sorted runs, merged in pairs.
 */
function byStart(tokens: PackedTokens): Uint32Array {
  const { starts, ends, kinds } = tokens;
  const n = tokens.length;
  const less = (a: number, b: number) =>
    starts[a]! !== starts[b]! ? starts[a]! < starts[b]! : ends[a]! !== ends[b]! ? ends[a]! > ends[b]! : PRIORITY_OF_TYPE[kinds[a]! >> 4]! !== PRIORITY_OF_TYPE[kinds[b]! >> 4]! ? PRIORITY_OF_TYPE[kinds[a]! >> 4]! < PRIORITY_OF_TYPE[kinds[b]! >> 4]! : a < b;
  let from = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  // Where each sorted run starts, and the end.
  let bounds = [0];
  for (let i = 1; i < n; i++) if (less(i, i - 1)) bounds.push(i);
  bounds.push(n);
  let to = new Uint32Array(n);
  while (bounds.length > 2) {
    const merged = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r]!;
      const mid = bounds[r + 1]!;
      const hi = r + 2 < bounds.length ? bounds[r + 2]! : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) to[k++] = less(from[j]!, from[i]!) ? from[j++]! : from[i++]!;
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
      merged.push(hi);
    }
    bounds = merged;
    [from, to] = [to, from];
  }
  return from;
}

/** True when `written` is a party's name or alias in the front matter (case-insensitive). */
function isDeclaredParty(model: DocumentModel, written: string): boolean {
  const lower = written.trim().toLowerCase();
  return (model.frontMatter?.parties ?? []).some((p) => p.name.toLowerCase() === lower || p.aliases.some((a) => a.name.toLowerCase() === lower));
}

/**
 * Pushes the token `[from, end)` of kind `kind` as one token per line it covers. A continuation line starts after
 * its indentation and block quote marks (`> `), which are not part of the term.
 */
function splitLines(text: TextSource, from: number, end: number, kind: number, out: PackedTokens): void {
  const emit = (s: number, e: number) => {
    if (e > s) pushToken(out, s, e, kind);
  };
  let start = from;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    emit(start, i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
    for (let k = text.charCodeAt(start); start < end && (k === 32 || k === 9 || k === 62); k = text.charCodeAt(start)) start++;
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
  const packed = packedTokens(sorted.length);
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
    // Its length as placed (an end past the text is the text's end).
    pushToken(packed, token.span.start, token.span.start + end.character - start.character, type * 16 + bits);
  }
  const data = new Uint32Array(packed.length * 5);
  encodePacked(packed, (offset) => lineIndex.position(offset), { line: 0, character: 0 }, data);
  return Array.from(data);
}

/** Writes at `at` the five numbers of a token starting at `start`, encoded relative to the token before it (at `previous`). */
function putToken(data: Uint32Array, at: number, start: LinePosition, previous: LinePosition, length: number, type: number, bits: number): void {
  const deltaLine = start.line - previous.line;
  data[at] = deltaLine;
  data[at + 1] = deltaLine === 0 ? start.character - previous.character : start.character;
  data[at + 2] = length;
  data[at + 3] = type;
  data[at + 4] = bits;
}

/**
 * Writes into `data`, from its start, the encoding of packed tokens (in order, each on one line, as `tokensOf` gives
 * them; `data` holds five numbers for each), the first relative to `previous`; `position` places an offset. Returns
 * where the last token starts (`previous` when there is none). A token's end is on its start's line, so only its
 * start is placed.
 */
function encodePacked(tokens: PackedTokens, position: PositionOf, previous: LinePosition, data: Uint32Array): LinePosition {
  const { starts, ends, kinds } = tokens;
  let last = previous;
  for (let i = 0; i < tokens.length; i++) {
    const start = position(starts[i]!);
    putToken(data, i * 5, start, last, ends[i]! - starts[i]!, kinds[i]! >> 4, kinds[i]! & MODIFIER_MASK);
    last = start;
  }
  return last;
}
