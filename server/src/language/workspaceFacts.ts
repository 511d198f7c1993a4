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

  constructor(order: (uri: string) => number) {
    this.#order = order;
  }

  /** Bumped whenever a document's term uses change hands (caches of derived facts compare against it). */
  get version(): number {
    return this.#version;
  }

  /** Replaces the term uses `uri` contributes (its linked uses); undefined takes them all back. */
  setUses(uri: string, uses: readonly TermUse[] | undefined): void {
    this.#version++;
    for (const entry of this.#usedBy.get(uri) ?? []) {
      entry.documents.delete(uri);
      if (entry.documents.size === 0) this.#uses.delete(entry.key);
    }
    this.#usedBy.delete(uri);
    if (!uses) return;
    const mine = new Map<string, TermUse[]>();
    for (const use of uses) {
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
  }

  /** Replaces what the model of `uri` says (citation keys, defined names); undefined takes it all back. */
  setModel(uri: string, model: DocumentModel | undefined): void {
    replace(this.#citing, this.#citedBy, uri, model ? model.citations.flatMap((c) => c.items.map((i) => i.key)) : []);
    replace(this.#defining, this.#definedBy, uri, model ? model.definitions.flatMap((d) => d.names.map((n) => n.name.toLowerCase())) : []);
  }

  /** Every use of the term `key` in the workspace: documents in index order, uses in text order. */
  usesOf(key: string): WorkspaceTermUse[] {
    const byDocument = this.#uses.get(key)?.documents;
    if (!byDocument) return [];
    const out: WorkspaceTermUse[] = [];
    for (const uri of this.#sorted(byDocument.keys())) for (const use of listOf(byDocument.get(uri)!)) out.push({ uri, use });
    return out;
  }

  /** The uses of the term `key` in the document `uri`, in text order. */
  usesIn(key: string, uri: string): readonly TermUse[] {
    const list = this.#uses.get(key)?.documents.get(uri);
    return list ? listOf(list) : [];
  }

  /** Each document's uses of the term `key` (in text order), documents in no set order: for counting, no list is made. */
  *usesByDocument(key: string): IterableIterator<readonly TermUse[]> {
    for (const list of this.#uses.get(key)?.documents.values() ?? []) yield listOf(list);
  }

  /** How many uses the term `key` has in the workspace. */
  useCount(key: string): number {
    let n = 0;
    for (const list of this.#uses.get(key)?.documents.values() ?? []) n += listOf(list).length;
    return n;
  }

  /** The documents that cite `key`, in index order. */
  citingDocuments(key: string): string[] {
    const set = this.#citing.get(key);
    return set ? this.#sorted(set) : [];
  }

  /** The documents that define a name (lower case), in index order. */
  definingDocuments(lowerName: string): string[] {
    const set = this.#defining.get(lowerName);
    return set ? this.#sorted(set) : [];
  }

  /** Every used term with its uses, as a map (keys in the order a pass over every document meets them). */
  termUses(): ReadonlyMap<string, readonly WorkspaceTermUse[]> {
    return new TermUsesView(this);
  }

  /** The used term keys, in the order a pass over every document meets them. */
  usedKeys(): string[] {
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
    return this.#uses.has(key);
  }

  get usedTermCount(): number {
    return this.#uses.size;
  }

  #sorted(uris: Iterable<string>): string[] {
    return [...uris].sort((a, b) => this.#order(a) - this.#order(b));
  }
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
function replace(byKey: Map<string, Set<string>>, byDocument: Map<string, readonly string[]>, uri: string, keys: readonly string[]): void {
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
