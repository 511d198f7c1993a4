// Conversions between the service's words (offsets, our diagnostics) and the protocol's (ranges, LSP
// diagnostics). The only place spans become ranges.

import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { Diagnostic, LanguageService } from '../language/index.js';
import { lineIndexOf, mapDataOffsets, RULES_DOC_URL, type LineIndex } from '../language/index.js';

/** The line index of any file the service knows (document, bibliography, config). */
export function fileLines(service: LanguageService, uri: string): LineIndex | undefined {
  const doc = service.index.document(uri);
  if (doc) return lineIndexOf(doc.model, doc.model.text);
  const source = service.index.sourceFile(uri);
  if (source) return lineIndexOf(source, source.text);
  const config = service.index.config;
  if (config && config.uri === uri) return lineIndexOf(config, config.text);
  return undefined;
}

/** The range of a span in a file the service knows (an empty range at 0 when it does not). */
export function toRange(service: LanguageService, uri: string, span: { start: number; end: number }): Range {
  const lines = fileLines(service, uri);
  return lines ? lines.range(span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** The range of a span of a file: by default from the text the index holds. */
export type RangeOf = (uri: string, span: { start: number; end: number }) => Range;

/** An LSP diagnostic of `uri`; `rangeOf` makes its ranges (the default: from the texts the index holds). */
export function toLspDiagnostic(service: LanguageService, uri: string, d: Diagnostic, rangeOf: RangeOf = (u, span) => toRange(service, u, span)): LspDiagnostic {
  return {
    range: rangeOf(uri, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'clausemark',
    message: d.message,
    codeDescription: { href: `${RULES_DOC_URL}#${d.code}` },
    ...(d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: r.uri, range: rangeOf(r.uri, r.span) }, message: r.message })) }
      : {}),
    ...(d.tags.includes('unnecessary') ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    // Relative to the finding's start: an edit elsewhere leaves the data as the editor holds it (see `dataAt`).
    ...(d.data ? { data: mapDataOffsets(d.data, (offset) => offset - d.span.start) } : {}),
  };
}

/** The data of a diagnostic the editor hands back, its offsets made absolute again from the finding's start `start`. */
export function dataAt(data: unknown, start: number): Record<string, unknown> {
  return mapDataOffsets(data, (offset) => offset + start) as Record<string, unknown>;
}
