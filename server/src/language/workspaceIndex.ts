// The workspace index: every Clausemark document, bibliography file and the workspace `clausemark.json`, held
// as parsed models, and the links between them (imports, sources). It does no I/O: the host (CLI or LSP)
// gives it file texts and asks, through `wantedFiles()`, which referenced files it still needs to read.
// Setting one file re-reads that file only; what depends on it is re-linked lazily when next asked for: each
// linked document records the files its linking read, and a change to one of them (or to the configuration) drops
// it. Workspace-wide facts (uses per term, citations per key) are per-document contributions (`WorkspaceFacts`)
// that a re-linked document takes back and adds again; term matchers are per model and shared by importers.
// A file above the size limit (`maxFileSize`) gets an empty model and one `limit.file-size` problem; a bibliography
// that cannot be read whole keeps the entries of its last readable version that the new text lost to the error.

import { bibliographyFormat, readBibliography } from '../syntax/bibliography.js';
import type { DocumentModel, PathRef, SourceEntry, Span, SyntaxProblem } from '../syntax/model.js';
import { emptyModel, parseDocument } from '../syntax/parseDocument.js';
import { readWorkspaceConfig, type WorkspaceConfig } from '../syntax/workspaceConfig.js';
import { linkDocument, type LinkedDocument } from './link.js';
import { DEFAULT_MATCHING, LIMITS, type MatchingOptions } from './config.js';
import { TermMatcher } from './termMatcher.js';
import { WorkspaceFacts, type FactReads } from './workspaceFacts.js';
import { isInside, resolvePath } from './uri.js';

/** The code of the one problem a file above the size limit gets (the rule `limit.file-size`). */
export const FILE_SIZE_CODE = 'limit.file-size';

/** A parsed Clausemark document. */
export interface IndexedDocument {
  readonly uri: string;
  readonly version: number;
  readonly model: DocumentModel;
  /** The file's size in bytes when it is above the size limit: the model is then empty but for one problem. */
  readonly tooLarge?: number;
}

/** A parsed bibliography file. */
export interface IndexedSourceFile {
  readonly uri: string;
  readonly entries: readonly SourceEntry[];
  readonly problems: readonly SyntaxProblem[];
  readonly text: string;
  /** The file's size in bytes when it is above the size limit: no entries then, one problem. */
  readonly tooLarge?: number;
  /** Keys of entries kept from the last readable version of the file (the text now loses them to a syntax error). */
  readonly kept?: readonly string[];
}

/** A path a file refers to, resolved, with what became of it. */
export interface FileReference {
  /** The file that wrote the path. */
  readonly from: string;
  readonly path: PathRef;
  readonly kind: 'import' | 'bibliography';
  /** The resolved URI, or undefined when the path cannot be resolved at all. */
  readonly uri?: string;
  /** Why the referenced file is not available, when it is not. */
  readonly problem?: string;
}

/** Workspace state, updated file by file. */
export class WorkspaceIndex {
  readonly #documents = new Map<string, IndexedDocument>();
  readonly #sourceFiles = new Map<string, IndexedSourceFile>();
  readonly #missing = new Map<string, string>();
  /** Linked documents still valid: dropped when a file their linking read changes. */
  readonly #linked = new Map<string, LinkedDocument>();
  /** File → documents whose linking read it; document → the files its linking read. */
  readonly #dependents = new Map<string, Set<string>>();
  readonly #readBy = new Map<string, ReadonlySet<string>>();
  /** The files read while a document (or a shared value) is being linked. */
  #tracking: Set<string> | undefined;
  /** What the computation under way reads (see `observe`). */
  #observer: IndexReads | undefined;
  /** When each file last changed (the generation it bumped to), and when everything last did. */
  readonly #changedAt = new Map<string, number>();
  #allChangedAt = 0;
  /** Values shared by documents (the terms and sources of a set of imports), with the files they read. */
  readonly #shared = new Map<string, { value: unknown; reads: ReadonlySet<string>; guard: readonly unknown[] }>();
  readonly #sharedDependents = new Map<string, Set<string>>();
  /** Documents whose linked state (and so their contribution to the facts) is out of date. */
  readonly #stale = new Set<string>();
  /** Each document's place in the index (insertion order), to give workspace-wide lists in document order. */
  readonly #ordinal = new Map<string, number>();
  #nextOrdinal = 0;
  readonly #facts = new WorkspaceFacts((uri) => this.#ordinal.get(uri) ?? Number.MAX_SAFE_INTEGER);
  /** Term matchers per model (its own names, or those it gives importers); replaced when matching options change. */
  #modelMatchers = new WeakMap<DocumentModel, Map<string, TermMatcher>>();
  readonly #matchers = new Map<string, TermMatcher>();
  /** The cache key of each list of names given to `matcherFor` (lists kept per skeleton come again and again). */
  readonly #matcherKeys = new WeakMap<readonly string[], string>();
  #defaultReferences: { generation: number; refs: readonly FileReference[] } | undefined;
  #roots: readonly string[] = [];
  #config: { uri: string; text: string; config: WorkspaceConfig; problems: readonly SyntaxProblem[] } | undefined;
  #generation = 0;
  #matching: MatchingOptions = DEFAULT_MATCHING;
  #editorDefaults: { imports: readonly PathRef[]; bibliography: readonly PathRef[] } = { imports: [], bibliography: [] };
  readonly #memo = new Map<string, unknown>();
  #memoGeneration = -1;
  /** The size limit of the editor settings, when set. */
  #maxFileSizeSetting: number | undefined;
  /** Files the host did not read because they were above the size limit: their kind and size in bytes. */
  readonly #unread = new Map<string, { kind: FileReference['kind']; bytes: number }>();

  /** Sets the workspace folders; references that leave them are refused. Empty: no limit. */
  setRoots(roots: readonly string[]): void {
    this.#roots = roots.map((r) => (r.endsWith('/') ? r.slice(0, -1) : r));
    this.#changedAll();
  }

  /** The workspace folders. */
  get roots(): readonly string[] {
    return this.#roots;
  }

  /** Sets how automatic term uses are matched (editor settings); every document is linked again. */
  setMatching(options: MatchingOptions): void {
    if (options.plurals === this.#matching.plurals && options.capitalizedAtSentenceStart === this.#matching.capitalizedAtSentenceStart) return;
    this.#matching = options;
    this.#matchers.clear();
    this.#modelMatchers = new WeakMap();
    this.#changedAll();
  }

  /** Sets default imports and bibliographies from editor settings, relative to the first workspace folder. */
  setEditorDefaults(imports: readonly string[], bibliography: readonly string[]): void {
    const toRefs = (paths: readonly string[]) => paths.filter((p) => typeof p === 'string' && p).map((path) => ({ path, span: { start: 0, end: 0 } }));
    this.#editorDefaults = { imports: toRefs(imports), bibliography: toRefs(bibliography) };
    this.#changedAll();
  }

  /** Sets the size limit of the editor settings, in bytes; undefined leaves it to `clausemark.json` or the default. */
  setMaxFileSize(bytes: number | undefined): void {
    const valid = bytes !== undefined && Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
    if (valid === this.#maxFileSizeSetting) return;
    const before = this.maxFileSize;
    this.#maxFileSizeSetting = valid;
    if (this.maxFileSize !== before) this.#limitChanged();
  }

  /** The largest file analysed, in bytes of UTF-8: the editor setting, else `clausemark.json`'s, else the default. */
  get maxFileSize(): number {
    return this.#maxFileSizeSetting ?? this.#config?.config.maxFileSize ?? LIMITS.maxFileSize;
  }

  /**
   * Adds or replaces a document; one above the size limit gets an empty model and one `limit.file-size` problem.
   * The previous model's blocks are reused where the edit left them; `read`, a model the host read elsewhere (worker
   * threads, a persistent cache) for the same text and uri, is taken as it is.
   */
  setDocument(uri: string, text: string, version = 0, read?: DocumentModel): IndexedDocument {
    const size = sizeAbove(text, this.maxFileSize);
    const doc: IndexedDocument = size === undefined
      ? { uri, version, model: parseDocument(text, uri, read ?? this.#documents.get(uri)?.model) }
      : { uri, version, model: emptyModel(text, [this.#tooLargeProblem(size)]), tooLarge: size };
    this.#putDocument(doc);
    this.#missing.delete(uri);
    this.#unread.delete(uri);
    this.#changed(uri);
    return doc;
  }

  /**
   * Adds or replaces a bibliography file (its format from its extension). When the new text has problems (a syntax
   * error, a file cut short while it is being written), the entries of the previous version that the new text does
   * not yield are kept, and its first problem says which; once the file reads without problems, it alone counts.
   */
  setSourceFile(uri: string, text: string): void {
    const size = sizeAbove(text, this.maxFileSize);
    const format = bibliographyFormat(uri);
    let file: IndexedSourceFile;
    if (size !== undefined) {
      file = { uri, entries: [], problems: [this.#tooLargeProblem(size)], text, tooLarge: size };
    } else if (!format) {
      file = { uri, entries: [], problems: [{ code: 'import.missing', message: `"${uri}" is not a bibliography (.json, .yaml, .yml or .bib)`, span: { start: 0, end: 0 } }], text };
    } else {
      file = keepLastGood(this.#sourceFiles.get(uri), { uri, text, ...readBibliography(text, format, uri) });
    }
    this.#sourceFiles.set(uri, file);
    this.#missing.delete(uri);
    this.#unread.delete(uri);
    this.#changed(uri);
  }

  /**
   * Records a file the host did not read because its size (`bytes`) is above the size limit: it is indexed empty
   * with one `limit.file-size` problem, and wanted again (`wantedFiles`) once the limit is raised above its size.
   */
  setTooLarge(uri: string, kind: FileReference['kind'], bytes: number): void {
    const problem = this.#tooLargeProblem(bytes);
    if (kind === 'import') this.#putDocument({ uri, version: 0, model: emptyModel('', [problem]), tooLarge: bytes });
    else this.#sourceFiles.set(uri, { uri, entries: [], problems: [problem], text: '', tooLarge: bytes });
    this.#unread.set(uri, { kind, bytes });
    this.#missing.delete(uri);
    this.#changed(uri);
  }

  /** Sets the workspace configuration from the text of `clausemark.json`. */
  setConfig(uri: string, text: string): void {
    const before = this.maxFileSize;
    const read = readWorkspaceConfig(text, uri);
    this.#config = { uri, text, config: read.config, problems: read.problems };
    this.#changedAll();
    if (this.maxFileSize !== before) this.#limitChanged();
  }

  /** The workspace configuration file, when there is one. */
  get config(): { readonly uri: string; readonly text: string; readonly config: WorkspaceConfig; readonly problems: readonly SyntaxProblem[] } | undefined {
    return this.#config;
  }

  /** Removes a file of any kind. */
  remove(uri: string): void {
    const before = this.maxFileSize;
    const wasDocument = this.#documents.delete(uri);
    const had = wasDocument || this.#sourceFiles.delete(uri);
    if (wasDocument) {
      this.#ordinal.delete(uri);
      this.#facts.setModel(uri, undefined);
      this.#facts.setUses(uri, undefined);
      this.#forgetReads(uri);
    }
    this.#linked.delete(uri);
    this.#stale.delete(uri);
    this.#unread.delete(uri);
    const wasConfig = this.#config?.uri === uri;
    if (wasConfig) this.#config = undefined;
    if (wasConfig) this.#changedAll();
    else if (had || this.#missing.delete(uri)) this.#changed(uri);
    if (this.maxFileSize !== before) this.#limitChanged();
  }

  /** Records that a referenced file could not be read (`reason` is shown to the user). */
  markMissing(uri: string, reason: string): void {
    this.#missing.set(uri, reason);
    this.#changed(uri);
  }

  /** A document, when indexed. */
  document(uri: string): IndexedDocument | undefined {
    this.#read(uri);
    return this.#documents.get(uri);
  }

  /** Every indexed document. */
  documents(): IterableIterator<IndexedDocument> {
    this.#readAll();
    return this.#documents.values();
  }

  /** A bibliography file, when indexed. */
  sourceFile(uri: string): IndexedSourceFile | undefined {
    this.#read(uri);
    return this.#sourceFiles.get(uri);
  }

  /** Every indexed bibliography file. */
  sourceFiles(): IterableIterator<IndexedSourceFile> {
    this.#readAll();
    return this.#sourceFiles.values();
  }

  /** The paths a document refers to (its own and the workspace defaults), resolved and checked. */
  referencesOf(uri: string): FileReference[] {
    this.#read(uri);
    const doc = this.#documents.get(uri);
    if (!doc) return [];
    const refs: FileReference[] = [];
    const fm = doc.model.frontMatter;
    for (const path of fm?.imports ?? []) refs.push(this.#reference(uri, path, 'import'));
    for (const path of fm?.bibliography ?? []) refs.push(this.#reference(uri, path, 'bibliography'));
    return refs;
  }

  /**
   * The workspace-default references (from `clausemark.json`), resolved against the config file. Built once per
   * state of the index: every document's linking asks for them, and keeps them.
   */
  defaultReferences(): FileReference[] {
    const cached = this.#defaultReferences;
    if (cached && cached.generation === this.#generation) {
      for (const ref of cached.refs) if (ref.uri) this.#read(ref.uri);
      return [...cached.refs];
    }
    const refs = this.#readDefaultReferences();
    this.#defaultReferences = { generation: this.#generation, refs };
    return [...refs];
  }

  #readDefaultReferences(): FileReference[] {
    const config = this.#config;
    const fromConfig = config
      ? [...config.config.imports.map((p) => this.#reference(config.uri, p, 'import')), ...config.config.bibliography.map((p) => this.#reference(config.uri, p, 'bibliography'))]
      : [];
    const root = this.#roots[0];
    if (!root) return fromConfig;
    // Editor settings are resolved against the first workspace folder, as if written in a file at its top.
    const base = `${root}/`;
    return [
      ...fromConfig,
      ...this.#editorDefaults.imports.map((p) => this.#reference(base, p, 'import')),
      ...this.#editorDefaults.bibliography.map((p) => this.#reference(base, p, 'bibliography')),
    ];
  }

  #reference(from: string, path: PathRef, kind: FileReference['kind']): FileReference {
    const uri = resolvePath(from, path.path);
    if (!uri) return { from, path, kind, problem: `Cannot resolve the path "${path.path}"` };
    this.#read(uri);
    if (!uri.startsWith('file:') || (this.#roots.length > 0 && !this.#roots.some((root) => isInside(root, uri)))) {
      return { from, path, kind, uri, problem: `"${path.path}" leaves the workspace folder` };
    }
    const missing = this.#missing.get(uri);
    if (missing !== undefined) return { from, path, kind, uri, problem: missing };
    const loaded = kind === 'import' ? this.#documents.has(uri) : this.#sourceFiles.has(uri);
    return loaded ? { from, path, kind, uri } : { from, path, kind, uri, problem: `"${path.path}" has not been read yet` };
  }

  /** Referenced files that are neither indexed nor known to be missing: the host should read them next. */
  wantedFiles(): { uri: string; kind: FileReference['kind'] }[] {
    const wanted = new Map<string, FileReference['kind']>();
    const consider = (ref: FileReference) => {
      if (ref.uri && ref.problem && !this.#missing.has(ref.uri) && !ref.problem.includes('leaves the workspace')) wanted.set(ref.uri, ref.kind);
    };
    this.defaultReferences().forEach(consider);
    for (const uri of this.#documents.keys()) this.referencesOf(uri).forEach(consider);
    // Files left unread for their size are read once the limit allows them.
    for (const [uri, unread] of this.#unread) if (unread.bytes <= this.maxFileSize && !this.#missing.has(uri)) wanted.set(uri, unread.kind);
    // Files that links point into (`[§4](aws.clause.md#4)`) are read too, so their clauses can be resolved;
    // reading them makes nothing of theirs visible (only imports do).
    for (const doc of this.#documents.values()) {
      for (const ref of doc.model.references) {
        if (!ref.file) continue;
        const target = resolvePath(doc.uri, ref.file);
        if (!target || this.#documents.has(target) || this.#missing.has(target) || !target.startsWith('file:')) continue;
        if (this.#roots.length > 0 && !this.#roots.some((root) => isInside(root, target))) continue;
        if (/\.md$/i.test(target)) wanted.set(target, 'import');
      }
    }
    return [...wanted].map(([uri, kind]) => ({ uri, kind }));
  }

  /**
   * The document with everything resolved: term uses, citations, clause references. Cached until a file its linking
   * read changes (the document itself, its imports, their bibliographies, files its clause links point into) or the
   * configuration does; re-linking replaces the document's contribution to the workspace-wide facts.
   */
  linked(uri: string): LinkedDocument | undefined {
    this.#observer?.linked.add(uri);
    const doc = this.#documents.get(uri);
    if (!doc) return undefined;
    const cached = this.#linked.get(uri);
    if (cached) return cached;
    const outer = this.#tracking;
    const reads = new Set<string>([uri]);
    this.#tracking = reads;
    let linked: LinkedDocument;
    try {
      linked = linkDocument(this, doc);
    } finally {
      this.#tracking = outer;
    }
    if (outer) for (const read of reads) outer.add(read);
    this.#forgetReads(uri);
    this.#readBy.set(uri, reads);
    for (const read of reads) addTo(this.#dependents, read, uri);
    this.#linked.set(uri, linked);
    this.#stale.delete(uri);
    this.#facts.setUses(uri, linked.termUses);
    return linked;
  }

  /** Whether `uri` is linked and nothing it read changed since: `linked(uri)` then costs nothing. */
  isLinked(uri: string): boolean {
    return this.#linked.has(uri);
  }

  /** The files the last linking of `uri` read (itself, its imports, their bibliographies...); empty before it is linked. */
  linkedReads(uri: string): readonly string[] {
    return [...(this.#readBy.get(uri) ?? [])];
  }

  /**
   * The workspace-wide facts, with every document's contribution up to date: documents whose linking is stale (the
   * ones changed since, and those that read them) are linked first. After one keystroke that is one document.
   */
  facts(): WorkspaceFacts {
    for (const uri of [...this.#stale]) this.linked(uri);
    return this.#facts;
  }

  /** The facts that come from the models alone (citing and defining documents): up to date without linking. */
  get modelFacts(): Pick<WorkspaceFacts, 'citingDocuments' | 'definingDocuments'> {
    return this.#facts;
  }

  /**
   * A value shared by the documents that link against the same files (the terms and sources of a set of imports),
   * built once and dropped when a file it read changes. A document that uses it reads what it read. `guard` lists
   * what the value was built from (the imported models): a caller that sees other ones (a rename's preview of the
   * edited workspace) gets a value of its own, not kept.
   */
  shared<T>(key: string, guard: readonly unknown[], build: () => T): T {
    const hit = this.#shared.get(key);
    if (hit && hit.guard.length === guard.length && hit.guard.every((g, i) => g === guard[i])) {
      if (this.#tracking) for (const read of hit.reads) this.#tracking.add(read);
      return hit.value as T;
    }
    if (hit && !this.#tracking) return build();
    const outer = this.#tracking;
    const reads = new Set<string>();
    this.#tracking = reads;
    let value: T;
    try {
      value = build();
    } finally {
      this.#tracking = outer;
    }
    if (outer) for (const read of reads) outer.add(read);
    // Sets of imports rarely number more than a few; a workspace of many different ones starts over.
    if (this.#shared.size >= 256) this.#clearShared();
    this.#shared.set(key, { value, reads, guard });
    for (const read of reads) addTo(this.#sharedDependents, read, key);
    return value;
  }

  /** A term matcher of the names a model gives its importers (`role` tells which), built once per model and shared. */
  modelMatcher(model: DocumentModel, role: string, names: () => readonly string[]): TermMatcher {
    let byRole = this.#modelMatchers.get(model);
    if (!byRole) this.#modelMatchers.set(model, (byRole = new Map()));
    let matcher = byRole.get(role);
    if (!matcher) byRole.set(role, (matcher = new TermMatcher(names(), this.#matching)));
    return matcher;
  }

  /**
   * A term matcher for a set of names, in a small cache by content: a document's own names, which an edit most often
   * leaves as they were (imported documents' names go through `modelMatcher`, whose tries importers share).
   */
  matcherFor(names: readonly string[]): TermMatcher {
    let key = this.#matcherKeys.get(names);
    if (key === undefined) this.#matcherKeys.set(names, (key = names.join('\u0000')));
    let matcher = this.#matchers.get(key);
    if (!matcher) {
      if (this.#matchers.size > 16) this.#matchers.clear();
      matcher = new TermMatcher(names, this.#matching);
      this.#matchers.set(key, matcher);
    }
    return matcher;
  }

  /** A value computed once per state of the workspace (dropped on the next change). */
  memo<T>(key: string, compute: () => T): T {
    this.#readAll();
    if (this.#memoGeneration !== this.#generation) {
      this.#memo.clear();
      this.#memoGeneration = this.#generation;
    }
    if (!this.#memo.has(key)) this.#memo.set(key, compute());
    return this.#memo.get(key) as T;
  }

  /**
   * Runs `compute` noting what it reads of the index: the files (and, for each document it asks linked, every file its
   * linking read), the workspace facts, or everything (it iterated over every document). `stillValid` then says
   * whether none of it changed since, so that its value may be kept across changes elsewhere in the workspace.
   */
  observe<T>(compute: () => T): { value: T; reads: IndexReads } {
    const reads: IndexReads = { generation: this.#generation, uris: new Set(), linked: new Set(), all: false, facts: { keys: new Set(), all: false }, factsTick: 0 };
    const outer = this.#observer;
    const value = this.#observedBy(reads, compute);
    for (const uri of reads.linked) {
      reads.uris.add(uri);
      for (const read of this.#readBy.get(uri) ?? []) reads.uris.add(read);
    }
    reads.factsTick = this.#facts.tick;
    // An observation inside another: what this one read, the outer one read too.
    if (outer) {
      for (const uri of reads.uris) outer.uris.add(uri);
      for (const uri of reads.linked) outer.linked.add(uri);
      outer.all ||= reads.all;
      for (const key of reads.facts.keys) outer.facts.keys.add(key);
      outer.facts.all ||= reads.facts.all;
    }
    return { value, reads };
  }

  /**
   * The observation under way, if any: the reads noted so far (the same object `observe` returns once it ends, with
   * the files its linked documents read and the facts' tick added then).
   */
  currentReads(): IndexReads | undefined {
    return this.#observer;
  }

  /** Runs `compute` without noting its reads into an observation under way (a cache lookup whose key reads everything). */
  unobserved<T>(compute: () => T): T {
    return this.#observedBy(undefined, compute);
  }

  /** Runs `compute` with `reads` (undefined: nothing) noting what it reads of the index and the facts, then restores the observation under way. */
  #observedBy<T>(reads: IndexReads | undefined, compute: () => T): T {
    const outer = { observer: this.#observer, facts: this.#facts.observe(reads?.facts) };
    this.#observer = reads;
    try {
      return compute();
    } finally {
      this.#observer = outer.observer;
      this.#facts.observe(outer.facts);
    }
  }

  /** Whether nothing an observed computation read (see `observe`) has changed since it ran. */
  stillValid(reads: IndexReads): boolean {
    if (reads.generation === this.#generation) return true;
    if (reads.all || reads.facts.all || this.#allChangedAt > reads.generation) return false;
    for (const uri of reads.uris) if ((this.#changedAt.get(uri) ?? 0) > reads.generation) return false;
    if (reads.facts.keys.size > 0) {
      const facts = this.facts(); // Brings every document's contribution up to date first.
      for (const key of reads.facts.keys) if (facts.changedAfter(key, reads.factsTick)) return false;
    }
    return true;
  }

  /** Bumped on every change; caches compare against it. */
  get generation(): number {
    return this.#generation;
  }

  /** A file is read: by the linking under way (its dependencies), and by the observation under way. */
  #read(uri: string): void {
    this.#tracking?.add(uri);
    this.#observer?.uris.add(uri);
  }

  /** Every file is read (an iteration over them, a value made from them all): the observation under way depends on all. */
  #readAll(): void {
    if (this.#observer) this.#observer.all = true;
  }

  /** A file changed: what read it is linked again when next asked for. */
  #changed(uri: string): void {
    this.#generation++;
    this.#changedAt.set(uri, this.#generation);
    for (const key of this.#sharedDependents.get(uri) ?? []) this.#shared.delete(key);
    this.#sharedDependents.delete(uri);
    const stale = [uri, ...(this.#dependents.get(uri) ?? [])];
    for (const doc of stale) {
      this.#linked.delete(doc);
      if (this.#documents.has(doc)) this.#stale.add(doc);
    }
  }

  /** The configuration changed (roots, settings, `clausemark.json`): every document is linked again when asked for. */
  #changedAll(): void {
    this.#generation++;
    this.#allChangedAt = this.#generation;
    this.#clearShared();
    this.#linked.clear();
    for (const uri of this.#documents.keys()) this.#stale.add(uri);
  }

  #clearShared(): void {
    this.#shared.clear();
    this.#sharedDependents.clear();
  }

  /** Adds or replaces a document, keeping its place, and updates the facts its model gives. */
  #putDocument(doc: IndexedDocument): void {
    if (!this.#documents.has(doc.uri)) this.#ordinal.set(doc.uri, this.#nextOrdinal++);
    this.#documents.set(doc.uri, doc);
    this.#facts.setModel(doc.uri, doc.model);
  }

  /** Drops the record of what a document's last linking read. */
  #forgetReads(uri: string): void {
    for (const read of this.#readBy.get(uri) ?? []) {
      const set = this.#dependents.get(read);
      set?.delete(uri);
      if (set?.size === 0) this.#dependents.delete(read);
    }
    this.#readBy.delete(uri);
  }

  /** The one problem of a file above the size limit. */
  #tooLargeProblem(bytes: number): SyntaxProblem {
    return {
      code: FILE_SIZE_CODE,
      span: { start: 0, end: 0 },
      message:
        `This file is ${formatSize(bytes)}, larger than the ${formatSize(this.maxFileSize)} Clausemark analyses: nothing in it is checked, ` +
        'found or offered. Raise the setting "clausemark.maxFileSize" or "maxFileSize" in clausemark.json (in bytes) to analyse it.',
    };
  }

  /** The size limit changed: files that cross it are read again from the text they hold (unread ones are wanted again). */
  #limitChanged(): void {
    const limit = this.maxFileSize;
    for (const doc of [...this.#documents.values()]) {
      const unread = this.#unread.get(doc.uri);
      if (unread) {
        if (unread.bytes > limit) this.setTooLarge(doc.uri, unread.kind, unread.bytes);
      } else if (doc.tooLarge !== undefined || sizeAbove(doc.model.text, limit) !== undefined) {
        this.setDocument(doc.uri, doc.model.text, doc.version);
      }
    }
    for (const file of [...this.#sourceFiles.values()]) {
      const unread = this.#unread.get(file.uri);
      if (unread) {
        if (unread.bytes > limit) this.setTooLarge(file.uri, unread.kind, unread.bytes);
      } else if (file.tooLarge !== undefined || sizeAbove(file.text, limit) !== undefined) {
        this.setSourceFile(file.uri, file.text);
      }
    }
    this.#changedAll();
  }
}

/** What a computation read of a workspace index (see `WorkspaceIndex.observe`). */
export interface IndexReads {
  /** The index's generation when it ran. */
  readonly generation: number;
  /** The files it read (documents, bibliographies, paths asked about), and those their linking read. */
  readonly uris: Set<string>;
  /** The documents it asked linked. */
  readonly linked: Set<string>;
  /** It read every document (or a value made from them all). */
  all: boolean;
  readonly facts: FactReads;
  /** The facts' tick when it ended. */
  factsTick: number;
}

/** Adds `value` to the set under `key`. */
function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** The size of `text` in bytes of UTF-8 when it is above `limit`, else undefined (counted only when needed). */
export function sizeAbove(text: string, limit: number): number | undefined {
  // Every UTF-16 code unit is one to three bytes of UTF-8 (a surrogate pair, two units, is four).
  if (text.length * 3 <= limit) return undefined;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes > limit ? bytes : undefined;
}

/** `20 MB`, `1.5 MB`, `300 KB`, `120 bytes` (binary units). */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [[1024 * 1024, 'MB'], [1024, 'KB']];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Characters of a citation key, to tell whether a key still stands in a text as a whole word. */
const KEY_CHAR = /[\p{L}\p{N}_:./-]/u;

/** Where `key` stands in `text` as a whole key (not inside a longer one), or -1. */
function keyAt(text: string, key: string): number {
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    const before = text[at - 1];
    const after = text[at + key.length];
    // A key ends before a `.` or `:` followed by a space or the end of a line (`id: a.`, `{a:}` are rare).
    const endsHere = after === undefined || !KEY_CHAR.test(after) || ((after === '.' || after === ':') && !KEY_CHAR.test(text[at + key.length + 1] ?? ' '));
    if ((before === undefined || !KEY_CHAR.test(before)) && endsHere) return at;
  }
  return -1;
}

/**
 * A bibliography file as read, with the entries of its previous version kept when the new text lost them: only
 * when the new text has problems, for every key the new text yields no entry for. A kept entry points at its key in
 * the new text, or at the file's start when the text no longer writes it; the first problem names the kept keys.
 */
function keepLastGood(previous: IndexedSourceFile | undefined, read: { uri: string; text: string; entries: readonly SourceEntry[]; problems: readonly SyntaxProblem[] }): IndexedSourceFile {
  const { uri, text, entries, problems } = read;
  if (problems.length === 0 || !previous || previous.tooLarge !== undefined) return { uri, text, entries, problems };
  const keys = new Set(entries.map((e) => e.key));
  const kept: SourceEntry[] = [];
  for (const old of previous.entries) {
    if (keys.has(old.key)) continue;
    const at = keyAt(text, old.key);
    const span = at < 0 ? { start: 0, end: 0 } : { start: at, end: at + old.key.length };
    const { urlSpan: _oldUrlSpan, ...rest } = old;
    kept.push({ ...rest, keySpan: span, span });
    keys.add(old.key);
  }
  if (kept.length === 0) return { uri, text, entries, problems };
  const names = kept.map((e) => `"${e.key}"`);
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
  // The first problem says what was kept, so that the file's one error explains why the sources still resolve.
  const [first, ...rest] = problems;
  const note = `; until the file can be read whole, ${kept.length === 1 ? 'the source' : `${kept.length} sources`} ${shown} ${kept.length === 1 ? 'is' : 'are'} kept as last read`;
  return { uri, text, entries: [...entries, ...kept], problems: [{ ...first!, message: first!.message + note }, ...rest], kept: kept.map((e) => e.key) };
}

/** A place in a file of the workspace. */
export interface Location {
  readonly uri: string;
  readonly span: Span;
}
