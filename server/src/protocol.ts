// Custom requests and notifications shared by the language server and the VS Code client. Imported by both;
// it depends on nothing but the protocol's message types.

import { RequestType } from 'vscode-languageserver-protocol';

/** Counts shown in the status bar for one document. */
export interface DocumentStats {
  readonly terms: number;
  readonly clauses: number;
  readonly citations: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** `clausemark/documentStats`: the counts of a document, for the status bar. */
export const DocumentStatsRequest = new RequestType<{ uri: string }, DocumentStats | null, void>('clausemark/documentStats');

/** The settings section the server reads. */
export const SETTINGS_SECTION = 'clausemark';
