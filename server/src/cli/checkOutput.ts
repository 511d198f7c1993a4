// Builds the output of `clausemark check`: diagnostics of every document (and of bibliography and config files
// that have problems), as JSON with LSP ranges and severities, or as text lines `path:line:col severity rule message`.

import { DEFAULT_CONFIG, documentDiagnostics, fileDiagnostics, LineIndex, relativePath, type Diagnostic, type LineRange, type WorkspaceIndex } from '../language/index.js';

/** LSP severities: 1 error, 2 warning, 3 information, 4 hint. */
export const LSP_SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/** One file's diagnostics in the JSON output. */
export interface CheckedFileJson {
  readonly path: string;
  readonly diagnostics: readonly { code: string; severity: number; message: string; range: LineRange }[];
}

/** The whole JSON output. */
export interface CheckJson {
  readonly files: readonly CheckedFileJson[];
  readonly summary: { error: number; warning: number; info: number; hint: number };
}

/** Checks `documents` and every non-document file of the index; paths relative to `cwdUri`. */
export function buildCheckJson(index: WorkspaceIndex, documents: readonly string[], cwdUri: string): CheckJson {
  const summary = { error: 0, warning: 0, info: 0, hint: 0 };
  const files: CheckedFileJson[] = [];
  const add = (uri: string, text: string, diagnostics: readonly Diagnostic[]) => {
    const lines = new LineIndex(text);
    for (const d of diagnostics) summary[d.severity]++;
    files.push({
      path: relativePath(cwdUri, uri),
      diagnostics: diagnostics.map((d) => ({ code: d.code, severity: LSP_SEVERITY[d.severity], message: d.message, range: lines.range(d.span) })),
    });
  };
  for (const uri of documents) add(uri, index.document(uri)!.model.text, documentDiagnostics(index, uri, DEFAULT_CONFIG));
  const others = [...index.sourceFiles(), ...(index.config ? [index.config] : [])];
  for (const { uri, text } of others) {
    const diagnostics = fileDiagnostics(index, uri, DEFAULT_CONFIG);
    if (diagnostics.length > 0) add(uri, text, diagnostics);
  }
  return { files, summary };
}

const SEVERITY_NAME = ['', 'error', 'warning', 'info', 'hint'];

/** The text output: one finding a line, 1-based line and column, then a summary line. */
export function renderCheckText(result: CheckJson): string {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const d of file.diagnostics) {
      lines.push(`${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY_NAME[d.severity]} ${d.code} ${d.message}`);
    }
  }
  const s = result.summary;
  const fileCount = result.files.length;
  lines.push(`${s.error} errors, ${s.warning} warnings, ${s.info} info, ${s.hint} hints in ${fileCount} ${fileCount === 1 ? 'file' : 'files'}`);
  return `${lines.join('\n')}\n`;
}
