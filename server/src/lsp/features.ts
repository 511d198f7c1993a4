// The request handlers of the editor features: each looks up the document, turns the position into an offset,
// calls the service and turns the answer into protocol data. No feature logic lives here.

import {
  CodeActionKind,
  DocumentHighlightKind,
  FoldingRangeKind,
  ResponseError,
  SymbolKind,
  type ClientCapabilities,
  type Connection,
  type SemanticTokens,
  type SemanticTokensDelta,
  type Position,
  type TextEdit,
} from 'vscode-languageserver';
import { LIMITS, mayComplete, type DocumentSymbolEntry, type EditedWindow, type FindingRef, type LanguageService, type Location } from '../language/index.js';
import { indexedOutline, outlineAfterLineEdit, toDocumentSymbols } from './outlineForm.js';
import { TokenResults, tokenEdits } from './tokenDelta.js';
import { completionList, resolveCompletion, type CompletionExtras, type CompletionSupport } from './completionList.js';
import { dataAt, fileLines, toRange } from './convert.js';
import type { Guard } from './server.js';

const WORKSPACE_SYMBOL_KIND = { term: SymbolKind.Constant, clause: SymbolKind.Module, source: SymbolKind.String } as const;

/** What the client said at initialize that the features' answers follow. */
export interface ClientSupport {
  /** What it accepts in a completion list. */
  readonly completions: CompletionSupport;
  /** The most folding ranges it wants (`rangeLimit`; VS Code's client says 5,000). */
  readonly foldingLimit: number;
}

/** An open document's edited text: its keystroke's window when one answered it, and positions in the text. */
export interface EditedView {
  readonly window?: EditedWindow;
  readonly position: (offset: number) => Position;
  readonly offset: (position: Position) => number;
}

/** The most folding ranges the client wants, from its capabilities (no bound when it says none). */
export function foldingLimit(capabilities: ClientCapabilities | undefined): number {
  const limit = capabilities?.textDocument?.foldingRange?.rangeLimit;
  return typeof limit === 'number' && limit > 0 ? limit : Infinity;
}

/**
 * Installs the feature handlers; `flush` applies pending edits of a document before it is read; `client` says
 * what the client accepts (completion lists, folding ranges; known once it has initialized); `lineBefore` is the text of an open
 * document's line before a position, as the editor has it (pending edits included, none applied); `edited` is an
 * open document's edited text when its keystroke was answered in its window: the window, and positions in the text.
 */
export function registerFeatures(
  connection: Connection,
  service: LanguageService,
  guard: Guard,
  flush: (uri: string) => void,
  client: () => ClientSupport,
  lineBefore: (uri: string, position: Position) => string | undefined,
  edited: (uri: string) => EditedView | undefined,
): { closed(uri: string): void } {
  /**
   * An answer for a document as the editor has it, and where its offsets stand: from the keystroke's window when it
   * answered the edit (`fromWindow`; the indexed text's answer, `whole`, when the editor's text is the indexed one),
   * placed in the editor's text; otherwise the text taken into the index, and `whole` placed in it. `fromWindow`
   * gives undefined where it cannot answer.
   */
  const answerFor = <T>(uri: string, fromWindow: (window: EditedWindow, position: EditedView['position'], offset: EditedView['offset']) => T | undefined, whole: (position: (offset: number) => Position) => T) => {
    const view = edited(uri);
    const found = view && (view.window ? fromWindow(view.window, view.position, view.offset) : whole(view.position));
    if (view && found !== undefined) return { value: found, position: view.position };
    flush(uri);
    const position = placer(uri);
    return { value: whole(position), position };
  };
  /** Places offsets of the text the index holds of `uri` (at the start when it holds none). */
  const placer = (uri: string) => {
    const lines = fileLines(service, uri);
    return (offset: number): Position => (lines ? lines.position(offset) : { line: 0, character: 0 });
  };
  const rangeAt = (position: (offset: number) => Position, span: { start: number; end: number }) => ({ start: position(span.start), end: position(span.end) });

  /** The offset of a position in an indexed document, after pending edits are applied. */
  const offsetOf = (uri: string, position: Position): number | undefined => {
    flush(uri);
    if (!service.index.document(uri)) return undefined;
    return fileLines(service, uri)?.offset(position);
  };
  /** Locations as ranges: those in `uri` placed by `place` (the text the answer was found in), the others' in their files. */
  const locations = (uri: string, place: (offset: number) => Position, found: readonly Location[]) =>
    found.map((l) => ({ uri: l.uri, range: l.uri === uri ? rangeAt(place, l.span) : toRange(service, l.uri, l.span) }));
  /**
   * A lookup at `position` of `uri` (`answerFor`): `afterEdit` asks it of an edited text answered in its window, at
   * the offset of `position` there; `indexed` of the indexed text, at its offset (undefined when not indexed).
   */
  const lookupAt = <T>(uri: string, position: Position, afterEdit: (window: EditedWindow, offset: number) => T | undefined, indexed: (offset: number | undefined) => T) =>
    answerFor(uri, (window, _place, offset) => afterEdit(window, offset(position)), () => indexed(offsetOf(uri, position)));

  // A hover or a definition asked after a keystroke answered in its window, at a place the edit leaves as it was, is
  // answered from the indexed text (features/lookupsAfterEdit.ts); elsewhere the edited text is taken in first.
  connection.onHover(
    guard('hover', ({ textDocument, position }) => {
      const uri = textDocument.uri;
      const { value, position: place } = lookupAt(
        uri,
        position,
        (window, offset) => service.hoverAfterEdit(uri, window, offset),
        (offset) => ({ hover: offset === undefined ? undefined : service.hover(uri, offset) }),
      );
      const hover = value.hover;
      return hover ? { contents: { kind: 'markdown' as const, value: hover.markdown }, range: rangeAt(place, hover.span) } : null;
    }, null),
  );

  connection.onDefinition(
    guard('definition', ({ textDocument, position }) => {
      const uri = textDocument.uri;
      const { value, position: place } = lookupAt(
        uri,
        position,
        (window, offset) => service.definitionAfterEdit(uri, window, offset),
        (offset) => (offset === undefined ? [] : service.definition(uri, offset)),
      );
      return locations(uri, place, value);
    }, []),
  );

  connection.onReferences(
    guard('references', ({ textDocument, position, context }) => {
      const uri = textDocument.uri;
      // After a keystroke answered in its window, a term's references come from the indexed text's and the window's.
      const { value: found, position: place } = lookupAt(
        uri,
        position,
        (window, offset) => service.referencesAfterEdit(uri, window, offset, context.includeDeclaration),
        (offset) => (offset === undefined ? [] : service.references(uri, offset, context.includeDeclaration)),
      );
      if (found.length > LIMITS.references) {
        void connection.window.showInformationMessage(`Clausemark: showing the first ${LIMITS.references.toLocaleString('en-US')} references; there are more, which one search does not list.`);
      }
      return locations(uri, place, found.slice(0, LIMITS.references));
    }, []),
  );

  connection.onDocumentHighlight(
    guard('highlights', ({ textDocument, position }) => {
      // Asked as the cursor moves: after a keystroke answered in its window, a term's occurrences come from the
      // indexed text's and the window's (features/lookupsAfterEdit.ts).
      const uri = textDocument.uri;
      const { value, position: place } = lookupAt(
        uri,
        position,
        (window, offset) => service.highlightsAfterEdit(uri, window, offset),
        (offset) => (offset === undefined ? [] : service.highlights(uri, offset)),
      );
      return value.map((h) => ({ range: rangeAt(place, h.span), kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
    }, []),
  );

  connection.onPrepareRename(
    guard('prepareRename', ({ textDocument, position }) => {
      const offset = offsetOf(textDocument.uri, position);
      if (offset === undefined) return null;
      const result = service.prepareRename(textDocument.uri, offset);
      if ('error' in result) throw new RenameRefused(result.error);
      return { range: toRange(service, textDocument.uri, result.span), placeholder: result.placeholder };
    }, null),
  );

  connection.onRenameRequest(
    guard('rename', ({ textDocument, position, newName }) => {
      const offset = offsetOf(textDocument.uri, position);
      if (offset === undefined) return null;
      const result = service.rename(textDocument.uri, offset, newName);
      if ('error' in result) throw new RenameRefused(result.error);
      const changes: Record<string, TextEdit[]> = {};
      for (const edit of result.edits) (changes[edit.uri] ??= []).push({ range: toRange(service, edit.uri, edit.span), newText: edit.newText });
      return { changes };
    }, null),
  );

  /** What resolving an item of the last completion list adds (its documentation, and its detail if the client resolves it). */
  let lastCompletion: CompletionExtras = { id: 0, items: [], detail: false };

  connection.onCompletion(
    guard('completion', ({ textDocument, position }) => {
      // The editor asks as the writer types words (quick suggestions): in plain text, where nothing completes, the
      // answer comes from the editor's line, and an edited text is not taken into the index (a full check).
      // Where something may complete, an edited text answered in its window is answered from the indexed text's lists.
      const uri = textDocument.uri;
      const before = lineBefore(uri, position);
      if (before !== undefined && !mayComplete(before)) return null;
      const { value: result, position: place } = lookupAt(
        uri,
        position,
        (window, offset) => service.completionsAfterEdit(uri, window, offset),
        (offset) => (offset === undefined ? undefined : service.completions(uri, offset)) ?? null,
      );
      if (!result) return null;
      const { list, extras } = completionList(result, rangeAt(place, result.replace), lastCompletion.id + 1, client().completions);
      lastCompletion = extras;
      return list;
    }, null),
  );

  connection.onCompletionResolve((item) => resolveCompletion(item, lastCompletion));

  connection.onDocumentSymbol(
    guard('documentSymbols', ({ textDocument }) => {
      const uri = textDocument.uri;
      // The outline and breadcrumbs ask as typing pauses: an edited text answered in its window keeps its outline,
      // moved; after a keystroke that keeps every line break, the indexed text's form with the edited line's symbols,
      // and those whose content end the change meets, made again.
      return answerFor(
        uri,
        (window, position) => {
          const unmoved = service.documentSymbolsInWindow(uri, window);
          if (!unmoved) return undefined;
          if (unmoved.keepsLines) {
            const indexedPosition = placer(uri);
            const base = service.documentSymbols(uri);
            const place = (e: DocumentSymbolEntry) => {
              const at = unmoved.place(e);
              return at && { range: rangeAt(position, at.span), selectionRange: rangeAt(position, at.selectionSpan) };
            };
            const patched = outlineAfterLineEdit(base, indexedOutline(base, indexedPosition), unmoved.entries, indexedPosition(window.change.from).line, unmoved.meets, place);
            if (patched) return patched;
          }
          const moved = unmoved.moved();
          return moved && toDocumentSymbols(moved, position);
        },
        (position) => indexedOutline(service.documentSymbols(uri), position),
      ).value;
    }, []),
  );

  connection.onWorkspaceSymbol(
    guard('workspaceSymbols', ({ query }) =>
      service.workspaceSymbols(query).map((s) => ({
        name: s.name,
        kind: WORKSPACE_SYMBOL_KIND[s.kind],
        location: { uri: s.uri, range: toRange(service, s.uri, s.span) },
        ...(s.container ? { containerName: s.container } : {}),
      })),
    [],
    ),
  );

  connection.onFoldingRanges(
    guard('foldingRanges', ({ textDocument }) => {
      const uri = textDocument.uri;
      // Asked as typing pauses too: an edited text answered in its window keeps its folding ranges, moved.
      const limit = client().foldingLimit;
      const { value, position } = answerFor(uri, (window) => service.foldingRangesAfterEdit(uri, window, limit), () => service.foldingRanges(uri, limit));
      return value
        .map((f) => ({ startLine: position(f.start).line, endLine: position(f.end).line, kind: f.kind === 'comment' ? FoldingRangeKind.Comment : f.kind === 'imports' ? FoldingRangeKind.Imports : FoldingRangeKind.Region }))
        .filter((f) => f.endLine > f.startLine);
    }, []),
  );

  /**
   * The encoded semantic tokens of a document as the editor has it (asked after every change): the indexed text's,
   * made once, with an edit answered in its window spliced in.
   */
  const tokenData = (uri: string): Uint32Array =>
    answerFor(
      uri,
      // The index still holds the text before the edit: its line table places the indexed encoding, if not made yet.
      (window, position) => service.encodedSemanticTokensAfterEdit(uri, window, position, placer(uri)),
      (position) => service.encodedSemanticTokens(uri, position),
    ).value;
  const sentTokens = new TokenResults();
  connection.languages.semanticTokens.on(
    guard('semanticTokens', ({ textDocument }): SemanticTokens => {
      const data = tokenData(textDocument.uri);
      return { resultId: sentTokens.keep(textDocument.uri, data), data: Array.from(data) };
    }, { data: [] }),
  );
  // After a change: an edit of the tokens last sent (a keystroke changes a few of a 10 MB contract's 2.4 MB).
  connection.languages.semanticTokens.onDelta(
    guard('semanticTokensDelta', ({ textDocument, previousResultId }): SemanticTokens | SemanticTokensDelta => {
      const data = tokenData(textDocument.uri);
      const before = sentTokens.sent(textDocument.uri, previousResultId);
      const resultId = sentTokens.keep(textDocument.uri, data);
      return before ? { resultId, edits: tokenEdits(before, data) } : { resultId, data: Array.from(data) };
    }, { data: [] }),
  );

  connection.onDocumentLinks(
    guard('documentLinks', ({ textDocument }) => {
      const uri = textDocument.uri;
      const { value, position } = answerFor(uri, (window) => service.documentLinksAfterEdit(uri, window.change), () => service.documentLinks(uri));
      return value.map((l) => ({ range: rangeAt(position, l.span), target: l.target }));
    }, []),
  );

  connection.onCodeAction(
    guard('codeActions', ({ textDocument, context }) => {
      // Every quick fix answers a finding: asked where none stands (the cursor moving as the writer types), nothing.
      const ours = context.diagnostics.filter((d) => d.source === 'clausemark' && typeof d.code === 'string');
      if (ours.length === 0) return [];
      const uri = textDocument.uri;
      // The findings in offsets of the text the answer is found in (the edited text's, in its keystroke's window).
      const findingsAt = (offset: (position: Position) => number) =>
        ours.map((d) => {
          const span = { start: offset(d.range.start), end: offset(d.range.end) };
          return { code: String(d.code), span, ...(d.data ? { data: dataAt(d.data, span.start) } : {}) };
        });
      let findings: FindingRef[] = [];
      // Asked where the cursor rests, with the findings there: typing next to one (a reference or a citation being
      // written) is answered from the keystroke's window.
      const { value, position } = answerFor(
        uri,
        (window, _position, offset) => service.codeActionsAfterEdit(uri, window, (findings = findingsAt(offset))),
        () => {
          const lines = fileLines(service, uri);
          if (!lines) return [];
          return service.codeActions(uri, (findings = findingsAt((p) => lines.offset(p))));
        },
      );
      return value.map((action) => {
        const changes: Record<string, TextEdit[]> = {};
        for (const edit of action.edits) (changes[edit.uri] ??= []).push({ range: edit.uri === uri ? rangeAt(position, edit.span) : toRange(service, edit.uri, edit.span), newText: edit.newText });
        const diagnostic = ours[findings.findIndex((f) => f === action.finding)];
        return { title: action.title, kind: CodeActionKind.QuickFix, isPreferred: action.preferred, ...(diagnostic ? { diagnostics: [diagnostic] } : {}), edit: { changes } };
      });
    }, []),
  );

  connection.onCodeLens(
    guard('codeLenses', ({ textDocument }) => {
      const uri = textDocument.uri;
      // Asked as typing pauses: an edited text answered in its window counts its uses from the window's.
      const { value, position } = answerFor(uri, (window, at) => service.codeLensesAfterEdit(uri, window, (offset) => at(offset).line), () => service.codeLenses(uri));
      return value.map((lens) => {
        const range = rangeAt(position, lens.span);
        return { range, command: { title: lens.title, command: 'clausemark.showReferences', arguments: [uri, range.start] } };
      });
    }, []),
  );
  return { closed: (uri) => sentTokens.forget(uri) };
}

/** A rename the service refuses, with the reason shown to the user (not logged as a failure). */
export class RenameRefused extends ResponseError<never> {
  constructor(message: string) {
    super(-32803, message);
  }
}
