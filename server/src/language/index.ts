// The language layer's public face: everything the LSP shell and the command line may use. They import this
// file only, never a feature or rule module directly (an architecture test keeps it so).

export { DEFAULT_CONFIG, DEFAULT_MATCHING, LIMITS, type LanguageConfig, type MatchingOptions } from './config.js';
export type { TermRef } from './link.js';
export { documentDiagnostics, fileDiagnostics, type Diagnostic } from './diagnostics.js';
export { diagnosticsAfterEdit, type EditCheck, type EditedWindow } from './editDiagnostics.js';
export { mapDataOffsets } from './findingData.js';
export type { TextChange } from '../syntax/blockSplit.js';
export { changeBetween } from '../syntax/parseDocument.js';
export { MAX_WINDOW_CHANGE } from '../syntax/editWindow.js';
export { EditedText, flatCopies, flatText, type TextSource } from '../syntax/textSource.js';
export { partitionPoint } from '../syntax/search.js';
export { LineIndex, lineBreakEnds, type LinePosition, type LineRange } from './lineIndex.js';
export { lineIndexOf } from './lookupIndex.js';
export { RULES } from './rules/index.js';
export type { Rule, RuleLevel } from './rules/rule.js';
export { RULES_DOC_URL } from './rules/rulesDoc.js';
export { createLanguageService, type DocumentCounts, type LanguageService, type ServiceOptions } from './service.js';
export { lookupWarmUp } from './lookupWarmUp.js';
export { termInfo, termKey, workspaceTermUses, type TermInfo } from './terms.js';
export { isClausemarkDocument, isInside, relativePath } from './uri.js';
export { WorkspaceIndex, type IndexReads, type Location } from './workspaceIndex.js';
export { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, encodeSemanticTokens, type PositionOf } from './features/semanticTokens.js';
export { mayComplete, type CompletionEntry, type CompletionResult } from './features/completion.js';
export type { DocumentSymbolEntry } from './features/symbols.js';
export type { FindingRef } from './features/codeActions.js';
export * from './reports/index.js';
// Reading a document in parts, for hosts that read blocks elsewhere (worker threads, a persistent cache).
export * from './reading.js';
