// The language server: protocol glue between an LSP connection and the language service. It keeps the
// workspace index in step with open editors, the file system and settings, and answers each request by looking
// up the document, calling the service and converting the answer. No feature logic lives here.

import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  type CancellationToken,
  type Connection,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ErrorCodes,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  type Position,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { collectClausemarkFiles, indexFile, isClausemarkFile, loadReferenced, readText, realFileInside, textUnlessTooLarge } from '../host/files.js';
import { readFilesInto } from '../host/readFiles.js';
import { createLanguageService, isClausemarkDocument, lookupWarmUp, RULES, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, WorkspaceIndex, type Diagnostic, type EditedWindow, type IndexReads, type LanguageService } from '../language/index.js';
import { DocumentStatsRequest, ServerPidRequest, SETTINGS_SECTION } from '../protocol.js';
import { fileLines, toLspDiagnostic, toRange } from './convert.js';
import { createDocumentReader, type DocumentReader } from './documentReader.js';
import { EditorDocument } from './editorDocument.js';
import { PendingChanges } from './pendingChange.js';
import { completionSupport, FULL_COMPLETIONS } from './completionList.js';
import { foldingLimit, registerFeatures, type ClientSupport } from './features.js';
import { DiagnosticResults } from './diagnosticResults.js';
import { DiagnosticSplitter, DOCUMENT_RULE_DIAGNOSTICS, documentRuleIds, MAIN_DIAGNOSTICS, setOf } from './diagnosticSets.js';
import { IdleWork } from './idleWork.js';
import { registerReports } from './reports.js';
import { toDefaultPaths, toLanguageConfig, toMatchingOptions, toMaxFileSize, type Settings } from './settings.js';
import { faultyRule, slowRule, withHoverFault, type TestFault } from './testFaults.js';

/** Documents from this many characters on are made ready for their first keystroke after their full check. */
const PREPARE_MIN_CHARS = 256 * 1024;
/** Made-up keystrokes that prepare such a document: one per this many characters (the first ones compile the most)… */
const PREPARE_CHARS_PER_ROUND = 400_000;
/** …and at most this many (a few milliseconds each once compiled: some 2 % of opening a 10 MB contract). */
const PREPARE_ROUNDS = 24;

/** Rounds of the lookups' warm-up on a made-up contract, once per process while the editor is quiet (about 0.4 s of CPU). */
const WARM_UP_ROUNDS = 25;

/** How long the workspace diagnostic pull computes before it lets other requests in. */
const WORKSPACE_SLICE_MS = 10;

/** How long to wait after the last keystroke before re-reading a document and refreshing diagnostics. */
const DEBOUNCE_MS = 150;

/** How the server is started. */
export interface ServerOptions {
  /** Faults injected for the reliability tests (`CLAUSEMARK_TEST_FAULT`); none in normal use. */
  readonly faults?: readonly TestFault[];
}

/** Starts serving `connection`; returns once the handlers are installed. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  /** What the editor changed since the index took each document's text (see `pendingChange.ts`). */
  const changes = new PendingChanges();
  const documents = new TextDocuments<EditorDocument>({
    create: (uri, languageId, version, text) => new EditorDocument(uri, languageId, version, text),
    update: (doc, contentChanges, version) => {
      changes.note(doc, contentChanges);
      doc.update(contentChanges, version);
      return doc;
    },
  });
  const index = new WorkspaceIndex();
  let settings: Settings = {};
  const faults = options.faults ?? [];
  const rules = [...RULES, ...(faults.includes('rule') ? [faultyRule] : []), ...(faults.includes('slow') ? [slowRule] : [])];
  let service = createLanguageService(index, () => toLanguageConfig(settings), { ...(rules.length > RULES.length ? { rules } : {}), findings: () => reader.findings });
  if (faults.includes('hover')) service = withHoverFault(service);
  const pending = new Map<string, EditorDocument>();
  let pendingTimer: NodeJS.Timeout | undefined;
  let pullDiagnostics = false;
  /** Whether the client registers diagnostic providers dynamically (then open documents' findings come in two sets). */
  let registersDiagnostics = false;
  /** Whether the second diagnostic provider is registered: open documents' whole-document findings are pulled apart (see `diagnosticSets.ts`). */
  let splitDiagnostics = false;
  const splitter = new DiagnosticSplitter(documentRuleIds(rules));
  let configurationRequests = false;
  /** What the client accepts: in a completion list (`itemDefaults`, details on resolve), and how many folding ranges. */
  let client: ClientSupport = { completions: FULL_COMPLETIONS, foldingLimit: Infinity };
  let rootPaths: string[] = [];
  /** In an untrusted workspace only open documents are read: no folder scan, no imports, no bibliographies. */
  let trusted = true;
  let workspaceWaiters: (() => void)[] = [];
  /** Reads editor texts into the index, the first one through the block cache (set up at initialize). */
  let reader: DocumentReader = createDocumentReader(index, undefined, () => undefined);
  /** Counts settings changes: diagnostics computed under other settings are not reused. */
  let settingsVersion = 0;
  /**
   * The LSP diagnostics of each file, with what their check read of the index: kept while none of it changes and the
   * settings stay (an unchanged pull is free, and after an edit only the files that read what it changed are checked
   * again: the edited one, those that link against it, those whose findings it changes through the workspace facts).
   */
  const diagnosticCache = new Map<string, { generation: number; settings: number; items: ReturnType<typeof diagnosticsOf>; reads: IndexReads }>();
  function cachedDiagnostics(uri: string): ReturnType<typeof diagnosticsOf> {
    const hit = diagnosticCache.get(uri);
    if (hit && hit.settings === settingsVersion && (hit.generation === index.generation || index.stillValid(hit.reads))) {
      hit.generation = index.generation;
      return hit.items;
    }
    const { value: items, reads } = index.observe(() => diagnosticsOf(service, uri));
    diagnosticCache.set(uri, { generation: index.generation, settings: settingsVersion, items, reads });
    prepareForKeystrokes(uri);
    prepareWhileQuiet(uri);
    return items;
  }

  /** Work done while the editor is quiet (see `idleWork.ts`). */
  const idle = new IdleWork();

  /** The id of each file's last diagnostic report: a pull that names it, when nothing changed, is answered "unchanged". */
  const results = new DiagnosticResults();
  /** The same for the second set, the whole-document rules' findings of open documents. */
  const documentRuleResults = new DiagnosticResults();

  /** Takes a file out of the index, with what the server kept of it (its diagnostics, its last report's id). */
  function dropFile(uri: string): void {
    index.remove(uri);
    diagnosticCache.delete(uri);
    editCache.delete(uri);
    results.forget(uri);
    documentRuleResults.forget(uri);
  }

  /**
   * After a full check of an open document, while the editor is quiet: its lookup indexes and completion lists are
   * built, a piece at a time, and the citations that its hovers (and those of the documents its linking read, where
   * its imported terms are defined) show beside party positions are formatted.
   */
  function prepareWhileQuiet(uri: string): void {
    if (!documents.get(uri)) return;
    const resumable = (key: string, target: string, prepare: (from: number, stop: () => boolean) => number | undefined) => {
      if (!index.document(target) || idle.has(key)) return;
      let linked: unknown;
      let from: number | undefined = 0;
      idle.add(key, {
        step: (stop) => {
          // Linked again since: from the start (what is already built is quick). Never linked here: `prepare` waits for it.
          const now = index.isLinked(target) ? index.linked(target) : undefined;
          if (now !== linked) [linked, from] = [now, 0];
          from = prepare(from ?? 0, stop);
          return from === undefined;
        },
      });
    };
    resumable(`lookups ${uri}`, uri, (from, stop) => service.prepareLookups(uri, from, stop));
    for (const read of [uri, ...index.linkedReads(uri)]) resumable(`hover citations ${read}`, read, (from, stop) => service.prepareHover(read, from, stop));
    // Once per process, after the document's own preparation: the lookups' code compiled on a made-up contract.
    if (!lookupsWarmedUp) {
      lookupsWarmedUp = true;
      idle.add('lookup warm-up', lookupWarmUp(WARM_UP_ROUNDS));
    }
  }
  let lookupsWarmedUp = false;

  /** The editors' copies of large documents already made ready for their first keystrokes (once per opening). */
  const prepared = new WeakSet<object>();

  /**
   * With the first full check of a large open document, before its diagnostics are answered: the editor's copy builds
   * its line table (its first edit would scan the whole text) and the keystroke window runs on made-up edits
   * (compiling its code), so that the writer's first keystrokes answer as fast as the later ones. Part of opening, so
   * that no lookup or keystroke after it waits for this work.
   */
  function prepareForKeystrokes(uri: string): void {
    const model = service.model(uri);
    const open = documents.get(uri);
    if (!model || !open || model.text.length < PREPARE_MIN_CHARS || prepared.has(open)) return;
    prepared.add(open);
    safely(() => {
      open.positionAt(0);
      service.prepareEdits(uri, Math.min(PREPARE_ROUNDS, Math.ceil(model.text.length / PREPARE_CHARS_PER_ROUND)));
    });
  }

  /**
   * The LSP form of each diagnostic of an edited text, by the diagnostic: a finding the edit does not move keeps its
   * diagnostic object (`diagnostics.ts`), and stands where it stood in the indexed text, so its LSP form is the same
   * at every keystroke after it (on a 10 MB contract, placing 155 diagnostics in the editor's text at each keystroke
   * was a third of a millisecond). Only those whose places are all in their own document are kept.
   */
  const lspForms = new WeakMap<Diagnostic, { readonly uri: string; readonly lsp: ReturnType<typeof toLspDiagnostic> }>();
  const keptLsp = (uri: string, d: Diagnostic) => {
    const kept = lspForms.get(d);
    return kept?.uri === uri ? kept.lsp : undefined;
  };
  const keepLsp = (uri: string, d: Diagnostic, lsp: ReturnType<typeof toLspDiagnostic>) => {
    if (d.related.every((r) => r.uri === uri)) lspForms.set(d, { uri, lsp });
    return lsp;
  };

  /** Diagnostics of edited texts found in their edits' windows, per document version (see `editedDiagnostics`). */
  const editCache = new Map<string, { version: number; generation: number; settings: number; found?: { ours: Diagnostic[]; items: ReturnType<typeof diagnosticsOf> } }>();

  /**
   * The diagnostics of a document's pending text (edited, not yet in the index), found in the edit's window from the
   * last full check, without reading, linking and checking the whole text; undefined when there is no pending text or
   * the edit needs the full way (`diagnosticsAfterEdit` refused). Ranges come from the editor's copy of the text.
   */
  function editedDiagnostics(uri: string): { ours: Diagnostic[]; items: ReturnType<typeof diagnosticsOf>; window?: EditedWindow } | undefined {
    const doc = pending.get(uri);
    if (!doc || reader.busy(uri) || !index.document(uri)) return undefined;
    const hit = editCache.get(uri);
    if (hit && hit.version === doc.version && hit.generation === index.generation && hit.settings === settingsVersion) return hit.found;
    const text = doc.source();
    const indexed = index.document(uri)!.model.text;
    const answer = service.diagnosticsAfterEdit(uri, text, changes.changeOf(uri, indexed, text));
    const rangeOf = (u: string, span: { start: number; end: number }) => (u === uri ? { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } : toRange(service, u, span));
    const found = 'refused' in answer ? undefined : { ours: answer.diagnostics, items: answer.diagnostics.map((d) => keptLsp(uri, d) ?? keepLsp(uri, d, toLspDiagnostic(service, uri, d, rangeOf))), ...(answer.window ? { window: answer.window } : {}) };
    editCache.set(uri, { version: doc.version, generation: index.generation, settings: settingsVersion, ...(found ? { found } : {}) });
    return found;
  }

  /**
   * The diagnostics of a file the index holds as the editor has it, taken again after the pending texts its linking
   * read (an imported glossary being edited) went into the index: what it reads of them may have moved.
   */
  function settledDiagnostics(uri: string): ReturnType<typeof diagnosticsOf> {
    const items = cachedDiagnostics(uri);
    const unsettled = index.linkedReads(uri).filter((read) => read !== uri && pending.has(read));
    if (unsettled.length === 0) return items;
    for (const read of unsettled) flush(read);
    return cachedDiagnostics(uri);
  }

  /** Takes into the index the pending texts whose diagnostics cannot be found in their edits' windows. */
  function flushRefused(): void {
    for (const uri of [...pending.keys()]) if (!editedDiagnostics(uri)) flush(uri);
  }

  /** Runs a request handler so that one failing request never takes the server down. */
  function guard<P, R>(name: string, handler: (params: P, token: CancellationToken) => R, empty: R) {
    return (params: P, token: CancellationToken): R | ResponseError<never> => {
      idle.touch();
      if (token?.isCancellationRequested) return empty;
      try {
        return handler(params, token);
      } catch (error) {
        if (error instanceof ResponseError) return error as ResponseError<never>; // A refusal meant for the user.
        connection.console.error(`Clausemark: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return new ResponseError<never>(-32603, `Clausemark: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  }

  /** Applies pending editor changes to the index (all, or one document's). */
  function flush(uri?: string): void {
    const targets = uri ? (pending.has(uri) ? [pending.get(uri)!] : []) : [...pending.values()];
    let read = 0;
    for (const doc of targets) {
      // A first text being read in workers: later texts wait for it (they are edits of it), then go in.
      if (reader.busy(doc.uri)) continue;
      // An edit typed and taken back: the index holds the text. Read again, it would make everything made once per
      // reading again (on 10 MB, some 250 ms of outline, tokens and lists); it stays pending, with its version.
      if (doc.holds(index.document(doc.uri)?.model.text)) continue;
      pending.delete(doc.uri);
      changes.taken(doc.uri);
      reader.read(doc.uri, doc.settle(), doc.version);
      read++;
    }
    // Only after a text went in: an edit typed and taken back stays pending, and each request would look again.
    if (read > 0) readReferenced();
  }

  /** Reads the files open documents refer to, or (untrusted) records that they are not read. */
  function readReferenced(): void {
    if (trusted) {
      loadReferenced(index, rootPaths, (u) => documents.get(u) !== undefined);
      return;
    }
    for (const w of index.wantedFiles()) if (!documents.get(w.uri)) index.markMissing(w.uri, 'is not read in an untrusted workspace');
  }

  function scheduleRefresh(): void {
    if (pendingTimer) clearTimeout(pendingTimer);
    pendingTimer = setTimeout(() => {
      pendingTimer = undefined;
      safely(flushRefused);
      refreshDiagnostics();
    }, DEBOUNCE_MS);
  }

  /** Tells the client that diagnostics changed: a pull refresh, or pushed diagnostics for every document. */
  function refreshDiagnostics(): void {
    const waiters = workspaceWaiters;
    workspaceWaiters = [];
    for (const wake of waiters) wake();
    if (pullDiagnostics) {
      void connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    for (const doc of index.documents()) {
      // One document whose diagnostics fail must not keep the others' from the editor.
      safely(() => {
        const edited = editedDiagnostics(doc.uri);
        const version = edited ? pending.get(doc.uri)!.version : doc.version;
        void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: edited?.items ?? settledDiagnostics(doc.uri) });
      });
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullDiagnostics = params.capabilities.textDocument?.diagnostic !== undefined;
    registersDiagnostics = params.capabilities.textDocument?.diagnostic?.dynamicRegistration === true;
    configurationRequests = params.capabilities.workspace?.configuration === true;
    client = { completions: completionSupport(params.capabilities), foldingLimit: foldingLimit(params.capabilities) };
    trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
    reader = createDocumentReader(index, params.initializationOptions, (message) => connection.console.log(message), readEvents);
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    const roots = folders.map((f) => f.uri).filter((u) => u.startsWith('file:'));
    index.setRoots(roots);
    rootPaths = roots.map((u) => fileURLToPath(u));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: MAIN_DIAGNOSTICS, interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['[', '@', '§', ' ', '!'], resolveProvider: true },
        documentSymbolProvider: { label: 'Clausemark' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: { delta: true }, range: false },
        documentLinkProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'clausemark-language-server', version: typeof __CLAUSEMARK_VERSION__ === 'string' ? __CLAUSEMARK_VERSION__ : 'development' },
    };
  });

  // Requests that need the whole workspace wait for the first indexing, so that no finding is reported
  // against a file merely not read yet.
  let indexed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (indexed = resolve));
  connection.onInitialized(async () => {
    if (faults.length > 0) connection.console.warn(`Clausemark: test faults injected (CLAUSEMARK_TEST_FAULT): ${faults.join(', ')}`);
    // Not awaited: a client that never answers keeps one set. Until it answers, the main set holds every finding.
    if (pullDiagnostics && registersDiagnostics) {
      connection.client
        .register(DocumentDiagnosticRequest.type, { documentSelector: null, identifier: DOCUMENT_RULE_DIAGNOSTICS, interFileDependencies: true, workspaceDiagnostics: false })
        .then(
          () => {
            splitDiagnostics = true;
            refreshDiagnostics();
          },
          () => undefined,
        );
    }
    try {
      await loadSettings();
      await indexWorkspace();
    } finally {
      indexed();
    }
    // The end of the indexing progress goes out before the diagnostics (a client that takes pushed ones waits for them).
    await new Promise((resolve) => setImmediate(resolve));
    refreshDiagnostics();
    setImmediate(() => service.warmUp());
  });

  async function loadSettings(): Promise<void> {
    if (configurationRequests) {
      try {
        settings = ((await connection.workspace.getConfiguration(SETTINGS_SECTION)) as Settings | null) ?? {};
      } catch {
        settings = {};
      }
    }
    applySettings();
  }

  /** Settings that change how the workspace is linked go to the index; the rest is read through the config. */
  function applySettings(): void {
    settingsVersion++;
    index.setMaxFileSize(toMaxFileSize(settings));
    index.setMatching(toMatchingOptions(settings));
    const defaults = toDefaultPaths(settings);
    index.setEditorDefaults(defaults.imports, defaults.bibliography);
    readReferenced();
  }

  /** A large document read in worker threads: a progress report while it lasts, then its newer texts and a refresh. */
  const readProgress = new Map<string, Promise<{ done(): void } | undefined>>();
  const readEvents = {
    began: (uri: string) => {
      const progress = connection.window.createWorkDoneProgress().then(
        (p) => {
          p.begin('Clausemark: reading', undefined, uri.slice(uri.lastIndexOf('/') + 1), false);
          return p;
        },
        () => undefined,
      );
      readProgress.set(uri, progress);
    },
    ended: (uri: string) => {
      void readProgress.get(uri)?.then((p) => p?.done());
      readProgress.delete(uri);
      safely(() => flush(uri));
      refreshDiagnostics();
    },
  };

  /** While the workspace is indexed: files whose text came from elsewhere meanwhile (closed, changed on disk). */
  let touchedWhileIndexing: Set<string> | undefined;

  /** Reads every Clausemark file, bibliography and config of the workspace folders, with a progress report. */
  async function indexWorkspace(): Promise<void> {
    if (!trusted) return;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    const files = rootPaths.flatMap((root) => collectClausemarkFiles(root));
    progress?.begin('Clausemark: indexing', 0, `${files.length} files`, false);
    for (const root of rootPaths) {
      const config = `${root.replace(/\/$/, '')}/clausemark.json`;
      const checked = realFileInside(config, rootPaths);
      if ('real' in checked) safely(() => index.setConfig(pathToFileURL(config).href, readText(checked.real)));
    }
    // Files read in the reading workers (on this thread without them), a window at a time, so that requests are
    // answered meanwhile. A file the editor opened or the watcher changed during the indexing keeps that text.
    touchedWhileIndexing = new Set();
    let shown = 0;
    let workers = 0;
    const started = performance.now();
    await readFilesInto(index, files.map((path) => ({ uri: pathToFileURL(path).href, path })), reader.pool, {
      // The folder scan follows no symbolic link; a file larger than the limit is not read, only its size noted.
      readText: (file) => textUnlessTooLarge(index, file.uri, file.path, 'import'),
      wanted: (uri) => !documents.get(uri) && !touchedWhileIndexing?.has(uri),
      onError: (_file, error) => connection.console.warn(`Clausemark: ${error instanceof Error ? error.message : String(error)}`),
      onRead: (done, total) => {
        workers = Math.max(workers, reader.pool?.workers ?? 0);
        const percent = Math.floor((done / total) * 100);
        if (percent === shown) return;
        shown = percent;
        progress?.report(percent, `${done} of ${total} files`);
      },
    });
    touchedWhileIndexing = undefined;
    if (files.length > 0) connection.console.log(`Clausemark: indexed ${files.length} files in ${Math.round(performance.now() - started)} ms${workers > 0 ? ` in ${workers} worker threads` : ''}`);
    readReferenced();
    progress?.done();
  }

  function safely(action: () => void): void {
    try {
      action();
    } catch (error) {
      connection.console.warn(`Clausemark: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  documents.onDidChangeContent((change) => {
    idle.touch();
    const doc = change.document;
    // The client sends every Markdown file; only Clausemark documents are ours.
    if (doc.languageId !== 'clausemark' && !isClausemarkDocument(doc.uri, doc.source().slice(0, 4096))) {
      if (index.document(doc.uri)) {
        dropFile(doc.uri);
        scheduleRefresh();
      }
      return;
    }
    pending.set(doc.uri, doc);
    scheduleRefresh();
  });

  documents.onDidSave((event) =>
    safely(() => {
      flush(event.document.uri);
      reader.saved(event.document.uri);
    }),
  );

  documents.onDidOpen((event) => changes.unknown(event.document.uri));

  documents.onDidClose((event) => {
    features.closed(event.document.uri);
    touchedWhileIndexing?.add(event.document.uri);
    pending.delete(event.document.uri);
    changes.taken(event.document.uri);
    if (!index.document(event.document.uri)) return;
    safely(() => reader.closed(event.document.uri));
    // The file on disk is what the workspace has now; a file that is not there, or outside the workspace folders,
    // leaves the index. An untrusted workspace reads nothing from disk.
    safely(() => {
      const path = fileURLToPath(event.document.uri);
      const checked = trusted ? realFileInside(path, rootPaths) : { problem: 'untrusted' };
      if ('real' in checked && isClausemarkFile(path)) indexFile(index, event.document.uri, checked.real, 'import');
      else dropFile(event.document.uri);
    });
    scheduleRefresh();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (!trusted) return;
    for (const change of params.changes) {
      touchedWhileIndexing?.add(change.uri);
      if (documents.get(change.uri)) continue; // The editor's text wins over the disk's.
      safely(() => {
        const path = fileURLToPath(change.uri);
        if (change.type === FileChangeType.Deleted) {
          dropFile(change.uri);
          return;
        }
        // Nothing outside the workspace folders is read, whatever the watcher reports (a symbolic link out of them).
        const checked = realFileInside(path, rootPaths);
        if (!('real' in checked)) {
          if (index.document(change.uri) || index.sourceFile(change.uri) || index.config?.uri === change.uri) dropFile(change.uri);
          return;
        }
        if (rootPaths.some((root) => path === `${root.replace(/\/$/, '')}/clausemark.json`)) {
          index.setConfig(change.uri, readText(checked.real));
        } else if (index.sourceFile(change.uri) || /\.(bib|json|ya?ml)$/i.test(path)) {
          if (index.sourceFile(change.uri)) indexFile(index, change.uri, checked.real, 'bibliography');
        } else if (isClausemarkFile(path)) {
          indexFile(index, change.uri, checked.real, 'import');
        }
      });
    }
    readReferenced();
    scheduleRefresh();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationRequests) await loadSettings();
    else {
      settings = ((change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION] as Settings | undefined) ?? {};
      applySettings();
    }
    refreshDiagnostics();
  });

  const documentDiagnostics = guard(
    'diagnostics',
    ({ textDocument: { uri }, previousResultId, identifier }: DocumentDiagnosticParams): DocumentDiagnosticReport => {
      const split = splitDiagnostics && documents.get(uri) !== undefined;
      const set = setOf(identifier);
      if (set === 'document' && !split) return documentRuleResults.report(uri, [], previousResultId);
      const edited = editedDiagnostics(uri);
      if (!edited) flush(uri);
      const items = edited?.items ?? settledDiagnostics(uri);
      if (!split) return results.report(uri, items, previousResultId);
      const halves = splitter.split(items);
      return set === 'document' ? documentRuleResults.report(uri, halves.document, previousResultId) : results.report(uri, halves.main, previousResultId);
    },
    { kind: DocumentDiagnosticReportKind.Full, items: [] },
  );
  connection.languages.diagnostics.on(async (params, token) => {
    await ready;
    return documentDiagnostics(params, token);
  });

  // Workspace diagnostics: answered at once the first time, then held until something changes, so the client's
  // polling does not spin.
  let lastWorkspaceGeneration = -1;
  connection.languages.diagnostics.onWorkspace(async (params, token) => {
    // The second provider is registered without a workspace pull: closed documents come whole in the main set.
    if (setOf(params.identifier) === 'document') return { items: [] };
    await ready;
    if (lastWorkspaceGeneration === index.generation) {
      await new Promise<void>((resolve) => {
        workspaceWaiters.push(resolve);
        token.onCancellationRequested(() => resolve());
      });
    }
    if (token.isCancellationRequested) return { items: [] };
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    try {
      // Thousands of documents take seconds: the pull lets other requests in every WORKSPACE_SLICE_MS, and starts
      // over when the index changed meanwhile, so that its answer is of one state of the workspace.
      for (;;) {
        // Open documents are pulled one by one; an edit whose window answers changes nothing the others read.
        flushRefused();
        const generation = index.generation;
        lastWorkspaceGeneration = generation;
        const items: WorkspaceDocumentDiagnosticReport[] = [];
        let slice = performance.now();
        for (const doc of index.documents()) {
          if (documents.get(doc.uri)) continue; // Open documents are pulled one by one.
          if (performance.now() - slice > WORKSPACE_SLICE_MS) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            if (token.isCancellationRequested) return { items: [] };
            if (index.generation !== generation) break;
            slice = performance.now();
          }
          items.push({ ...results.report(doc.uri, settledDiagnostics(doc.uri), previous.get(doc.uri)), uri: doc.uri, version: null });
        }
        if (index.generation !== generation) continue;
        for (const source of index.sourceFiles()) {
          items.push({ ...results.report(source.uri, cachedDiagnostics(source.uri), previous.get(source.uri)), uri: source.uri, version: null });
        }
        return { items };
      }
    } catch (error) {
      connection.console.error(`Clausemark: workspace diagnostics failed: ${String(error)}`);
      return { items: [] };
    }
  });

  connection.onRequest(
    DocumentStatsRequest,
    guard(
      'documentStats',
      ({ uri }) => {
        const edited = editedDiagnostics(uri);
        if (!edited) flush(uri);
        // An edit answered in its window keeps the counts of terms, clauses and citations: only the findings differ.
        return service.counts(uri, edited?.ours) ?? null;
      },
      null,
    ),
  );

  // The server's process id, for the end-to-end test that stops the process and expects the client to restart it.
  connection.onRequest(ServerPidRequest, () => process.pid);

  // Blocks waiting to be stored are written before the process ends.
  connection.onShutdown(async () => {
    idle.clear();
    await reader.flush();
    await reader.close();
  });

  // A request or notification no handler takes still means the editor is not quiet (idle work waits).
  connection.onRequest((method) => {
    idle.touch();
    return new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });
  connection.onNotification(() => idle.touch());

  registerReports(connection, service, guard, flush, ready);
  const features = registerFeatures(
    connection,
    service,
    guard,
    (uri) => flush(uri),
    () => client,
    (uri, position) => {
      const doc = documents.get(uri);
      return doc ? doc.source().slice(doc.offsetAt({ line: position.line, character: 0 }), doc.offsetAt(position)) : undefined;
    },
    (uri) => {
      const doc = pending.get(uri);
      const found = doc ? editedDiagnostics(uri) : undefined;
      return doc && found ? { ...(found.window ? { window: found.window } : {}), position: (offset: number) => doc.positionAt(offset), offset: (position: Position) => doc.offsetAt(position) } : undefined;
    },
  );
  documents.listen(connection);
  connection.listen();
}

/** Runs a handler guarded: an exception answers the request with an error and is logged. */
export type Guard = <P, R>(name: string, handler: (params: P, token: CancellationToken) => R, empty: R) => (params: P, token: CancellationToken) => R | ResponseError<never>;

/** Every diagnostic of a file, as LSP diagnostics. */
function diagnosticsOf(service: LanguageService, uri: string) {
  const ours = service.index.document(uri) ? service.diagnostics(uri) : service.fileDiagnostics(uri);
  if (!fileLines(service, uri)) return [];
  return ours.map((d) => toLspDiagnostic(service, uri, d));
}

declare const __CLAUSEMARK_VERSION__: string | undefined;
