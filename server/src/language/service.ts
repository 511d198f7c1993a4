// The language service facade: the one entry point the LSP shell and the CLI use. It owns nothing but a
// workspace index and a configuration getter, and binds the pure features to them. Names are our own (term,
// clause, citation); offsets in, offsets out.

import { documentDiagnostics, fileDiagnostics, type Diagnostic } from './diagnostics.js';
import type { LanguageConfig } from './config.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

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
  /** Diagnostics of a bibliography file or `clausemark.json`. */
  fileDiagnostics(uri: string): Diagnostic[];
  /** Counts for the status bar. */
  counts(uri: string): DocumentCounts | undefined;
}

/** Creates the service over `index`; `config` is read on every call, so settings changes apply at once. */
export function createLanguageService(index: WorkspaceIndex, config: () => LanguageConfig): LanguageService {
  return {
    index,
    diagnostics: (uri) => documentDiagnostics(index, uri, config()),
    fileDiagnostics: (uri) => fileDiagnostics(index, uri, config()),
    counts(uri) {
      const model = index.document(uri)?.model;
      if (!model) return undefined;
      const diagnostics = documentDiagnostics(index, uri, config());
      return {
        terms: model.definitions.length,
        clauses: model.clauses.length,
        citations: model.citations.length,
        errors: diagnostics.filter((d) => d.severity === 'error').length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
        infos: diagnostics.filter((d) => d.severity === 'info' || d.severity === 'hint').length,
      };
    },
  };
}
