// Workspace-wide facts (the uses of each term, the documents citing each key, the documents defining each name),
// kept as per-document contributions: re-linking or re-parsing one document takes back what it added and adds what
// it now says, so no fact is ever recomputed from every document. Lists come in the index's document order, as a
// pass over every document would give them.

import type { DocumentModel } from '../syntax/model.js';
import type { TermRef, TermUse } from './link.js';

/** A use somewhere in the workspace. */
export interface WorkspaceTermUse {
  readonly uri: string;
  readonly use: TermUse;
}

/** The key of a term reference in maps. */
export function termKey(ref: TermRef): string {
  return `${ref.uri}#${ref.definition}`;
}

/** Facts of every document, updated document by document; `order` gives a document's place in the index. */
export class WorkspaceFacts {
  /**
   * Term key → document → its uses of the term, in text order: the use itself when there is one (the common case),
   * else an array of exactly that length. Thousands of documents each keep some hundred of these, so no spare room.
   */
  readonly #uses = new Map<string, UsesOfTerm>();
  /** Document → the terms it uses (the entries themselves: one key string per term, not one per document). */
  readonly #usedBy = new Map<string, readonly UsesOfTerm[]>();
  /** Citation key → documents citing it. */
  readonly #citing = new Map<string, Set<string>>();
  readonly #citedBy = new Map<string, readonly string[]>();
  /** Defined name, lower case → documents defining it. */
  readonly #defining = new Map<string, Set<string>>();
  readonly #definedBy = new Map<string, readonly string[]>();
  readonly #order: (uri: string) => number;
  #version = 0;
  /** What the computation under way reads (see `observe`); and when each fact last changed, by `#tick`. */
  #reads: FactReads | undefined;
  #tick = 0;
  readonly #changedAt = new Map<string, number>();

  constructor(order: (uri: string) => number) {
    this.#order = order;
  }

  /**
   * Bumped whenever a document's term uses change hands: for caches of derived facts whose users read, through the
   * index and these facts, what the cached values were made of (reading it is not noted as a read of every fact).
   */
  get version(): number {
    return this.#version;
  }

  /** Counts changes of single facts (see `changedAfter`). */
  get tick(): number {
    return this.#tick;
  }

  /** Notes into `reads` the facts read from now on (undefined: none); returns what was noted into before. */
  observe(reads: FactReads | undefined): FactReads | undefined {
    const outer = this.#reads;
    this.#reads = reads;
    return outer;
  }

  /** Whether the fact `key` (as `FactReads.keys` holds it) changed after `tick`. */
  changedAfter(key: string, tick: number): boolean {
    return (this.#changedAt.get(key) ?? 0) > tick;
  }

  #note(key: string): void {
    this.#reads?.keys.add(key);
  }

  #noteAll(): void {
    if (this.#reads) this.#reads.all = true;
  }

  #stamp(key: string): void {
    this.#changedAt.set(key, ++this.#tick);
  }

  /** Replaces the term uses `uri` contributes (its linked uses); undefined takes them all back. */
  setUses(uri: string, uses: readonly TermUse[] | undefined): void {
    this.#version++;
    const before = new Map<string, readonly TermUse[]>();
    for (const entry of this.#usedBy.get(uri) ?? []) {
      before.set(entry.key, listOf(entry.documents.get(uri)!));
      entry.documents.delete(uri);
      if (entry.documents.size === 0) this.#uses.delete(entry.key);
    }
    this.#usedBy.delete(uri);
    const mine = new Map<string, TermUse[]>();
    for (const use of uses ?? []) {
      if (!use.term) continue;
      const key = termKey(use.term);
      const list = mine.get(key);
      if (list) list.push(use);
      else mine.set(key, [use]);
    }
    const entries: UsesOfTerm[] = [];
    for (const [key, list] of mine) {
      let entry = this.#uses.get(key);
      if (!entry) this.#uses.set(key, (entry = { key, documents: new Map() }));
      entry.documents.set(uri, list.length === 1 ? list[0]! : list.slice());
      entries.push(entry);
    }
    if (entries.length > 0) this.#usedBy.set(uri, entries);
    // The terms whose uses in `uri` are not what they were: what read them must be checked again.
    for (const [key, list] of mine) if (!sameUses(before.get(key), list)) this.#stamp(`u${key}`);
    for (const key of before.keys()) if (!mine.has(key)) this.#stamp(`u${key}`);
  }

  /** Replaces what the model of `uri` says (citation keys, defined names); undefined takes it all back. */
  setModel(uri: string, model: DocumentModel | undefined): void {
    const changed = (prefix: string) => (key: string) => this.#stamp(`${prefix}${key}`);
    replace(this.#citing, this.#citedBy, uri, model ? model.citations.flatMap((c) => c.items.map((i) => i.key)) : [], changed('c'));
    replace(this.#defining, this.#definedBy, uri, model ? model.definitions.flatMap((d) => d.names.map((n) => n.name.toLowerCase())) : [], changed('d'));
  }

  /** Every use of the term `key` in the workspace: documents in index order, uses in text order. */
  usesOf(key: string): WorkspaceTermUse[] {
    this.#note(`u${key}`);
    const byDocument = this.#uses.get(key)?.documents;
    if (!byDocument) return [];
    const out: WorkspaceTermUse[] = [];
    for (const uri of this.#sorted(byDocument.keys())) for (const use of listOf(byDocument.get(uri)!)) out.push({ uri, use });
    return out;
  }

  /** The uses of the term `key` in the document `uri`, in text order. */
  usesIn(key: string, uri: string): readonly TermUse[] {
    this.#note(`u${key}`);
    const list = this.#uses.get(key)?.documents.get(uri);
    return list ? listOf(list) : [];
  }

  /** Each document's uses of the term `key` (in text order), documents in no set order: for counting, no list is made. */
  *usesByDocument(key: string): IterableIterator<readonly TermUse[]> {
    this.#note(`u${key}`);
    for (const list of this.#uses.get(key)?.documents.values() ?? []) yield listOf(list);
  }

  /** How many uses the term `key` has in the workspace. */
  useCount(key: string): number {
    this.#note(`u${key}`);
    let n = 0;
    for (const list of this.#uses.get(key)?.documents.values() ?? []) n += listOf(list).length;
    return n;
  }

  /** The documents that cite `key`, in index order. */
  citingDocuments(key: string): string[] {
    this.#note(`c${key}`);
    const set = this.#citing.get(key);
    return set ? this.#sorted(set) : [];
  }

  /** The documents that define a name (lower case), in index order. */
  definingDocuments(lowerName: string): string[] {
    this.#note(`d${lowerName}`);
    const set = this.#defining.get(lowerName);
    return set ? this.#sorted(set) : [];
  }

  /** Every used term with its uses, as a map (keys in the order a pass over every document meets them). */
  termUses(): ReadonlyMap<string, readonly WorkspaceTermUse[]> {
    return new TermUsesView(this);
  }

  /** The used term keys, in the order a pass over every document meets them. */
  usedKeys(): string[] {
    this.#noteAll();
    const first = new Map<string, [number, number]>();
    for (const [key, { documents }] of this.#uses) {
      let best: [number, number] | undefined;
      for (const [uri, list] of documents) {
        const at: [number, number] = [this.#order(uri), listOf(list)[0]!.span.start];
        if (!best || at[0] < best[0] || (at[0] === best[0] && at[1] < best[1])) best = at;
      }
      first.set(key, best!);
    }
    return [...first.keys()].sort((a, b) => first.get(a)![0] - first.get(b)![0] || first.get(a)![1] - first.get(b)![1]);
  }

  /** Whether the term `key` has a use. */
  isUsed(key: string): boolean {
    this.#note(`u${key}`);
    return this.#uses.has(key);
  }

  get usedTermCount(): number {
    this.#noteAll();
    return this.#uses.size;
  }

  #sorted(uris: Iterable<string>): string[] {
    return [...uris].sort((a, b) => this.#order(a) - this.#order(b));
  }
}

/** The facts a computation read: keys `u<term key>` (uses), `c<citation key>` (citing documents), `d<name>` (defining documents); `all` when it read them all. */
export interface FactReads {
  readonly keys: Set<string>;
  all: boolean;
}

/** Whether two lists of a document's uses of a term say the same, place by place. */
function sameUses(a: readonly TermUse[] | undefined, b: readonly TermUse[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.span.start !== y.span.start || x.span.end !== y.span.end || x.name !== y.name || x.text !== y.text || x.explicit !== y.explicit || x.outOfScope !== y.outOfScope) return false;
    if (x.targetSpan?.start !== y.targetSpan?.start || x.targetSpan?.end !== y.targetSpan?.end) return false;
  }
  return true;
}

/** The uses of one term: its key, and each document's uses (the use itself when there is one, else an exact array). */
interface UsesOfTerm {
  readonly key: string;
  readonly documents: Map<string, TermUse | readonly TermUse[]>;
}

/** The uses one document makes of a term, as a list. */
function listOf(uses: TermUse | readonly TermUse[]): readonly TermUse[] {
  return Array.isArray(uses) ? uses : [uses as TermUse];
}

/** Takes back the keys `uri` gave, then records `keys` (each once). */
function replace(byKey: Map<string, Set<string>>, byDocument: Map<string, readonly string[]>, uri: string, keys: readonly string[], changed: (key: string) => void): void {
  const before = new Set(byDocument.get(uri) ?? []);
  const after = new Set(keys);
  for (const key of before) if (!after.has(key)) changed(key);
  for (const key of after) if (!before.has(key)) changed(key);
  for (const key of byDocument.get(uri) ?? []) {
    const set = byKey.get(key);
    set?.delete(uri);
    if (set?.size === 0) byKey.delete(key);
  }
  byDocument.delete(uri);
  if (keys.length === 0) return;
  const unique = [...new Set(keys)];
  for (const key of unique) {
    let set = byKey.get(key);
    if (!set) byKey.set(key, (set = new Set()));
    set.add(uri);
  }
  byDocument.set(uri, unique);
}

/** The uses of every term as a read-only map over the facts; lists are built when asked for. */
class TermUsesView implements ReadonlyMap<string, readonly WorkspaceTermUse[]> {
  readonly #facts: WorkspaceFacts;

  constructor(facts: WorkspaceFacts) {
    this.#facts = facts;
  }

  get(key: string): readonly WorkspaceTermUse[] | undefined {
    return this.#facts.isUsed(key) ? this.#facts.usesOf(key) : undefined;
  }

  has(key: string): boolean {
    return this.#facts.isUsed(key);
  }

  get size(): number {
    return this.#facts.usedTermCount;
  }

  #all(): Map<string, readonly WorkspaceTermUse[]> {
    return new Map(this.#facts.usedKeys().map((key) => [key, this.#facts.usesOf(key)]));
  }

  keys(): MapIterator<string> {
    return this.#all().keys();
  }

  values(): MapIterator<readonly WorkspaceTermUse[]> {
    return this.#all().values();
  }

  entries(): MapIterator<[string, readonly WorkspaceTermUse[]]> {
    return this.#all().entries();
  }

  [Symbol.iterator](): MapIterator<[string, readonly WorkspaceTermUse[]]> {
    return this.#all().entries();
  }

  forEach(callback: (value: readonly WorkspaceTermUse[], key: string, map: ReadonlyMap<string, readonly WorkspaceTermUse[]>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.#all()) callback.call(thisArg, value, key, this);
  }
}
