// One top-level block as the document model reads it: its parse (items, citations, term links) and the facts of
// its items that need no other block (definitions found, keyword references, unclosed markers, suppressions, link
// references), so that an edit reads again only the blocks it touches and moves the others (`shiftBlock`).

import type { Block } from './blockSplit.js';
import { readLeadingNumber } from './clauseNumber.js';
import type { ItemMemo } from './extract/clauses.js';
import { findDefinitions, type FoundDefinition } from './extract/definitions.js';
import { findKeywordReferences, linkReference } from './extract/references.js';
import { findSuppressions } from './extract/suppressions.js';
import type { Citation, ClauseReference, Span, Suppression, SyntaxProblem, TermLink, TextRun } from './model.js';
import { ownCopy, parseBlockText, type BlockItem } from './parseBlock.js';
import { runSpan } from './runs.js';
import type { TextSource } from './textSource.js';

/** What the document needs of one item beyond the item itself; computed once per block text. */
export interface ItemFacts {
  /** Definitions found in a paragraph outside callouts (run indexes: they do not move with the block). */
  readonly definitions?: readonly FoundDefinition[];
  /** Keyword references of a heading, paragraph or cell (see `ReferencesMemo`). */
  readonly references?: ReferencesMemo;
  /** `[[` or `[@` not closed on their line (absent when there are none). */
  readonly unclosed?: readonly SyntaxProblem[];
  readonly suppressions?: readonly Suppression[];
  readonly linkReference?: ClauseReference;
  /** What the clause tree reads of a heading or paragraph wherever it stands (shared by moved copies). */
  readonly memo?: ItemMemo;
}

/**
 * An item's keyword references by how many leading run characters were skipped (a clause's own number): those of
 * the number the clause tree will skip, read ahead, and any other skip's added on demand. A plain object rather than
 * a map per item: a large document has tens of thousands of items, and a map costs several times its one entry.
 */
export interface ReferencesMemo {
  readonly skip: number;
  readonly refs: readonly ClauseReference[];
  /** The references under other skips, as they are asked for. */
  others?: Map<number, readonly ClauseReference[]>;
}

/** The references of the many runs that have none: one shared list. */
const NO_REFERENCES: readonly ClauseReference[] = Object.freeze([]);

/** One block read, with absolute offsets. */
export interface BlockRead {
  readonly start: number;
  readonly end: number;
  readonly first: boolean;
  /** The document's link definition lines the block was parsed with. */
  readonly linkDefinitions: string;
  /** The link definition lines written in this block. */
  readonly ownLinkDefinitions: readonly string[];
  readonly items: readonly BlockItem[];
  readonly facts: readonly ItemFacts[];
  readonly citations: readonly Citation[];
  readonly termLinks: readonly TermLink[];
}

const LINK_DEFINITION = /^ {0,3}\[(?:[^\]\n\\]|\\.)+\]:[^\n]*$/gm;

/** The link reference and footnote definition lines of a text. */
export function linkDefinitionLines(text: string): string[] {
  return text.includes(']:') ? (text.match(LINK_DEFINITION) ?? []) : [];
}

/** Reads `text[block.start, block.end)`; `linkDefinitions` are the document's link definition lines. */
export function readBlock(text: TextSource, block: Block, linkDefinitions: string): BlockRead {
  return readBlockText(ownCopy(text.slice(block.start, block.end)), block, linkDefinitions);
}

/** Reads a block from its own text `local` (which must not be a slice of a larger string that should be freed). */
export function readBlockText(local: string, block: Block, linkDefinitions: string): BlockRead {
  return readBlocksText(local, [block], linkDefinitions)[0]!;
}

/**
 * Reads consecutive blocks from their joint text `local` (from the first block's start to the last one's end) with
 * one parse: the readings `readBlockText` gives each block alone, since a block parses the same alone as inside a
 * larger text, without remark's set-up cost per parse (about 65 µs, more than the parse of a small block). Each
 * reading then shares `local` (the strings cut from it keep it alive), so a caller groups blocks that come and go
 * together: a cold read, not an edit's window.
 */
export function readBlocksText(local: string, blocks: readonly Block[], linkDefinitions: string): BlockRead[] {
  const base = blocks[0]?.start ?? 0;
  const parsed = parseBlockText(local, base, linkDefinitions);
  let item = 0;
  let citation = 0;
  let termLink = 0;
  return blocks.map((block) => {
    const items = takeWhile(parsed.items, item, (i) => i.span.start < block.end);
    item += items.length;
    const citations = takeWhile(parsed.citations, citation, (c) => c.span.start < block.end);
    citation += citations.length;
    const termLinks = takeWhile(parsed.termLinks, termLink, (t) => t.span.start < block.end);
    termLink += termLinks.length;
    return {
      start: block.start,
      end: block.end,
      first: block.first,
      linkDefinitions,
      ownLinkDefinitions: linkDefinitionLines(blocks.length === 1 ? local : local.slice(block.start - base, block.end - base)),
      items,
      facts: items.map((it) => factsOf(it, local, base)),
      citations,
      termLinks,
    };
  });
}

/** The items of `list` from `from` on while `belongs` holds (the whole list when it always does and `from` is 0). */
function takeWhile<T>(list: readonly T[], from: number, belongs: (item: T) => boolean): readonly T[] {
  let to = from;
  while (to < list.length && belongs(list[to]!)) to++;
  return from === 0 && to === list.length ? list : list.slice(from, to);
}

/** The keyword references of an item's run when its first `skip` characters are skipped (memoized per item). */
export function referencesOf(facts: ItemFacts, run: TextRun, skip: number): readonly ClauseReference[] {
  const memo = facts.references;
  if (!memo) return findKeywordReferences(run, skip);
  if (memo.skip === skip) return memo.refs;
  let refs = memo.others?.get(skip);
  if (!refs) {
    refs = findKeywordReferences(run, skip);
    (memo.others ??= new Map()).set(skip, refs);
  }
  return refs;
}

/** The references read ahead for `skip`, the shared empty list when there are none. */
function referencesMemo(run: TextRun, skip: number): ReferencesMemo {
  const refs = findKeywordReferences(run, skip);
  return { skip, refs: refs.length === 0 ? NO_REFERENCES : refs };
}

const MARKER = /^\(([a-zA-Z0-9]{1,5})\)(?=\s)/;

/** How many leading characters of a run the clause tree will take as the clause's number, if it opens one. */
export function likelyNumberLength(item: BlockItem): number {
  if (item.kind !== 'heading' && item.kind !== 'paragraph') return 0;
  const text = item.run.text;
  const lead = text.length - text.trimStart().length;
  const n = readLeadingNumber(text.slice(lead));
  if (n && /^(?:\s|$)/.test(text.slice(lead + n.length)) && (item.kind === 'heading' || (!n.keyword && n.parts >= 2))) return lead + n.length;
  const marker = item.kind === 'paragraph' ? MARKER.exec(text.slice(lead)) : null;
  return marker ? lead + marker[0].length : 0;
}

/** The facts of one item; `local` is the block's own text, which starts at document offset `base`. */
function factsOf(item: BlockItem, local: string, base: number): ItemFacts {
  switch (item.kind) {
    case 'heading':
    case 'paragraph':
    case 'cell': {
      const skip = item.kind === 'cell' ? 0 : likelyNumberLength(item);
      // Built by assignment, not by spreads (an object literal with a spread is made in dictionary mode, several
      // times larger), and without the empty lists most items would carry.
      const facts: { references: ReferencesMemo; unclosed?: readonly SyntaxProblem[]; memo?: ItemMemo; definitions?: readonly FoundDefinition[] } = { references: referencesMemo(item.run, skip) };
      const unclosed = unclosedIn(item.run, local, base);
      if (unclosed.length > 0) facts.unclosed = unclosed;
      if (item.kind !== 'cell') facts.memo = new Map<string, unknown>();
      const definitions = item.kind === 'paragraph' && item.place !== 'callout' ? findDefinitions(item.run) : undefined;
      if (definitions && definitions.length > 0) facts.definitions = definitions;
      return facts;
    }
    case 'html':
      return { suppressions: findSuppressions(item) };
    case 'link': {
      const ref = linkReference(item, local, base);
      return ref ? { linkReference: ref } : {};
    }
    default:
      return {};
  }
}

/** `[[` or `[@` left in a run is one our inline syntax did not close on its line (escaped ones excepted). */
function unclosedIn(run: TextRun, source: string, base: number): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const text = run.text;
  // Per line, where the last "]]" and "]" stand, so that each opener is checked in constant time.
  let lineEnd = -1;
  let lastDouble = -1;
  let lastSingle = -1;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
    const next = text[i + 1];
    if (next !== '[' && next !== '@') continue;
    if (i > lineEnd) {
      const eol = text.indexOf('\n', i);
      lineEnd = eol < 0 ? text.length : eol;
      // Searched in the line only: `lastIndexOf` on the whole text walks back to its start when the line has no
      // "]]", which made a paragraph of many such lines quadratic.
      const lineStart = text.lastIndexOf('\n', i) + 1;
      const line = text.slice(lineStart, lineEnd);
      const double = line.lastIndexOf(']]');
      const single = line.lastIndexOf(']');
      lastDouble = double < 0 ? -1 : lineStart + double;
      lastSingle = single < 0 ? -1 : lineStart + single;
    }
    const span = runSpan(run, i, i + 2);
    if (source[span.start - base - 1] === '\\' || source[span.start - base] !== '[') continue;
    if (next === '[' && lastDouble < i + 2) {
      problems.push({ code: 'syntax.unclosed', message: 'Term link "[[" is not closed with "]]" on its line', span });
      i++;
    } else if (next === '@' && lastSingle < i + 2) {
      problems.push({ code: 'syntax.unclosed', message: 'Citation "[@" is not closed with "]" on its line', span });
    }
  }
  return problems;
}

/** The same block read, moved to start at `start` (an edit before it changed the text's length). */
export function shiftBlock(read: BlockRead, start: number): BlockRead {
  const d = start - read.start;
  if (d === 0) return read;
  const span = (s: Span): Span => ({ start: s.start + d, end: s.end + d });
  const run = (r: TextRun): TextRun => ({
    text: r.text,
    kind: r.kind,
    pieces: r.pieces.map((p) => (p.sourceEnd !== undefined ? { ...p, sourceStart: p.sourceStart + d, sourceEnd: p.sourceEnd + d } : { ...p, sourceStart: p.sourceStart + d })),
  });
  const reference = (r: ClauseReference): ClauseReference => ({ ...r, span: span(r.span), targetSpan: r.targetSpan === r.span ? span(r.span) : span(r.targetSpan) });
  const references = (refs: readonly ClauseReference[]) => (refs.length === 0 ? refs : refs.map(reference));
  const moveReferences = (m: ReferencesMemo): ReferencesMemo =>
    m.others
      ? { skip: m.skip, refs: references(m.refs), others: new Map([...m.others].map(([skip, refs]) => [skip, references(refs)])) }
      : { skip: m.skip, refs: references(m.refs) };
  const items = read.items.map((item): BlockItem => {
    switch (item.kind) {
      case 'heading':
      case 'paragraph':
      case 'cell':
        return { ...item, span: span(item.span), run: run(item.run) };
      case 'callout':
        return { ...item, span: span(item.span), markerSpan: span(item.markerSpan), ...(item.partySpan ? { partySpan: span(item.partySpan) } : {}) };
      case 'yaml':
        return { ...item, span: span(item.span), valueStart: item.valueStart + d };
      default:
        return { ...item, span: span(item.span) };
    }
  });
  const facts = read.facts.map((f): ItemFacts => ({
    ...(f.definitions ? { definitions: f.definitions } : {}),
    ...(f.references ? { references: moveReferences(f.references) } : {}),
    ...(f.unclosed ? { unclosed: f.unclosed.map((p) => ({ ...p, span: span(p.span) })) } : {}),
    ...(f.suppressions ? { suppressions: f.suppressions.map((s) => ({ ...s, span: span(s.span) })) } : {}),
    ...(f.linkReference ? { linkReference: reference(f.linkReference) } : {}),
    ...(f.memo ? { memo: f.memo } : {}),
  }));
  return {
    ...read,
    start,
    end: read.end + d,
    items,
    facts,
    citations: read.citations.map((c) => ({ span: span(c.span), items: c.items.map((i) => ({ ...i, keySpan: span(i.keySpan) })) })),
    termLinks: read.termLinks.map((t) => ({ ...t, span: span(t.span), targetSpan: span(t.targetSpan), ...(t.shownSpan ? { shownSpan: span(t.shownSpan) } : {}) })),
  };
}
