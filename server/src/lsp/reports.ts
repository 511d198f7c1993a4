// The report requests: `clausemark/report` renders a report through the service, and `clausemark/checkWorkspace`
// runs every rule on every file of the workspace with work-done progress and answers with the counts. Requests are
// checked here; no report or rule logic lives here.

import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { Diagnostic, LanguageService } from '../language/index.js';
import { CheckWorkspaceRequest, REPORT_FORMATS_BY_KIND, ReportRequest, type CheckWorkspaceParams, type CheckWorkspaceResult, type ReportParams, type ReportResult } from '../protocol.js';
import type { Guard } from './server.js';

/** The most documents one report request may name. */
const MAX_URIS = 100_000;

/** How long the check works before it lets other requests in (and reports progress), in milliseconds. */
const SLICE_MS = 30;

/**
 * Installs the report handlers. `flush` applies pending editor changes (of every document when called without a URI);
 * `ready` settles once the first workspace indexing is done, so that no report or check covers half a workspace.
 */
export function registerReports(connection: Connection, service: LanguageService, guard: Guard, flush: (uri?: string) => void, ready: Promise<void> = Promise.resolve()): void {
  const report = guard(
    'report',
    (params: ReportParams): ReportResult => {
      const problem = invalidReportParams(params);
      if (problem) return { error: problem };
      flush();
      const rendered = service.report(params.kind, params.format, params.uris, params.nonce !== undefined ? { nonce: params.nonce } : {});
      return rendered.ok ? { text: rendered.text, mediaType: rendered.mediaType, extension: rendered.extension } : { error: rendered.error };
    },
    { error: 'The report request was cancelled' },
  );
  connection.onRequest(ReportRequest, async (params, token) => {
    await ready;
    return report(params, token);
  });

  connection.onRequest(CheckWorkspaceRequest, async (params, token) => {
    await ready;
    try {
      return await checkWorkspace(connection, service, flush, params, token);
    } catch (error) {
      connection.console.error(`Clausemark: checkWorkspace failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return new ResponseError<void>(-32603, `Clausemark: the workspace check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

/** Why `params` is not a report request the server answers, or undefined when it is one. */
function invalidReportParams(params: ReportParams | null | undefined): string | undefined {
  if (!params || typeof params !== 'object') return 'The report request has no parameters';
  const { kind, format, uris, nonce } = params as { kind?: unknown; format?: unknown; uris?: unknown; nonce?: unknown };
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(REPORT_FORMATS_BY_KIND, kind)) {
    return `Unknown report kind "${String(kind)}": expected one of ${Object.keys(REPORT_FORMATS_BY_KIND).join(', ')}`;
  }
  const formats = REPORT_FORMATS_BY_KIND[kind as keyof typeof REPORT_FORMATS_BY_KIND];
  if (typeof format !== 'string' || !(formats as readonly string[]).includes(format)) {
    return `The ${kind} report has no "${String(format)}" format: expected one of ${formats.join(', ')}`;
  }
  if (uris !== undefined && (!Array.isArray(uris) || uris.length > MAX_URIS || !uris.every((u) => typeof u === 'string'))) return 'uris must be a list of document URIs';
  if (nonce !== undefined && typeof nonce !== 'string') return 'nonce must be a string';
  return undefined;
}

/** Checks every Clausemark document and bibliography of the workspace, a slice at a time, reporting progress. */
async function checkWorkspace(connection: Connection, service: LanguageService, flush: () => void, params: CheckWorkspaceParams | null, token: CancellationToken): Promise<CheckWorkspaceResult> {
  const progress = connection.window.attachWorkDoneProgress(params?.workDoneToken);
  flush();
  const files: { uri: string; diagnostics: (uri: string) => Diagnostic[] }[] = [
    ...service.workspaceDocuments().map((uri) => ({ uri, diagnostics: service.diagnostics })),
    ...[...service.index.sourceFiles()].map((s) => ({ uri: s.uri, diagnostics: service.fileDiagnostics })),
  ];
  const counts = { files: 0, filesWithFindings: 0, errors: 0, warnings: 0, infos: 0, hints: 0, cancelled: false };
  progress.begin('Clausemark: checking the workspace', 0, `0 of ${files.length} files`, true);
  try {
    let sliceStart = Date.now();
    for (const file of files) {
      if (token.isCancellationRequested) {
        counts.cancelled = true;
        break;
      }
      // A file that left the index since the list was made is skipped, not reported as clean.
      if (!service.index.document(file.uri) && !service.index.sourceFile(file.uri)) continue;
      const found = file.diagnostics(file.uri);
      counts.files++;
      if (found.length > 0) counts.filesWithFindings++;
      for (const d of found) {
        if (d.severity === 'error') counts.errors++;
        else if (d.severity === 'warning') counts.warnings++;
        else if (d.severity === 'info') counts.infos++;
        else counts.hints++;
      }
      if (Date.now() - sliceStart > SLICE_MS) {
        progress.report(Math.round((counts.files / Math.max(files.length, 1)) * 100), `${counts.files} of ${files.length} files`);
        await new Promise((resolve) => setImmediate(resolve));
        flush(); // Edits that arrived in between are checked as they are now.
        sliceStart = Date.now();
      }
    }
  } finally {
    progress.done();
  }
  // Open documents are pulled one by one: ask the client to pull them again so that the panel matches the counts.
  // The files that are not open reach the Problems panel through the workspace diagnostics.
  void connection.languages.diagnostics.refresh().catch(() => undefined);
  return counts;
}
