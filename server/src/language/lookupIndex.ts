// Position indexes of one document, built once per model or per linked document and kept beside it in weak maps: what
// stands at an offset (definition names, citation keys, clause references, clause numbers and ids, party names in
// callouts) by binary search, callouts by what they annotate, citations by position, sections by start, the line
// index, and the fenced code and HTML comments completion must stay out of. A new model or a new link (after any
// change to the workspace) gets new indexes; lookups then cost the logarithm of the document, never its length.

import type { Callout, Definition, DocumentModel, Span } from '../syntax/model.js';
import { LineIndex } from './lineIndex.js';
import type { CitationUse, LinkedDocument, ReferenceUse } from './link.js';

/** One span of an item: the item's index in its list, and which of its spans (`tag`) when it has several. */
interface SpanEntry {
  readonly start: number;
  readonly end: number;
  readonly item: number;
  readonly tag: number;
}

/**
 * Spans sorted by start, searched by binary search. `at(offset)` answers what a walk over the items in list order
 * (each item's spans in tag order) would find first: the entry of the lowest item, then the lowest tag, whose span
 * holds the offset, ends included.
 */
export class SpanIndex {
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  /** The largest end among the entries up to each one: the backward scan stops where it falls below the offset. */
  readonly #maxEnds: Int32Array;
  readonly #items: Int32Array;
  readonly #tags: Int32Array;

  constructor(entries: SpanEntry[]) {
    entries.sort((a, b) => a.start - b.start || a.item - b.item || a.tag - b.tag);
    const n = entries.length;
    this.#starts = new Int32Array(n);
    this.#ends = new Int32Array(n);
    this.#maxEnds = new Int32Array(n);
    this.#items = new Int32Array(n);
    this.#tags = new Int32Array(n);
    let maxEnd = -1;
    entries.forEach((e, i) => {
      this.#starts[i] = e.start;
      this.#ends[i] = e.end;
      this.#items[i] = e.item;
      this.#tags[i] = e.tag;
      maxEnd = Math.max(maxEnd, e.end);
      this.#maxEnds[i] = maxEnd;
    });
  }

  /** The first item (and which of its spans) holding `offset`, or undefined. */
  at(offset: number): { item: number; tag: number } | undefined {
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    let best: { item: number; tag: number } | undefined;
    for (let i = lo - 1; i >= 0 && this.#maxEnds[i]! >= offset; i--) {
      if (this.#ends[i]! < offset) continue;
      const item = this.#items[i]!;
      const tag = this.#tags[i]!;
      if (!best || item < best.item || (item === best.item && tag < best.tag)) best = { item, tag };
    }
    return best;
  }
}

/** Indexes of a model's own content: independent of the workspace, so kept as long as the model lives. */
export interface ModelIndex {
  /** Definition names: item = definition, tag = name (only where the name also lies inside the definition's block). */
  readonly definitionNames: SpanIndex;
  /** Clause ids (tag 0) and numbers (tag 1): item = clause. */
  readonly clauseNames: SpanIndex;
  /** Party names of callouts: item = callout. */
  readonly calloutParties: SpanIndex;
  /** Callouts by what they annotate (`definition:3`, `clause:7`), in document order. */
  readonly calloutsByTarget: ReadonlyMap<string, readonly Callout[]>;
  /** Citation indexes sorted by the start of the citation's span. */
  readonly citationsByStart: Int32Array;
  /** True when the sections stand in the order of their heading's start (binary search applies). */
  readonly sectionsSorted: boolean;
}

const modelIndexes = new WeakMap<DocumentModel, ModelIndex>();

/** The indexes of `model`, built on first use. */
export function modelIndex(model: DocumentModel): ModelIndex {
  let found = modelIndexes.get(model);
  if (found) return found;
  const definitionNames: SpanEntry[] = [];
  model.definitions.forEach((def: Definition, d) => {
    def.names.forEach((name, n) => {
      const start = Math.max(name.span.start, def.blockSpan.start);
      const end = Math.min(name.span.end, def.blockSpan.end);
      if (start <= end) definitionNames.push({ start, end, item: d, tag: n });
    });
  });
  const clauseNames: SpanEntry[] = [];
  model.clauses.forEach((clause, c) => {
    if (clause.idSpan) clauseNames.push({ start: clause.idSpan.start, end: clause.idSpan.end, item: c, tag: 0 });
    clauseNames.push({ start: clause.numberSpan.start, end: clause.numberSpan.end, item: c, tag: 1 });
  });
  const calloutParties: SpanEntry[] = [];
  const calloutsByTarget = new Map<string, Callout[]>();
  model.callouts.forEach((callout, i) => {
    if (callout.party && callout.partySpan) calloutParties.push({ start: callout.partySpan.start, end: callout.partySpan.end, item: i, tag: 0 });
    if (callout.target) {
      const key = `${callout.target.kind}:${callout.target.index}`;
      const list = calloutsByTarget.get(key);
      if (list) list.push(callout);
      else calloutsByTarget.set(key, [callout]);
    }
  });
  const citationsByStart = Int32Array.from(model.citations.keys());
  citationsByStart.sort((a, b) => model.citations[a]!.span.start - model.citations[b]!.span.start || a - b);
  let sectionsSorted = true;
  for (let i = 1; i < model.sections.length; i++) if (model.sections[i]!.headSpan.start < model.sections[i - 1]!.headSpan.start) sectionsSorted = false;
  found = {
    definitionNames: new SpanIndex(definitionNames),
    clauseNames: new SpanIndex(clauseNames),
    calloutParties: new SpanIndex(calloutParties),
    calloutsByTarget,
    citationsByStart,
    sectionsSorted,
  };
  modelIndexes.set(model, found);
  return found;
}

/** The callouts attached to a definition or clause, in document order. */
export function calloutsOf(model: DocumentModel, kind: 'definition' | 'clause', index: number): readonly Callout[] {
  return modelIndex(model).calloutsByTarget.get(`${kind}:${index}`) ?? [];
}

/** Indexes of the citations of `model` whose span lies inside `span`, in model order. */
export function citationsInside(model: DocumentModel, span: Span): number[] {
  const order = modelIndex(model).citationsByStart;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (model.citations[order[mid]!]!.span.start < span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < order.length; i++) {
    const citation = model.citations[order[i]!]!;
    if (citation.span.start > span.end) break;
    if (citation.span.end <= span.end) out.push(order[i]!);
  }
  return out.sort((a, b) => a - b);
}

/** The index of the last section (in model order) whose heading starts at or before `offset`, or -1. */
export function lastSectionBefore(model: DocumentModel, offset: number): number {
  const sections = model.sections;
  if (!modelIndex(model).sectionsSorted) {
    for (let i = sections.length - 1; i >= 0; i--) if (sections[i]!.headSpan.start <= offset) return i;
    return -1;
  }
  let lo = 0;
  let hi = sections.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid]!.headSpan.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Indexes of a linked document: the citations and clause references it resolves, by position. */
export interface LinkedIndex {
  /** Citation keys, with the `@` before them: item = index in `linked.citations`. */
  readonly citationKeys: SpanIndex;
  /** Clause references (tag 0) and their targets (tag 1): item = index in `linked.references`. */
  readonly references: SpanIndex;
  /** Indexes of `linked.citations` sorted by the start of their key. */
  readonly citationsByKeyStart: Int32Array;
}

const linkedIndexes = new WeakMap<LinkedDocument, LinkedIndex>();

/** The indexes of `linked`, built on first use (and again after the next link). */
export function linkedIndex(linked: LinkedDocument): LinkedIndex {
  let found = linkedIndexes.get(linked);
  if (found) return found;
  const text = linked.model.text;
  const keys: SpanEntry[] = linked.citations.map((c: CitationUse, i) => {
    const { start, end } = c.item.keySpan;
    return { start: text[start - 1] === '@' ? start - 1 : start, end, item: i, tag: 0 };
  });
  const references: SpanEntry[] = [];
  linked.references.forEach((r: ReferenceUse, i) => {
    references.push({ start: r.reference.span.start, end: r.reference.span.end, item: i, tag: 0 });
    references.push({ start: r.reference.targetSpan.start, end: r.reference.targetSpan.end, item: i, tag: 1 });
  });
  const citationsByKeyStart = Int32Array.from(linked.citations.keys());
  citationsByKeyStart.sort((a, b) => linked.citations[a]!.item.keySpan.start - linked.citations[b]!.item.keySpan.start || a - b);
  found = { citationKeys: new SpanIndex(keys), references: new SpanIndex(references), citationsByKeyStart };
  linkedIndexes.set(linked, found);
  return found;
}

/** The citation uses of `linked` whose key lies inside `span`, in link order. */
export function citationUsesInside(linked: LinkedDocument, span: Span): CitationUse[] {
  const order = linkedIndex(linked).citationsByKeyStart;
  const uses = linked.citations;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (uses[order[mid]!]!.item.keySpan.start < span.start) lo = mid + 1;
    else hi = mid;
  }
  const found: number[] = [];
  for (let i = lo; i < order.length; i++) {
    const key = uses[order[i]!]!.item.keySpan;
    if (key.start > span.end) break;
    if (key.end <= span.end) found.push(order[i]!);
  }
  return found.sort((a, b) => a - b).map((i) => uses[i]!);
}

/** The first citation use of `linked` (in link order) whose key starts at `start`, or undefined. */
export function citationUseStartingAt(linked: LinkedDocument, start: number): CitationUse | undefined {
  const order = linkedIndex(linked).citationsByKeyStart;
  const uses = linked.citations;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (uses[order[mid]!]!.item.keySpan.start < start) lo = mid + 1;
    else hi = mid;
  }
  // Equal starts are sorted by link order: the first is the one a walk in link order finds.
  return lo < order.length && uses[order[lo]!]!.item.keySpan.start === start ? uses[order[lo]!] : undefined;
}

const lineIndexes = new WeakMap<object, LineIndex>();

/** The line index of a text, kept beside the object that owns the text (a model or a bibliography file). */
export function lineIndexOf(owner: object, text: string): LineIndex {
  let lines = lineIndexes.get(owner);
  if (!lines) {
    lines = new LineIndex(text);
    lineIndexes.set(owner, lines);
  }
  return lines;
}
