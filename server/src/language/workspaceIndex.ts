// The workspace index: every Clausemark document, bibliography file and the workspace `clausemark.json`, held
// as parsed models, and the links between them (imports, sources). It does no I/O: the host (CLI or LSP)
// gives it file texts and asks, through `wantedFiles()`, which referenced files it still needs to read.
// Setting one file re-reads that file only; what depends on it is re-linked lazily when next asked for.

import { bibliographyFormat, readBibliography } from '../syntax/bibliography.js';
import type { DocumentModel, PathRef, SourceEntry, Span, SyntaxProblem } from '../syntax/model.js';
import { parseDocument } from '../syntax/parseDocument.js';
import { readWorkspaceConfig, type WorkspaceConfig } from '../syntax/workspaceConfig.js';
import { linkDocument, type LinkedDocument } from './link.js';
import { DEFAULT_MATCHING, type MatchingOptions } from './config.js';
import { TermMatcher } from './termMatcher.js';
import { isInside, resolvePath } from './uri.js';

/** A parsed Clausemark document. */
export interface IndexedDocument {
  readonly uri: string;
  readonly version: number;
  readonly model: DocumentModel;
}

/** A parsed bibliography file. */
export interface IndexedSourceFile {
  readonly uri: string;
  readonly entries: readonly SourceEntry[];
  readonly problems: readonly SyntaxProblem[];
  readonly text: string;
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
  readonly #linked = new Map<string, { generation: number; linked: LinkedDocument }>();
  readonly #matchers = new Map<string, TermMatcher>();
  #roots: readonly string[] = [];
  #config: { uri: string; text: string; config: WorkspaceConfig; problems: readonly SyntaxProblem[] } | undefined;
  #generation = 0;
  #matching: MatchingOptions = DEFAULT_MATCHING;
  #editorDefaults: { imports: readonly PathRef[]; bibliography: readonly PathRef[] } = { imports: [], bibliography: [] };
  readonly #memo = new Map<string, unknown>();
  #memoGeneration = -1;

  /** Sets the workspace folders; references that leave them are refused. Empty: no limit. */
  setRoots(roots: readonly string[]): void {
    this.#roots = roots.map((r) => (r.endsWith('/') ? r.slice(0, -1) : r));
    this.#changed();
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
    this.#changed();
  }

  /** Sets default imports and bibliographies from editor settings, relative to the first workspace folder. */
  setEditorDefaults(imports: readonly string[], bibliography: readonly string[]): void {
    const toRefs = (paths: readonly string[]) => paths.filter((p) => typeof p === 'string' && p).map((path) => ({ path, span: { start: 0, end: 0 } }));
    this.#editorDefaults = { imports: toRefs(imports), bibliography: toRefs(bibliography) };
    this.#changed();
  }

  /** Adds or replaces a document. */
  setDocument(uri: string, text: string, version = 0): IndexedDocument {
    const doc = { uri, version, model: parseDocument(text, uri) };
    this.#documents.set(uri, doc);
    this.#missing.delete(uri);
    this.#changed();
    return doc;
  }

  /** Adds or replaces a bibliography file (its format from its extension). */
  setSourceFile(uri: string, text: string): void {
    const format = bibliographyFormat(uri);
    const read = format
      ? readBibliography(text, format, uri)
      : { entries: [], problems: [{ code: 'import.missing', message: `"${uri}" is not a bibliography (.json, .yaml, .yml or .bib)`, span: { start: 0, end: 0 } }] };
    this.#sourceFiles.set(uri, { uri, entries: read.entries, problems: read.problems, text });
    this.#missing.delete(uri);
    this.#changed();
  }

  /** Sets the workspace configuration from the text of `clausemark.json`. */
  setConfig(uri: string, text: string): void {
    const read = readWorkspaceConfig(text, uri);
    this.#config = { uri, text, config: read.config, problems: read.problems };
    this.#changed();
  }

  /** The workspace configuration file, when there is one. */
  get config(): { readonly uri: string; readonly text: string; readonly config: WorkspaceConfig; readonly problems: readonly SyntaxProblem[] } | undefined {
    return this.#config;
  }

  /** Removes a file of any kind. */
  remove(uri: string): void {
    const had = this.#documents.delete(uri) || this.#sourceFiles.delete(uri);
    this.#linked.delete(uri);
    if (this.#config?.uri === uri) this.#config = undefined;
    if (had || this.#missing.delete(uri)) this.#changed();
  }

  /** Records that a referenced file could not be read (`reason` is shown to the user). */
  markMissing(uri: string, reason: string): void {
    this.#missing.set(uri, reason);
    this.#changed();
  }

  /** A document, when indexed. */
  document(uri: string): IndexedDocument | undefined {
    return this.#documents.get(uri);
  }

  /** Every indexed document. */
  documents(): IterableIterator<IndexedDocument> {
    return this.#documents.values();
  }

  /** A bibliography file, when indexed. */
  sourceFile(uri: string): IndexedSourceFile | undefined {
    return this.#sourceFiles.get(uri);
  }

  /** Every indexed bibliography file. */
  sourceFiles(): IterableIterator<IndexedSourceFile> {
    return this.#sourceFiles.values();
  }

  /** The paths a document refers to (its own and the workspace defaults), resolved and checked. */
  referencesOf(uri: string): FileReference[] {
    const doc = this.#documents.get(uri);
    if (!doc) return [];
    const refs: FileReference[] = [];
    const fm = doc.model.frontMatter;
    for (const path of fm?.imports ?? []) refs.push(this.#reference(uri, path, 'import'));
    for (const path of fm?.bibliography ?? []) refs.push(this.#reference(uri, path, 'bibliography'));
    return refs;
  }

  /** The workspace-default references (from `clausemark.json`), resolved against the config file. */
  defaultReferences(): FileReference[] {
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

  /** The document with everything resolved: term uses, citations, clause references. Cached until a change. */
  linked(uri: string): LinkedDocument | undefined {
    const doc = this.#documents.get(uri);
    if (!doc) return undefined;
    const cached = this.#linked.get(uri);
    if (cached && cached.generation === this.#generation) return cached.linked;
    const linked = linkDocument(this, doc);
    this.#linked.set(uri, { generation: this.#generation, linked });
    return linked;
  }

  /** A term matcher for a set of names, shared by documents that see the same names. */
  matcherFor(names: readonly string[]): TermMatcher {
    const key = names.join('\u0000');
    let matcher = this.#matchers.get(key);
    if (!matcher) {
      if (this.#matchers.size > 256) this.#matchers.clear();
      matcher = new TermMatcher(names, this.#matching);
      this.#matchers.set(key, matcher);
    }
    return matcher;
  }

  /** A value computed once per state of the workspace (dropped on the next change). */
  memo<T>(key: string, compute: () => T): T {
    if (this.#memoGeneration !== this.#generation) {
      this.#memo.clear();
      this.#memoGeneration = this.#generation;
    }
    if (!this.#memo.has(key)) this.#memo.set(key, compute());
    return this.#memo.get(key) as T;
  }

  /** Bumped on every change; caches compare against it. */
  get generation(): number {
    return this.#generation;
  }

  #changed(): void {
    this.#generation++;
  }
}

/** A place in a file of the workspace. */
export interface Location {
  readonly uri: string;
  readonly span: Span;
}
