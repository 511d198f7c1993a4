// The language service facade: the one entry point the LSP shell and the CLI use. It owns nothing but a
// workspace index and a configuration getter, and binds the pure features to them. Names are our own (term,
// clause, citation); offsets in, offsets out.

import type { TextChange } from '../syntax/blockSplit.js';
import type { DocumentModel, Span } from '../syntax/model.js';
import { textOf, type TextSource } from '../syntax/textSource.js';
import { LIMITS, type LanguageConfig } from './config.js';
import { documentDiagnostics, fileDiagnostics, type Diagnostic } from './diagnostics.js';
import { diagnosticsAfterEdit, prepareEdits, type EditCheck, type EditedWindow } from './editDiagnostics.js';
import { getCodeActions, type CodeActionEntry, type FindingRef } from './features/codeActions.js';
import { getCodeLenses, type CodeLensEntry } from './features/codeLens.js';
import { completionPieces, getCompletions, limitCompletions, type CompletionResult } from './features/completion.js';
import { completionsAfterEdit } from './features/completionAfterEdit.js';
import { definitionAfterEdit, highlightsAfterEdit, hoverAfterEdit, referencesAfterEdit } from './features/lookupsAfterEdit.js';
import { getDefinition } from './features/definition.js';
import { getDocumentLinks, type DocumentLinkEntry } from './features/documentLinks.js';
import { getFoldingRanges, type FoldingSpan } from './features/folding.js';
import { getHighlights, type Highlight } from './features/highlights.js';
import { citationEngine, getHover, prepareHoverCitations, type Hover } from './features/hover.js';
import { getReferences } from './features/references.js';
import { getRenameEdits, prepareRename, type PrepareRenameResult, type RenameEditsResult } from './features/rename.js';
import { codeActionsAfterEdit, codeLensesAfterEdit, documentLinksAfterEdit, documentSymbolsAfterEdit, documentSymbolsInWindow, foldingRangesAfterEdit, type UnmovedOutline } from './features/editedViews.js';
import { encodedSemanticTokens, encodedTokensAfterEdit, getSemanticTokens, type PositionOf, type SemanticToken } from './features/semanticTokens.js';
import { getDocumentSymbols, getWorkspaceSymbols, type DocumentSymbolEntry, type WorkspaceSymbolEntry } from './features/symbols.js';
import type { Rule } from './rules/rule.js';
import type { FindingsStore } from './storedFindings.js';
import type { Location, WorkspaceIndex } from './workspaceIndex.js';
import { buildReport, FORMATS_OF, renderReport, type RenderOptions, type RenderResult, type ReportFormat, type ReportKindOrAll } from './reports/index.js';
import { isInside } from './uri.js';
import { linkedIndex, modelIndex } from './lookupIndex.js';

/** Counts of one document. */
export interface DocumentCounts {
  readonly terms: number;
  readonly clauses: number;
  readonly citations: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** The service. Every method is pure with respect to the index's current state and never throws on user text. */
export interface LanguageService {
  readonly index: WorkspaceIndex;
  /** Diagnostics of a Clausemark document. */
  diagnostics(uri: string): Diagnostic[];
  /**
   * Diagnostics of `text`, an edited text of the indexed document `uri` that the index does not hold yet, found in
   * the edit's window from the last full check; or why not (then take the text into the index and ask `diagnostics`).
   */
  diagnosticsAfterEdit(uri: string, text: TextSource, change?: TextChange): EditCheck;
  /** Gets an indexed document ready for its first keystroke (see `prepareEdits`, `rounds` edits); changes nothing. */
  prepareEdits(uri: string, rounds?: number): void;
  /** Diagnostics of a bibliography file or `clausemark.json`. */
  fileDiagnostics(uri: string): Diagnostic[];
  /** Counts for the status bar; `diagnostics`, when given, are the document's (those of an edited text). */
  counts(uri: string, diagnostics?: readonly Diagnostic[]): DocumentCounts | undefined;
  /** The hover at an offset: Markdown with every piece of document text escaped. */
  hover(uri: string, offset: number): Hover | undefined;
  /** Where what stands at an offset is defined. */
  definition(uri: string, offset: number): Location[];
  /**
   * The hover at an offset of an edited text whose keystroke was answered in `window`, from the indexed text's (see
   * `features/lookupsAfterEdit.ts`); undefined when the text must be taken into the index first.
   */
  hoverAfterEdit(uri: string, window: EditedWindow, offset: number): { readonly hover: Hover | undefined } | undefined;
  /** `definition` in an edited text answered in `window`, as `hoverAfterEdit`. */
  definitionAfterEdit(uri: string, window: EditedWindow, offset: number): Location[] | undefined;
  /** Every place in the workspace that uses (and, if asked, declares) what stands at an offset: at most `LIMITS.references + 1`, the last one only to say that there are more. */
  references(uri: string, offset: number, includeDeclaration: boolean): Location[];
  /** The occurrences in the document of what stands at an offset (at most `LIMITS.highlights`). */
  highlights(uri: string, offset: number): Highlight[];
  /** `highlights` in an edited text answered in `window`, as `hoverAfterEdit`. */
  highlightsAfterEdit(uri: string, window: EditedWindow, offset: number): Highlight[] | undefined;
  /** `references` in an edited text answered in `window`, as `hoverAfterEdit`. */
  referencesAfterEdit(uri: string, window: EditedWindow, offset: number, includeDeclaration: boolean): Location[] | undefined;
  /** Whether what stands at an offset can be renamed, and its current name. */
  prepareRename(uri: string, offset: number): PrepareRenameResult;
  /** The edits that rename what stands at an offset, in every file. */
  rename(uri: string, offset: number, newName: string): RenameEditsResult;
  /** Completions at an offset (at most `LIMITS.completions`, those matching the typed text first). */
  completions(uri: string, offset: number): CompletionResult | undefined;
  /**
   * Completions at an offset of an edited text whose keystroke was answered in its window (`window`), as
   * `completions` gives them once the text is in the index: null where nothing completes, undefined where it must be.
   */
  completionsAfterEdit(uri: string, window: EditedWindow, offset: number): CompletionResult | null | undefined;
  /** The clause tree with definitions inside. */
  documentSymbols(uri: string): readonly DocumentSymbolEntry[];
  /** Terms, clauses and sources of the workspace matching a query. */
  workspaceSymbols(query: string): WorkspaceSymbolEntry[];
  /** Foldable regions of a document. */
  foldingRanges(uri: string, limit?: number): readonly FoldingSpan[];
  /** Semantic tokens of a document, sorted and single-line. */
  semanticTokens(uri: string): SemanticToken[];
  /** Semantic tokens of a document in the LSP encoding, made once per linking (`position` places an offset of the indexed text). */
  encodedSemanticTokens(uri: string, position: PositionOf): Uint32Array;
  /**
   * Encoded semantic tokens of an edited text, from the window its diagnostics were found in (`diagnosticsAfterEdit`)
   * spliced into the indexed text's; `position` places an offset of the edited text, `indexedPosition` one of the indexed.
   */
  encodedSemanticTokensAfterEdit(uri: string, window: EditedWindow, position: PositionOf, indexedPosition: PositionOf): Uint32Array | undefined;
  /** The outline of an edited text answered in its window, from the indexed text's moved; undefined where it cannot be. */
  documentSymbolsAfterEdit(uri: string, window: EditedWindow): DocumentSymbolEntry[] | undefined;
  /** The outline of an edited text before it is moved by the edit, whether the edit keeps every line break, and where each entry stands (`documentSymbolsInWindow`). */
  documentSymbolsInWindow(uri: string, window: EditedWindow): UnmovedOutline | undefined;
  /** The folding ranges of an edited text answered in its window, from the indexed text's moved; undefined where they cannot be. */
  foldingRangesAfterEdit(uri: string, window: EditedWindow, limit?: number): readonly FoldingSpan[] | undefined;
  /** The links of an edited text answered in its window, from the indexed text's moved; undefined where they cannot be. */
  documentLinksAfterEdit(uri: string, change: TextChange): DocumentLinkEntry[] | undefined;
  /** The code lenses of an edited text answered in its window (`lineOf`: the line of an offset of it); undefined where they cannot be. */
  codeLensesAfterEdit(uri: string, window: EditedWindow, lineOf: (offset: number) => number): CodeLensEntry[] | undefined;
  /** Links in a document: source URLs, imported files, cross-file clause links. */
  documentLinks(uri: string): DocumentLinkEntry[];
  /** One lens above each definition. */
  codeLenses(uri: string): CodeLensEntry[];
  /** Quick fixes for findings the editor hands back. */
  codeActions(uri: string, findings: readonly FindingRef[]): CodeActionEntry[];
  /** The quick fixes for findings of an edited text answered in its window, or undefined (`codeActionsAfterEdit`). */
  codeActionsAfterEdit(uri: string, window: EditedWindow, findings: readonly FindingRef[]): CodeActionEntry[] | undefined;
  /** A document's model, for the shells' conversions. */
  model(uri: string): DocumentModel | undefined;
  /** The workspace's Clausemark documents: indexed `file:` documents inside a workspace folder (any `file:` document without folders). */
  workspaceDocuments(): string[];
  /** A report of `uris` (the workspace's documents when absent) in `format`, built with the current settings; an error result, never a throw, for a bad kind or format. */
  report(kind: ReportKindOrAll, format: ReportFormat, uris?: readonly string[], options?: RenderOptions): RenderResult;
  /**
   * Builds the lookup indexes of `uri` (positions, completion candidates) ahead of its first lookups, which otherwise
   * build them, once per model or link. Goes on from the `from`th piece and asks `stop()` between two; returns where
   * to go on, or undefined when all are built. Does nothing unless `uri` is linked (it never links a document).
   */
  prepareLookups(uri: string, from?: number, stop?: () => boolean): number | undefined;
  /**
   * Formats ahead the citations that hovers show beside the party positions of `uri` (a linked document), from its
   * `from`th callout, asking `stop()` between two; returns where to go on, or undefined when all are formatted.
   */
  prepareHover(uri: string, from: number, stop: () => boolean): number | undefined;
  /** Builds the citation engine ahead of the first hover (a few hundred milliseconds, paid once, off the request path). */
  warmUp(): void;
}

/** What a service is built with besides the index and the configuration. */
export interface ServiceOptions {
  /** The rules diagnostics run (the registry by default; a test adds a failing one). */
  readonly rules?: readonly Rule[];
  /**
   * Where the rules' findings of full checks are kept between sessions (`storedFindings.ts`): a store, or a getter of
   * the host's store when the host makes it later (the server, at initialize). None by default.
   */
  readonly findings?: FindingsStore | (() => FindingsStore | undefined);
}

/** Creates the service over `index`; `config` is read on every call, so settings changes apply at once. */
export function createLanguageService(index: WorkspaceIndex, config: () => LanguageConfig, options: ServiceOptions = {}): LanguageService {
  const hoverOptions = () => {
    const c = config();
    return c.citationStyle ? { citationStyle: c.citationStyle } : {};
  };
  const findings = (): FindingsStore | undefined => (typeof options.findings === 'function' ? options.findings() : options.findings);
  return {
    index,
    diagnostics: (uri) => documentDiagnostics(index, uri, config(), options.rules, findings()),
    diagnosticsAfterEdit: (uri, text, change) => diagnosticsAfterEdit(index, uri, config(), text, options.rules, change),
    prepareEdits: (uri, rounds) => prepareEdits(index, uri, config(), options.rules, rounds),
    fileDiagnostics: (uri) => fileDiagnostics(index, uri, config()),
    counts(uri, given) {
      const model = index.document(uri)?.model;
      if (!model) return undefined;
      const diagnostics = given ?? documentDiagnostics(index, uri, config(), options.rules, findings());
      return {
        terms: model.definitions.length,
        clauses: model.clauses.length,
        citations: model.citations.length,
        errors: diagnostics.filter((d) => d.severity === 'error').length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
        infos: diagnostics.filter((d) => d.severity === 'info' || d.severity === 'hint').length,
      };
    },
    hover: (uri, offset) => getHover(index, uri, offset, hoverOptions()),
    prepareHover: (uri, from, stop) => prepareHoverCitations(index, uri, hoverOptions(), from, stop),
    definition: (uri, offset) => getDefinition(index, uri, offset),
    hoverAfterEdit: (uri, window, offset) => hoverAfterEdit(index, uri, window, offset, hoverOptions()),
    definitionAfterEdit: (uri, window, offset) => definitionAfterEdit(index, uri, window, offset),
    references: (uri, offset, includeDeclaration) => getReferences(index, uri, offset, includeDeclaration).slice(0, LIMITS.references + 1),
    highlights: (uri, offset) => getHighlights(index, uri, offset).slice(0, LIMITS.highlights),
    highlightsAfterEdit: (uri, window, offset) => highlightsAfterEdit(index, uri, window, offset)?.slice(0, LIMITS.highlights),
    referencesAfterEdit: (uri, window, offset, includeDeclaration) => referencesAfterEdit(index, uri, window, offset, includeDeclaration)?.slice(0, LIMITS.references + 1),
    prepareRename: (uri, offset) => prepareRename(index, uri, offset),
    rename: (uri, offset, newName) => getRenameEdits(index, uri, offset, newName),
    completions: (uri, offset) => bounded(getCompletions(index, uri, offset, LIMITS.completions), index.document(uri)?.model.text ?? '', offset),
    completionsAfterEdit(uri, window, offset) {
      const result = completionsAfterEdit(index, uri, window, offset, LIMITS.completions);
      return result ? bounded(result, textOf(window.linked.model), offset) : result;
    },
    documentSymbols: (uri) => getDocumentSymbols(index, uri),
    workspaceSymbols: (query) => getWorkspaceSymbols(index, query),
    foldingRanges(uri, limit) {
      const model = index.document(uri)?.model;
      return model ? getFoldingRanges(model, limit) : [];
    },
    semanticTokens: (uri) => getSemanticTokens(index, uri),
    encodedSemanticTokens: (uri, position) => encodedSemanticTokens(index, uri, position),
    encodedSemanticTokensAfterEdit: (uri, window, position, indexedPosition) => encodedTokensAfterEdit(index, uri, window, position, indexedPosition),
    documentSymbolsAfterEdit: (uri, window) => documentSymbolsAfterEdit(index, uri, window),
    documentSymbolsInWindow: (uri, window) => documentSymbolsInWindow(index, uri, window),
    foldingRangesAfterEdit: (uri, window, limit) => foldingRangesAfterEdit(index, uri, window, limit),
    documentLinksAfterEdit: (uri, change) => documentLinksAfterEdit(index, uri, change),
    codeLensesAfterEdit: (uri, window, lineOf) => codeLensesAfterEdit(index, uri, window, lineOf),
    documentLinks: (uri) => getDocumentLinks(index, uri),
    codeLenses: (uri) => getCodeLenses(index, uri),
    codeActions: (uri, findings) => getCodeActions(index, uri, findings),
    codeActionsAfterEdit: (uri, window, findings) => codeActionsAfterEdit(index, uri, window, findings),
    model: (uri) => index.document(uri)?.model,
    workspaceDocuments: () => workspaceDocuments(index),
    report(kind, format, uris, options = {}) {
      if (!Object.prototype.hasOwnProperty.call(FORMATS_OF, kind)) return { ok: false, error: `Unknown report kind "${String(kind)}": expected one of ${Object.keys(FORMATS_OF).join(', ')}` };
      return renderReport(kind, format, buildReport(kind, index, uris ?? workspaceDocuments(index), config()), options);
    },
    prepareLookups(uri, from = 0, stop = () => false) {
      if (!index.isLinked(uri)) return undefined;
      const linked = index.linked(uri)!;
      const pieces = [...modelIndex(linked.model).pieces(), ...linkedIndex(linked).pieces(), ...completionPieces(index, linked)];
      for (let i = from; i < pieces.length; i++) {
        if (stop()) return i;
        pieces[i]!();
      }
      return undefined;
    },
    warmUp() {
      const style = config().citationStyle ?? 'apa';
      const sample = { key: 'warm-up', origin: '', keySpan: { start: 0, end: 0 }, span: { start: 0, end: 0 }, title: 'Warm-up', issued: '2026', authors: [], fields: {} };
      try {
        citationEngine.reference(sample, style, 'en-US');
        citationEngine.cluster([{ key: sample.key, source: sample, locator: 'p. 1', prefix: '' } as unknown as Parameters<typeof citationEngine.cluster>[0][number]], style, 'en-US');
      } catch {
        // The hover falls back to the built-in formatter when the engine fails; nothing to do here.
      }
    },
  };
}

/**
 * Completions at `offset` of `text` at most `LIMITS.completions`, those matching the typed text first: terms, sources
 * and clauses come filtered and capped; the bound applies to the few parties and snippets.
 */
function bounded(result: CompletionResult | undefined, text: TextSource, offset: number): CompletionResult | undefined {
  return result && limitCompletions(result, text.slice(result.replace.start, Math.max(result.replace.start, offset)), LIMITS.completions);
}

/** The indexed `file:` documents inside the index's workspace folders (every `file:` document when there are none). */
function workspaceDocuments(index: WorkspaceIndex): string[] {
  const roots = index.roots;
  const uris: string[] = [];
  for (const doc of index.documents()) {
    if (!doc.uri.startsWith('file:')) continue;
    if (roots.length === 0 || roots.some((root) => isInside(root, doc.uri))) uris.push(doc.uri);
  }
  return uris;
}

/** A span, re-exported for the shells' signatures. */
export type { Span };
