// Runs `clausemark check` over a loaded workspace (every document, and the bibliography and config files that have
// problems) into one result that every output format reads; renders its JSON (LSP ranges) and its text lines.

import { DEFAULT_CONFIG, documentDiagnostics, fileDiagnostics, LineIndex, relativePath, type Diagnostic, type LineRange, type WorkspaceIndex } from '../language/index.js';

/** A severity name, from most to least severe. */
export type SeverityName = Diagnostic['severity'];

/** LSP severities: 1 error, 2 warning, 3 information, 4 hint. */
export const LSP_SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/** Another place a finding points to, resolved to a line range in its own file. */
export interface CheckedRelated {
  readonly uri: string;
  readonly path: string;
  readonly range: LineRange;
  readonly message: string;
}

/** One finding, with its range in its file (0-based lines, UTF-16 characters). */
export interface CheckedFinding {
  readonly code: string;
  readonly severity: SeverityName;
  readonly message: string;
  readonly range: LineRange;
  readonly related: readonly CheckedRelated[];
}

/** One checked file: its URI, its path relative to the working directory, its findings in position order. */
export interface CheckedFile {
  readonly uri: string;
  readonly path: string;
  readonly findings: readonly CheckedFinding[];
}

/** Counts of findings by severity. */
export interface CheckSummary {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/** What a check found, before it is rendered. */
export interface CheckResult {
  readonly files: readonly CheckedFile[];
  readonly summary: CheckSummary;
}

/** One file's diagnostics in the JSON output. */
export interface CheckedFileJson {
  readonly path: string;
  readonly diagnostics: readonly { code: string; severity: number; message: string; range: LineRange }[];
}

/** The whole JSON output. */
export interface CheckJson {
  readonly files: readonly CheckedFileJson[];
  readonly summary: CheckSummary;
}

/** Told after each document is checked, with how many are done and how many there are. */
export type CheckProgress = (done: number, total: number) => void;

/** Checks `documents` and every non-document file of the index; paths relative to `cwdUri`. */
export function checkWorkspace(index: WorkspaceIndex, documents: readonly string[], cwdUri: string, onProgress?: CheckProgress): CheckResult {
  const summary: CheckSummary = { error: 0, warning: 0, info: 0, hint: 0 };
  const files: CheckedFile[] = [];
  const lineIndexes = new Map<string, LineIndex | null>();
  const linesOf = (uri: string): LineIndex | null => {
    let lines = lineIndexes.get(uri);
    if (lines === undefined) {
      const text = textOf(index, uri);
      lines = text === undefined ? null : new LineIndex(text);
      lineIndexes.set(uri, lines);
    }
    return lines;
  };
  const add = (uri: string, diagnostics: readonly Diagnostic[]) => {
    const lines = linesOf(uri) ?? new LineIndex('');
    for (const d of diagnostics) summary[d.severity]++;
    files.push({
      uri,
      path: relativePath(cwdUri, uri),
      findings: diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        range: lines.range(d.span),
        related: d.related.flatMap((r) => {
          const relatedLines = linesOf(r.uri);
          return relatedLines ? [{ uri: r.uri, path: relativePath(cwdUri, r.uri), range: relatedLines.range(r.span), message: r.message }] : [];
        }),
      })),
    });
  };
  documents.forEach((uri, i) => {
    add(uri, documentDiagnostics(index, uri, DEFAULT_CONFIG));
    onProgress?.(i + 1, documents.length);
  });
  const others = [...index.sourceFiles(), ...(index.config ? [index.config] : [])];
  for (const { uri } of others) {
    const diagnostics = fileDiagnostics(index, uri, DEFAULT_CONFIG);
    if (diagnostics.length > 0) add(uri, diagnostics);
  }
  return { files, summary };
}

/** The text of any file the index holds: a document, a bibliography or `clausemark.json`. */
function textOf(index: WorkspaceIndex, uri: string): string | undefined {
  return index.document(uri)?.model.text ?? index.sourceFile(uri)?.text ?? (index.config?.uri === uri ? index.config.text : undefined);
}

/** The JSON output of a check: LSP severities and ranges. */
export function checkJson(result: CheckResult): CheckJson {
  return {
    files: result.files.map((file) => ({
      path: file.path,
      diagnostics: file.findings.map((d) => ({ code: d.code, severity: LSP_SEVERITY[d.severity], message: d.message, range: d.range })),
    })),
    summary: result.summary,
  };
}

/** Checks `documents` and every non-document file of the index into the JSON output; paths relative to `cwdUri`. */
export function buildCheckJson(index: WorkspaceIndex, documents: readonly string[], cwdUri: string): CheckJson {
  return checkJson(checkWorkspace(index, documents, cwdUri));
}

/** The levels `--fail-on` takes, and the severities each one fails on. */
export const FAIL_ON: Readonly<Record<'error' | 'warning' | 'info', readonly SeverityName[]>> = {
  error: ['error'],
  warning: ['error', 'warning'],
  info: ['error', 'warning', 'info'],
};

/** True when the check found something at or above `level` (hints never fail a run). */
export function failsAt(summary: CheckSummary, level: keyof typeof FAIL_ON): boolean {
  return FAIL_ON[level].some((severity) => summary[severity] > 0);
}

/** The summary line: `0 errors, 2 warnings, 1 info, 0 hints in 3 files`. */
export function summaryLine(result: CheckResult): string {
  const s = result.summary;
  const fileCount = result.files.length;
  return `${s.error} errors, ${s.warning} warnings, ${s.info} info, ${s.hint} hints in ${fileCount} ${fileCount === 1 ? 'file' : 'files'}`;
}

/** The text output: one finding a line, `path:line:col severity rule message` (1-based line and column), then the summary. */
export function renderCheckText(result: CheckResult): string {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const d of file.findings) {
      lines.push(`${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`);
    }
  }
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}
