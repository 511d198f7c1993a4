// Links one document against the workspace: which terms and sources it can see (its own, its imports', the
// workspace defaults), every term use (automatic and explicit) resolved to its definition, every citation
// resolved to its source, and every clause reference resolved to its clause.

import type { CitationItem, Clause, ClauseReference, Definition, DocumentModel, SourceEntry, Span } from '../syntax/model.js';
import { ComposedMatcher, matchSpan } from './termMatcher.js';
import { skeletonMemo, skeletonOffsets } from './skeletonMemo.js';
import { partitionPoint } from '../syntax/search.js';
import { textOf } from '../syntax/textSource.js';
import { resolvePath } from './uri.js';
import type { FileReference, IndexedDocument, WorkspaceIndex } from './workspaceIndex.js';

/** Names one definition in the workspace: the document that writes it and its index there. */
export interface TermRef {
  readonly uri: string;
  readonly definition: number;
}

/** A definition a document can see, under one of its names. */
export interface VisibleTerm {
  readonly ref: TermRef;
  readonly definition: Definition;
  /** True when the definition is written in the document itself. */
  readonly local: boolean;
}

/** A use of a term in the document. */
export interface TermUse {
  /** The defined name (or alias) that was matched or linked. */
  readonly name: string;
  /** The text as written. */
  readonly text: string;
  readonly span: Span;
  readonly explicit: boolean;
  /** The definition it resolves to; undefined for a `[[link]]` that names no term. */
  readonly term?: TermRef;
  /** The only definitions of the name are scoped, and the use stands outside every such scope. */
  readonly outOfScope: boolean;
  /** For an explicit link, the span of the target name inside `[[…]]`. */
  readonly targetSpan?: Span;
}

/** The uses of a list sorted by start (a linked document's `termUses`) that start in `[from, to)`. */
export function usesStartingIn(uses: readonly TermUse[], from: number, to: number): readonly TermUse[] {
  const first = partitionPoint(uses.length, (i) => uses[i]!.span.start < from);
  const end = partitionPoint(uses.length, (i) => uses[i]!.span.start < to);
  return uses.slice(first, end);
}

/** A citation item with the source it resolves to. */
export interface CitationUse {
  readonly citation: number;
  readonly item: CitationItem;
  readonly source?: SourceEntry;
}

/** A clause reference with the clause it resolves to. */
export interface ReferenceUse {
  readonly reference: ClauseReference;
  /** The document the reference points into (this one unless a link names another file). */
  readonly uri?: string;
  /** Index of the clause in that document's model, when found. */
  readonly clause?: number;
  /** How many clauses of that document carry the number (more than one: ambiguous). */
  readonly candidates: number;
}

/** A document with everything in it resolved against the workspace. */
export interface LinkedDocument {
  readonly uri: string;
  readonly model: DocumentModel;
  /** Documents whose definitions, clauses and sources this one can use, itself first. */
  readonly visible: readonly string[];
  readonly fileReferences: readonly FileReference[];
  /** Visible definitions by name (every name and alias). */
  readonly terms: ReadonlyMap<string, readonly VisibleTerm[]>;
  /** Sources by key, the first one winning. */
  readonly sources: ReadonlyMap<string, readonly SourceEntry[]>;
  readonly termUses: readonly TermUse[];
  readonly citations: readonly CitationUse[];
  readonly references: readonly ReferenceUse[];
}

/** Links `doc` against `index`. Pure with respect to the index's current state. */
export function linkDocument(index: WorkspaceIndex, doc: IndexedDocument): LinkedDocument {
  const fileReferences = [...index.referencesOf(doc.uri), ...index.defaultReferences().filter((r) => r.uri !== doc.uri)];
  const visible = visibleDocuments(index, doc.uri);
  const imported = visible.slice(1);
  const model = doc.model;
  const importedModels = imported.map((uri) => index.document(uri)?.model);
  const terms = new LayeredMap(ownTerms(doc.uri, model), index.shared(`terms\n${imported.join('\n')}`, importedModels, () => importedTerms(index, imported)), false);
  const sources = new LayeredMap(ownSources(index, doc.uri, model), index.shared(`sources\n${imported.join('\n')}`, importedModels, () => importedSources(index, imported)), true);
  const matcher = new ComposedMatcher([
    // The own names by content, in a small cache: an edit that leaves them as they were keeps the same trie (and so
    // the scans remembered for it), and thousands of documents do not each keep one.
    index.matcherFor(namesOf(model, true)),
    ...imported.flatMap((uri) => {
      const m = index.document(uri)?.model;
      return m ? [index.modelMatcher(m, 'imported', () => namesOf(m, false))] : [];
    }),
  ]);
  return {
    uri: doc.uri,
    model,
    visible,
    fileReferences,
    terms,
    sources,
    termUses: findTermUses(model, terms, matcher),
    citations: model.citations.flatMap((citation, ci) =>
      citation.items.map((item) => {
        const source = sources.get(item.key)?.[0];
        return source ? { citation: ci, item, source } : { citation: ci, item };
      }),
    ),
    references: model.references.map((reference) => resolveReference(index, doc.uri, model, reference)),
  };
}

/**
 * A map of lists: a document's own part first, then a part shared by every document that imports the same
 * documents. `get` of a key in both gives the own list, then the shared one (without entries already in the own one
 * when `dedupe`), and the keys come in that order too: what one map filled in the same order would hold.
 */
export class LayeredMap<V> implements ReadonlyMap<string, readonly V[]> {
  readonly #own: ReadonlyMap<string, readonly V[]>;
  readonly #shared: ReadonlyMap<string, readonly V[]>;
  readonly #dedupe: boolean;
  #merged: Map<string, readonly V[]> | undefined;
  #size = -1;

  constructor(own: ReadonlyMap<string, readonly V[]>, shared: ReadonlyMap<string, readonly V[]>, dedupe: boolean) {
    this.#own = own;
    this.#shared = shared;
    this.#dedupe = dedupe;
  }

  /** The document's own part. */
  get own(): ReadonlyMap<string, readonly V[]> {
    return this.#own;
  }

  /** The part shared with the other importers of the same documents. */
  get shared(): ReadonlyMap<string, readonly V[]> {
    return this.#shared;
  }

  get(key: string): readonly V[] | undefined {
    const own = this.#own.get(key);
    if (!own) return this.#shared.get(key);
    const shared = this.#shared.get(key);
    if (!shared) return own;
    this.#merged ??= new Map();
    let merged = this.#merged.get(key);
    if (!merged) this.#merged.set(key, (merged = [...own, ...(this.#dedupe ? shared.filter((v) => !own.includes(v)) : shared)]));
    return merged;
  }

  has(key: string): boolean {
    return this.#own.has(key) || this.#shared.has(key);
  }

  get size(): number {
    if (this.#size < 0) {
      let size = this.#own.size;
      for (const key of this.#shared.keys()) if (!this.#own.has(key)) size++;
      this.#size = size;
    }
    return this.#size;
  }

  /** The whole map, built on each call (iteration is rare: completion, a case-insensitive look-up). */
  #all(): Map<string, readonly V[]> {
    const all = new Map<string, readonly V[]>();
    for (const key of this.#own.keys()) all.set(key, this.get(key)!);
    for (const [key, list] of this.#shared) if (!all.has(key)) all.set(key, list);
    return all;
  }

  keys(): MapIterator<string> {
    return this.#all().keys();
  }

  values(): MapIterator<readonly V[]> {
    return this.#all().values();
  }

  entries(): MapIterator<[string, readonly V[]]> {
    return this.#all().entries();
  }

  [Symbol.iterator](): MapIterator<[string, readonly V[]]> {
    return this.#all().entries();
  }

  forEach(callback: (value: readonly V[], key: string, map: ReadonlyMap<string, readonly V[]>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.#all()) callback.call(thisArg, value, key, this);
  }
}

/** The document itself, then its imports (front matter, then workspace defaults), transitively, each once. */
function visibleDocuments(index: WorkspaceIndex, uri: string): string[] {
  const seen = new Set<string>([uri]);
  const order = [uri];
  const defaults = index.defaultReferences().filter((r) => r.kind === 'import' && !r.problem && r.uri);
  for (let i = 0; i < order.length; i++) {
    const refs = [...index.referencesOf(order[i]!), ...(i === 0 ? defaults : [])];
    for (const ref of refs) {
      if (ref.kind !== 'import' || ref.problem || !ref.uri || seen.has(ref.uri)) continue;
      seen.add(ref.uri);
      order.push(ref.uri);
    }
  }
  return order;
}

/**
 * The document's own definitions by every written form of every name (scoped ones too). Which definitions each form
 * names is found once per skeleton; the lists of visible terms are made when first asked for, so that a window's
 * model (an edit's) does not make thousands of them to look up a few.
 */
function ownTerms(uri: string, model: DocumentModel): ReadonlyMap<string, readonly VisibleTerm[]> {
  const byForm = skeletonMemo(model, 'ownTerms', () => {
    const forms = formsOf(model);
    const map = new Map<string, number[]>();
    model.definitions.forEach((_, d) => {
      for (const names of forms[d]!) {
        for (const written of names) {
          const list = map.get(written);
          if (list) list.push(d);
          else map.set(written, [d]);
        }
      }
    });
    return map;
  });
  return new TermsByForm(byForm, (d) => ({ ref: { uri, definition: d }, definition: model.definitions[d]!, local: true }));
}

/** A map of visible terms by written form, from definition indexes by form; each list made when first read. */
class TermsByForm implements ReadonlyMap<string, readonly VisibleTerm[]> {
  readonly #byForm: ReadonlyMap<string, readonly number[]>;
  readonly #term: (definition: number) => VisibleTerm;
  readonly #made = new Map<string, readonly VisibleTerm[]>();
  readonly #terms = new Map<number, VisibleTerm>();

  constructor(byForm: ReadonlyMap<string, readonly number[]>, term: (definition: number) => VisibleTerm) {
    this.#byForm = byForm;
    this.#term = term;
  }

  get(key: string): readonly VisibleTerm[] | undefined {
    let list = this.#made.get(key);
    if (list) return list;
    const indexes = this.#byForm.get(key);
    if (!indexes) return undefined;
    list = indexes.map((d) => {
      let term = this.#terms.get(d);
      if (!term) this.#terms.set(d, (term = this.#term(d)));
      return term;
    });
    this.#made.set(key, list);
    return list;
  }

  has(key: string): boolean {
    return this.#byForm.has(key);
  }

  get size(): number {
    return this.#byForm.size;
  }

  keys(): MapIterator<string> {
    return this.#byForm.keys();
  }

  *values(): MapIterator<readonly VisibleTerm[]> {
    for (const key of this.#byForm.keys()) yield this.get(key)!;
  }

  *entries(): MapIterator<[string, readonly VisibleTerm[]]> {
    for (const key of this.#byForm.keys()) yield [key, this.get(key)!];
  }

  [Symbol.iterator](): MapIterator<[string, readonly VisibleTerm[]]> {
    return this.entries();
  }

  forEach(callback: (value: readonly VisibleTerm[], key: string, map: ReadonlyMap<string, readonly VisibleTerm[]>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

/** The definitions imported documents make visible, in import order; built once per set of imports and shared. */
function importedTerms(index: WorkspaceIndex, imported: readonly string[]): Map<string, VisibleTerm[]> {
  const terms = new Map<string, VisibleTerm[]>();
  for (const uri of imported) {
    index.document(uri)?.model.definitions.forEach((definition, d) => {
      // Another document's scoped definitions stay inside it.
      if (definition.scope) return;
      for (const { name } of definition.names) {
        for (const written of writtenForms(name, definition)) {
          const list = terms.get(written) ?? [];
          list.push({ ref: { uri, definition: d }, definition, local: false });
          terms.set(written, list);
        }
      }
    });
  }
  return terms;
}

/** The names (written forms) a model gives its own text (`own`: scoped definitions too) or its importers', sorted; once per skeleton. */
export function namesOf(model: DocumentModel, own: boolean): string[] {
  return skeletonMemo(model, own ? 'names:own' : 'names:given', () => {
    const forms = formsOf(model);
    const names = new Set<string>();
    model.definitions.forEach((definition, d) => {
      if (!own && definition.scope) return;
      for (const written of forms[d]!.flat()) names.add(written);
    });
    return [...names].sort();
  });
}

/** For each definition, for each of its names, the forms it is written in (`writtenForms`); once per skeleton. */
function formsOf(model: DocumentModel): readonly (readonly string[])[][] {
  return skeletonMemo(model, 'writtenForms', () => model.definitions.map((definition) => definition.names.map(({ name }) => writtenForms(name, definition))));
}

/**
 * The forms a defined name is written in. A name quoted at the start of its definition's paragraph carries the
 * sentence's capital: when its first word is an article (`"This License"`, `"The Program"`) or its other words are
 * lower case (`"Object code"`), the text writes it with a lower-case first letter (`this License`, `object code`).
 * A single capitalised word (`"Source"`, `"Work"`) is taken as written: its capital is the drafter's choice.
 */
export function writtenForms(name: string, definition: Definition): string[] {
  const opensDefinition = definition.form !== 'parenthetical' && (definition.text.startsWith(`"${name}"`) || definition.text.startsWith(`“${name}”`));
  if (!opensDefinition) return [name];
  const words = name.split(' ');
  if (words.length < 2 || !/^\p{Lu}\p{Ll}/u.test(name)) return [name];
  const sentenceCase = /^(?:The|This|That|These|Those|A|An|Such)$/.test(words[0]!) || words.slice(1).every((w) => !/^\p{Lu}/u.test(w));
  return sentenceCase ? [name, name.charAt(0).toLowerCase() + name.slice(1)] : [name];
}

/** Adds a source entry under its key, once. */
function addSource(sources: Map<string, SourceEntry[]>, entry: SourceEntry): void {
  const list = sources.get(entry.key) ?? [];
  if (!list.includes(entry)) list.push(entry);
  sources.set(entry.key, list);
}

/** The entries of the bibliography files among `refs`. */
function addBibliographies(index: WorkspaceIndex, sources: Map<string, SourceEntry[]>, refs: readonly FileReference[]): void {
  for (const ref of refs) {
    if (ref.kind !== 'bibliography' || ref.problem || !ref.uri) continue;
    index.sourceFile(ref.uri)?.entries.forEach((entry) => addSource(sources, entry));
  }
}

/** The document's own sources: its front matter's, then its bibliographies'. */
function ownSources(index: WorkspaceIndex, uri: string, model: DocumentModel): Map<string, SourceEntry[]> {
  const sources = new Map<string, SourceEntry[]>();
  model.frontMatter?.sources.forEach((entry) => addSource(sources, entry));
  addBibliographies(index, sources, index.referencesOf(uri));
  return sources;
}

/** The sources of imported documents, then the workspace defaults'; built once per set of imports and shared. */
function importedSources(index: WorkspaceIndex, imported: readonly string[]): Map<string, SourceEntry[]> {
  const sources = new Map<string, SourceEntry[]>();
  for (const uri of imported) {
    index.document(uri)?.model.frontMatter?.sources.forEach((entry) => addSource(sources, entry));
    addBibliographies(index, sources, index.referencesOf(uri));
  }
  addBibliographies(index, sources, index.defaultReferences());
  return sources;
}

function findTermUses(model: DocumentModel, terms: ReadonlyMap<string, readonly VisibleTerm[]>, matcher: ComposedMatcher): TermUse[] {
  const uses: TermUse[] = [];
  // Where the document's own defined names are written (a name in its own definition is no use of it), sorted.
  const { value: ownNames, move } = skeletonOffsets(model, 'ownNameStarts', (m) =>
    m.definitions.flatMap((definition) => definition.names.map((name) => name.span.start)).sort((a, b) => a - b),
  );
  const isOwnName = (offset: number) => {
    const i = partitionPoint(ownNames.length, (k) => move(ownNames[k]!) < offset);
    return i < ownNames.length && move(ownNames[i]!) === offset;
  };
  const source = textOf(model);
  for (const run of model.runs) {
    for (const match of matcher.scan(run)) {
      const span = matchSpan(run, match);
      if (isOwnName(span.start)) continue;
      const { term, outOfScope } = choose(terms.get(match.name), span.start);
      // A lower-case scoped term outside its scope is an ordinary word there ("source code control systems").
      if (outOfScope && match.name === match.name.toLowerCase()) continue;
      // Two literal shapes, not a spread: an object literal with a spread in it is built in dictionary mode, several
      // times larger, and thousands of uses per document are kept.
      // The text as written is most often the name itself: share the name's string then (thousands of uses per
      // document would each keep a copy otherwise).
      const text = span.end - span.start === match.name.length && source.startsWith(match.name, span.start) ? match.name : source.slice(span.start, span.end);
      uses.push(term ? { name: match.name, text, span, explicit: false, term, outOfScope } : { name: match.name, text, span, explicit: false, outOfScope });
    }
  }
  for (const link of model.termLinks) {
    const name = terms.has(link.target) ? link.target : caseInsensitive(terms, link.target);
    const { term, outOfScope } = choose(name ? terms.get(name) : undefined, link.span.start);
    const used = name ?? link.target;
    const text = link.shown ?? link.target;
    uses.push(
      term
        ? { name: used, text, span: link.span, explicit: true, term, outOfScope, targetSpan: link.targetSpan }
        : { name: used, text, span: link.span, explicit: true, outOfScope, targetSpan: link.targetSpan },
    );
  }
  return uses.sort((a, b) => a.span.start - b.span.start);
}

function caseInsensitive(terms: ReadonlyMap<string, readonly VisibleTerm[]>, target: string): string | undefined {
  const lower = target.toLowerCase();
  for (const name of terms.keys()) if (name.toLowerCase() === lower) return name;
  return undefined;
}

/** Picks the definition a use at `offset` means: a scope that holds it, then the document's own, then imports. */
function choose(candidates: readonly VisibleTerm[] | undefined, offset: number): { term?: TermRef; outOfScope: boolean } {
  if (!candidates || candidates.length === 0) return { outOfScope: false };
  // One pass without intermediate lists (it runs once per use): the first local scope that holds the offset wins;
  // else the first unscoped local definition that is no pointer, the first unscoped local one, the first unscoped one.
  let localDefinition: VisibleTerm | undefined;
  let localAny: VisibleTerm | undefined;
  let unscoped: VisibleTerm | undefined;
  for (const c of candidates) {
    const scope = c.definition.scope;
    if (scope) {
      if (c.local && offset >= scope.span.start && offset < scope.span.end) return { term: c.ref, outOfScope: false };
      continue;
    }
    unscoped ??= c;
    if (!c.local) continue;
    localAny ??= c;
    if (c.definition.form !== 'pointer') localDefinition ??= c;
  }
  const pick = localDefinition ?? localAny ?? unscoped;
  if (pick) return { term: pick.ref, outOfScope: false };
  return { term: candidates[0]!.ref, outOfScope: true };
}

/** Clause indexes by number and by id, built once per model (per skeleton: see `skeletonMemo.ts`). */
export function clausesByName(model: DocumentModel): Map<string, number[]> {
  return skeletonMemo(model, 'clausesByName', () => {
    const map = new Map<string, number[]>();
    // A new list is made with its one index (pushing onto an empty list reserves room for 17): most numbers name one
    // clause, and a large document has tens of thousands.
    const add = (key: string, i: number) => {
      const list = map.get(key);
      if (!list) map.set(key, [i]);
      else if (!list.includes(i)) list.push(i);
    };
    model.clauses.forEach((clause: Clause, i) => {
      add(clause.number, i);
      if (clause.explicitId) add(clause.id, i);
    });
    return map;
  });
}

function resolveReference(index: WorkspaceIndex, uri: string, model: DocumentModel, reference: ClauseReference): ReferenceUse {
  let targetUri = uri;
  let targetModel: DocumentModel | undefined = model;
  if (reference.file) {
    const resolved = resolvePath(uri, reference.file);
    targetUri = resolved ?? reference.file;
    targetModel = resolved ? index.document(resolved)?.model : undefined;
  }
  if (!targetModel) return { reference, uri: targetUri, candidates: 0 };
  const found = clausesByName(targetModel).get(reference.target) ?? [];
  // An explicit id names one clause even when numbers repeat.
  const byId = found.filter((i) => targetModel!.clauses[i]!.explicitId && targetModel!.clauses[i]!.id === reference.target);
  const pick = byId[0] ?? found[0];
  const candidates = byId.length > 0 ? 1 : found.length;
  return pick !== undefined ? { reference, uri: targetUri, clause: pick, candidates } : { reference, uri: targetUri, candidates };
}
