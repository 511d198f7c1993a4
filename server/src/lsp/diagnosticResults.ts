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

/** The fields `sameDiagnostic` compares directly. */
const COMPARED = new Set(['range', 'message', 'code', 'severity', 'source', 'codeDescription', 'relatedInformation']);

/** Whether two LSP positions' ranges are the same. */
function sameRange(a: LspDiagnostic['range'], b: LspDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Whether two diagnostics are the same, as `sameJson` says, for the shape the server makes (`toLspDiagnostic`): the
 * ranges, strings and numbers compared directly, only `data` and any field the server does not set compared in
 * depth. A pull after a keystroke compares every diagnostic of the document (155 on a 10 MB contract).
 */
export function sameDiagnostic(a: LspDiagnostic, b: LspDiagnostic): boolean {
  if (a === b) return true;
  if (!sameRange(a.range, b.range) || a.message !== b.message || a.code !== b.code || a.severity !== b.severity || a.source !== b.source) return false;
  if (a.codeDescription?.href !== b.codeDescription?.href) return false;
  const ra = a.relatedInformation;
  const rb = b.relatedInformation;
  if (ra !== rb) {
    if (!ra || !rb || ra.length !== rb.length) return false;
    for (let i = 0; i < ra.length; i++) {
      const x = ra[i]!;
      const y = rb[i]!;
      if (x.message !== y.message || x.location.uri !== y.location.uri || !sameRange(x.location.range, y.location.range)) return false;
    }
  }
  // Any other field (tags, data, one the server may add) in depth, and no field on one side only.
  let fields = 0;
  for (const key in a) {
    fields++;
    if (!COMPARED.has(key) && !sameJson((a as unknown as Record<string, unknown>)[key], (b as unknown as Record<string, unknown>)[key])) return false;
  }
  for (const _ in b) fields--;
  return fields === 0;
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
    if (last && (last.items === items || sameItems(last.items, items))) {
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

function sameItems(a: readonly LspDiagnostic[], b: readonly LspDiagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameDiagnostic(a[i]!, b[i]!)) return false;
  return true;
}
