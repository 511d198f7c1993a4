// Result ids for pulled diagnostics (LSP 3.17): each report of a file's diagnostics carries an id, and a pull whose
// `previousResultId` names a report with the same diagnostics is answered "unchanged" instead of with every
// diagnostic again. VS Code's client sends the id of the report it holds with every pull of a document and of the
// workspace, and it pulls the open documents again after any change (the server declares inter-file dependencies):
// on a 10 MB contract the full report is 115 KB of JSON, the unchanged one a few dozen bytes.

import { DocumentDiagnosticReportKind, type Diagnostic as LspDiagnostic, type FullDocumentDiagnosticReport, type UnchangedDocumentDiagnosticReport } from 'vscode-languageserver';

/** A report of one file's diagnostics, full or unchanged. */
export type DiagnosticReport = FullDocumentDiagnosticReport | UnchangedDocumentDiagnosticReport;

/** Whether two JSON-like values are equal (the same primitives, arrays and plain objects at every depth). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * The last report made for each file, with its id. A file whose diagnostics are the same as in its last report keeps
 * that report's id; any difference gives a new id. Ids are unique in the process and carry its start, so that an id
 * a client kept from an earlier server is never taken for one of this server's.
 */
export class DiagnosticResults {
  readonly #last = new Map<string, { readonly id: string; readonly items: readonly LspDiagnostic[] }>();
  readonly #prefix: string;
  #next = 0;

  constructor(prefix = `${process.pid.toString(36)}.${Date.now().toString(36)}`) {
    this.#prefix = prefix;
  }

  /** The report of `items` for `uri`: unchanged when `previousResultId` is the id of a report with the same items. */
  report(uri: string, items: LspDiagnostic[], previousResultId?: string): DiagnosticReport {
    const last = this.#last.get(uri);
    let id: string;
    if (last && (last.items === items || sameJson(last.items, items))) {
      id = last.id;
      if (last.items !== items) this.#last.set(uri, { id, items });
    } else {
      id = `${this.#prefix}.${(this.#next++).toString(36)}`;
      this.#last.set(uri, { id, items });
    }
    return previousResultId === id ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: id } : { kind: DocumentDiagnosticReportKind.Full, resultId: id, items };
  }

  /** Forgets `uri` (the file is gone from the workspace). */
  forget(uri: string): void {
    this.#last.delete(uri);
  }

  /** How many files have a report (for tests). */
  get size(): number {
    return this.#last.size;
  }
}
