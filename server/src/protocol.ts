// Custom requests and notifications shared by the language server and the VS Code client. Imported by both;
// it depends on nothing but the protocol's message types.

import { RequestType, RequestType0, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';

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

/** A report the server builds: one kind, or `all` of them on one page. */
export type ReportRequestKind = 'terms' | 'sources' | 'disputes' | 'graph' | 'clauses' | 'all';

/** A format a report is rendered in. */
export type ReportRequestFormat = 'md' | 'html' | 'json' | 'csv' | 'svg';

/**
 * The formats each kind can be rendered in: the server's renderer table (`FORMATS_OF`), repeated here as shared data
 * so that the client offers only what the server renders (a protocol test keeps the two equal).
 */
export const REPORT_FORMATS_BY_KIND: Readonly<Record<ReportRequestKind, readonly ReportRequestFormat[]>> = {
  terms: ['md', 'html', 'json', 'csv'],
  sources: ['md', 'html', 'json', 'csv'],
  disputes: ['md', 'html', 'json'],
  graph: ['md', 'html', 'json', 'svg'],
  clauses: ['md', 'html', 'json'],
  all: ['md', 'html', 'json'],
};

/** Parameters of `clausemark/report`. */
export interface ReportParams {
  readonly kind: ReportRequestKind;
  readonly format: ReportRequestFormat;
  /** The documents to report on; the workspace's Clausemark files when absent. */
  readonly uris?: readonly string[];
  /** A CSP nonce for the HTML page's `<style>` (base64, at least 16 characters): a webview passes its own. */
  readonly nonce?: string;
}

/** The rendered report, or why it cannot be rendered. */
export type ReportResult = { readonly text: string; readonly mediaType: string; readonly extension: ReportRequestFormat } | { readonly error: string };

/** `clausemark/report`: a report rendered by the server's renderers. */
export const ReportRequest = new RequestType<ReportParams, ReportResult, void>('clausemark/report');

/** Parameters of `clausemark/checkWorkspace`: a work-done token the server reports its progress on. */
export type CheckWorkspaceParams = WorkDoneProgressParams;

/** What a workspace check found. */
export interface CheckWorkspaceResult {
  /** Files checked: Clausemark documents, bibliographies and `clausemark.json`. */
  readonly files: number;
  /** Files with at least one finding. */
  readonly filesWithFindings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly hints: number;
  /** True when the check was cancelled before every file was read; the counts cover the files checked so far. */
  readonly cancelled: boolean;
}

/**
 * `clausemark/checkWorkspace`: runs every rule on every file of the workspace, reporting work-done progress, and
 * answers with the counts. The findings reach the Problems panel through the workspace diagnostics.
 */
export const CheckWorkspaceRequest = new RequestType<CheckWorkspaceParams, CheckWorkspaceResult, void>('clausemark/checkWorkspace');

/** `clausemark/pid`: the server's process id (the end-to-end test stops the process to see the client restart it). */
export const ServerPidRequest = new RequestType0<number, void>('clausemark/pid');

/** The settings section the server reads. */
export const SETTINGS_SECTION = 'clausemark';

/**
 * The Node flags a client starts the server with on a machine that can run `cores` threads at once.
 *
 * On every machine, no pretenuring of allocation sites: V8 moves a site whose objects often outlive a young
 * collection to the old generation, and a lookup's answer of thousands of locations, built while a young collection
 * runs, gets its site moved there; from then on every such answer is garbage that only a full collection frees (21 MB
 * a thousand references on a 10 MB contract; docs/performance.md, "Lookup answers in the old generation").
 *
 * On two cores or fewer, also: one thread for V8's background work (compiling, collecting garbage) instead of Node's
 * four, which take the CPU from the server's own thread and from the editor's, so that a lookup that loses its core
 * waits a scheduler tick; and the heap grown by half after each full collection at most, since with one helper thread
 * V8 lets it grow further (docs/performance.md, "V8's background threads on two cores").
 */
export function serverNodeFlags(cores: number): string[] {
  const everywhere = ['--no-allocation-site-pretenuring'];
  return cores <= 2 ? ['--v8-pool-size=1', '--heap-growing-percent=50', ...everywhere] : everywhere;
}
