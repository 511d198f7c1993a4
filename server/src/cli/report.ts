// The `clausemark report` command's work: picks the format (from --format, else --output's extension), asks the
// renderers' dispatcher whether the kind has that format, builds the report over the loaded documents and renders it.

import { extname } from 'node:path';
import { buildReport, FORMATS_OF, renderReport, REPORT_FORMATS, REPORT_KINDS, type ReportData, type ReportFormat, type ReportKindOrAll, type WorkspaceIndex } from '../language/index.js';
import { UsageError } from './loadWorkspace.js';

/** Every kind `--kind` takes: each report, and `all` (every report in one output). */
export const REPORT_KIND_NAMES: readonly ReportKindOrAll[] = [...REPORT_KINDS, 'all'];

/** Every format `--format` takes. */
export const REPORT_FORMAT_NAMES: readonly ReportFormat[] = REPORT_FORMATS;

const EXTENSION_FORMATS: Readonly<Record<string, ReportFormat>> = {
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
  '.csv': 'csv',
  '.svg': 'svg',
};

/** The format an output file's extension names (`terms.csv` → csv), if any. */
export function formatOfFile(path: string): ReportFormat | undefined {
  return EXTENSION_FORMATS[extname(path).toLowerCase()];
}

/**
 * Throws the dispatcher's own UsageError when `kind` has no rendering in `format`, before anything is read. The
 * dispatcher checks the pair before it looks at the data, so no data is built for the question.
 */
export function assertRenderable(kind: ReportKindOrAll, format: ReportFormat): void {
  if (FORMATS_OF[kind]?.includes(format)) return;
  const result = renderReport(kind, format, undefined as unknown as ReportData);
  throw new UsageError(result.ok ? `The ${kind} report has no ${format} rendering` : result.error);
}

/** The report `kind` of `documents` as `format` text. */
export function renderWorkspaceReport(index: WorkspaceIndex, documents: readonly string[], kind: ReportKindOrAll, format: ReportFormat): string {
  assertRenderable(kind, format);
  const result = renderReport(kind, format, buildReport(kind, index, documents));
  if (!result.ok) throw new UsageError(result.error);
  return result.text;
}
