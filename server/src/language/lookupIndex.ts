// Position indexes of one document, built once per model or per linked document and kept beside it in weak maps: what
// stands at an offset (definition names, citation keys, clause references, clause numbers and ids, party names in
// callouts) by binary search, the innermost clause at an offset, callouts by what they annotate, citations by
// position, sections by start, the line index. Each is built on first use. A new model or a new link (after any change to the workspace) gets new indexes;
// lookups then cost the logarithm of the document, never its length.

import { partitionPoint } from '../syntax/search.js';
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
    const starts = this.#starts;
    const lo = partitionPoint(starts.length, (i) => starts[i]! <= offset);
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

/**
 * Indexes of a model's own content: independent of the workspace, so kept as long as the model lives. Each is built
 * on first use, so a request pays only for what it reads (a hover on a term use never builds the clause index).
 */
export class ModelIndex {
  readonly #model: DocumentModel;
  #definitionNames?: SpanIndex;
  #clauseNames?: SpanIndex;
  #calloutParties?: SpanIndex;
  #calloutsByTarget?: ReadonlyMap<string, readonly Callout[]>;
  #citationsByStart?: Int32Array;
  #sectionsSorted?: boolean;

  constructor(model: DocumentModel) {
    this.#model = model;
  }

  /** Definition names: item = definition, tag = name (only where the name also lies inside the definition's block). */
  get definitionNames(): SpanIndex {
    return (this.#definitionNames ??= new SpanIndex(
      this.#model.definitions.flatMap((def: Definition, d) =>
        def.names.flatMap((name, n) => {
          const start = Math.max(name.span.start, def.blockSpan.start);
          const end = Math.min(name.span.end, def.blockSpan.end);
          return start <= end ? [{ start, end, item: d, tag: n }] : [];
        }),
      ),
    ));
  }

  /** Clause ids (tag 0) and numbers (tag 1): item = clause. */
  get clauseNames(): SpanIndex {
    if (!this.#clauseNames) {
      const entries: SpanEntry[] = [];
      this.#model.clauses.forEach((clause, c) => {
        if (clause.idSpan) entries.push({ start: clause.idSpan.start, end: clause.idSpan.end, item: c, tag: 0 });
        entries.push({ start: clause.numberSpan.start, end: clause.numberSpan.end, item: c, tag: 1 });
      });
      this.#clauseNames = new SpanIndex(entries);
    }
    return this.#clauseNames;
  }

  /** Party names of callouts: item = callout. */
  get calloutParties(): SpanIndex {
    return (this.#calloutParties ??= new SpanIndex(
      this.#model.callouts.flatMap((callout, i) => (callout.party && callout.partySpan ? [{ start: callout.partySpan.start, end: callout.partySpan.end, item: i, tag: 0 }] : [])),
    ));
  }

  /** Callouts by what they annotate (`definition:3`, `clause:7`), in document order. */
  get calloutsByTarget(): ReadonlyMap<string, readonly Callout[]> {
    if (!this.#calloutsByTarget) {
      const map = new Map<string, Callout[]>();
      for (const callout of this.#model.callouts) {
        if (!callout.target) continue;
        const key = `${callout.target.kind}:${callout.target.index}`;
        const list = map.get(key);
        if (list) list.push(callout);
        else map.set(key, [callout]);
      }
      this.#calloutsByTarget = map;
    }
    return this.#calloutsByTarget;
  }

  /** Citation indexes sorted by the start of the citation's span. */
  get citationsByStart(): Int32Array {
    if (!this.#citationsByStart) {
      const citations = this.#model.citations;
      const order = Int32Array.from(citations.keys());
      order.sort((a, b) => citations[a]!.span.start - citations[b]!.span.start || a - b);
      this.#citationsByStart = order;
    }
    return this.#citationsByStart;
  }

  /** True when the sections stand in the order of their heading's start (binary search applies). */
  get sectionsSorted(): boolean {
    if (this.#sectionsSorted === undefined) {
      const sections = this.#model.sections;
      let sorted = true;
      for (let i = 1; i < sections.length && sorted; i++) if (sections[i]!.headSpan.start < sections[i - 1]!.headSpan.start) sorted = false;
      this.#sectionsSorted = sorted;
    }
    return this.#sectionsSorted;
  }

  /** One call per index, each building it (for building ahead in pieces; a built index costs nothing). */
  pieces(): (() => void)[] {
    return [
      () => this.definitionNames,
      () => this.clauseNames,
      () => this.calloutParties,
      () => this.calloutsByTarget,
      () => this.citationsByStart,
      () => this.sectionsSorted,
    ];
  }
}

const modelIndexes = new WeakMap<DocumentModel, ModelIndex>();

/** The indexes of `model` (each built on first use). */
export function modelIndex(model: DocumentModel): ModelIndex {
  let found = modelIndexes.get(model);
  if (!found) modelIndexes.set(model, (found = new ModelIndex(model)));
  return found;
}

/** The callouts attached to a definition or clause, in document order. */
export function calloutsOf(model: DocumentModel, kind: 'definition' | 'clause', index: number): readonly Callout[] {
  return modelIndex(model).calloutsByTarget.get(`${kind}:${index}`) ?? [];
}

/** Indexes of the citations of `model` whose span lies inside `span`, in model order. */
export function citationsInside(model: DocumentModel, span: Span): number[] {
  const order = modelIndex(model).citationsByStart;
  const lo = partitionPoint(order.length, (i) => model.citations[order[i]!]!.span.start < span.start);
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
  return partitionPoint(sections.length, (i) => sections[i]!.headSpan.start <= offset) - 1;
}

/** Indexes of a linked document: the citations and clause references it resolves, by position, each built on first use. */
export class LinkedIndex {
  readonly #linked: LinkedDocument;
  #citationKeys?: SpanIndex;
  #references?: SpanIndex;
  #citationsByKeyStart?: Int32Array;

  constructor(linked: LinkedDocument) {
    this.#linked = linked;
  }

  /** Citation keys, with the `@` before them: item = index in `linked.citations`. */
  get citationKeys(): SpanIndex {
    const text = this.#linked.model.text;
    return (this.#citationKeys ??= new SpanIndex(
      this.#linked.citations.map((c: CitationUse, i) => {
        const { start, end } = c.item.keySpan;
        return { start: text[start - 1] === '@' ? start - 1 : start, end, item: i, tag: 0 };
      }),
    ));
  }

  /** Clause references (tag 0) and their targets (tag 1): item = index in `linked.references`. */
  get references(): SpanIndex {
    if (!this.#references) {
      const entries: SpanEntry[] = [];
      this.#linked.references.forEach((r: ReferenceUse, i) => {
        entries.push({ start: r.reference.span.start, end: r.reference.span.end, item: i, tag: 0 });
        entries.push({ start: r.reference.targetSpan.start, end: r.reference.targetSpan.end, item: i, tag: 1 });
      });
      this.#references = new SpanIndex(entries);
    }
    return this.#references;
  }

  /** Indexes of `linked.citations` sorted by the start of their key. */
  get citationsByKeyStart(): Int32Array {
    if (!this.#citationsByKeyStart) {
      const uses = this.#linked.citations;
      const order = Int32Array.from(uses.keys());
      order.sort((a, b) => uses[a]!.item.keySpan.start - uses[b]!.item.keySpan.start || a - b);
      this.#citationsByKeyStart = order;
    }
    return this.#citationsByKeyStart;
  }

  /** One call per index, each building it (for building ahead in pieces; a built index costs nothing). */
  pieces(): (() => void)[] {
    return [() => this.citationKeys, () => this.references, () => this.citationsByKeyStart];
  }
}

const linkedIndexes = new WeakMap<LinkedDocument, LinkedIndex>();

/** The indexes of `linked` (each built on first use, and again after the next link). */
export function linkedIndex(linked: LinkedDocument): LinkedIndex {
  let found = linkedIndexes.get(linked);
  if (!found) linkedIndexes.set(linked, (found = new LinkedIndex(linked)));
  return found;
}

/** The citation uses of `linked` whose key lies inside `span`, in link order. */
export function citationUsesInside(linked: LinkedDocument, span: Span): CitationUse[] {
  const order = linkedIndex(linked).citationsByKeyStart;
  const uses = linked.citations;
  const lo = firstKeyFrom(linked, span.start);
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
  const lo = firstKeyFrom(linked, start);
  // Equal starts are sorted by link order: the first is the one a walk in link order finds.
  return lo < order.length && uses[order[lo]!]!.item.keySpan.start === start ? uses[order[lo]!] : undefined;
}

/** The place in `citationsByKeyStart` of the first citation use whose key starts at or after `start`. */
function firstKeyFrom(linked: LinkedDocument, start: number): number {
  const order = linkedIndex(linked).citationsByKeyStart;
  return partitionPoint(order.length, (i) => linked.citations[order[i]!]!.item.keySpan.start < start);
}

/**
 * Index of the innermost clause whose span holds `offset`, or -1. Clauses are listed in document order and nest:
 * the last clause that starts at or before the offset holds it, or one of its ancestors does (binary search, then a
 * walk up the parents).
 */
export function clauseAt(model: DocumentModel, offset: number): number {
  const clauses = model.clauses;
  let i = partitionPoint(clauses.length, (k) => clauses[k]!.span.start <= offset) - 1;
  while (i >= 0 && offset >= clauses[i]!.span.end) i = clauses[i]!.parent < i ? clauses[i]!.parent : -1;
  return i;
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
