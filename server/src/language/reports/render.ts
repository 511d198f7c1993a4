// The one entry point of the renderers: `renderReport(kind, format, data)` picks the renderer for a kind and a
// format and answers with the text, or with an error result (never a throw) for a pair that cannot be rendered.

import type { ReportData, ReportKindOrAll } from './build.js';
import { renderSourcesCsv, renderTermsCsv } from './csv.js';
import { isValidNonce, renderHtml, type HtmlOptions } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderGraphSvg } from './svg.js';

/** An output format. */
export type ReportFormat = 'md' | 'html' | 'json' | 'csv' | 'svg';

/** Every format. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json', 'csv', 'svg'];

/** The formats each kind can be rendered in. */
export const FORMATS_OF: Readonly<Record<ReportKindOrAll, readonly ReportFormat[]>> = {
  terms: ['md', 'html', 'json', 'csv'],
  sources: ['md', 'html', 'json', 'csv'],
  disputes: ['md', 'html', 'json'],
  graph: ['md', 'html', 'json', 'svg'],
  clauses: ['md', 'html', 'json'],
  all: ['md', 'html', 'json'],
};

const MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  csv: 'text/csv; charset=utf-8; header=present',
  svg: 'image/svg+xml',
};

/** Rendered text with what a host needs to save or serve it, or why the pair cannot be rendered. */
export type RenderResult =
  | { readonly ok: true; readonly text: string; readonly mediaType: string; readonly extension: ReportFormat }
  | { readonly ok: false; readonly error: string };

/** Options of `renderReport`: the HTML page's CSP nonce. */
export type RenderOptions = HtmlOptions;

/** Renders `data` (a report of `kind`) in `format`. Unknown kinds or formats, mismatched data and impossible pairs give `ok: false`. */
export function renderReport(kind: ReportKindOrAll, format: ReportFormat, data: ReportData, options: RenderOptions = {}): RenderResult {
  const formats = Object.prototype.hasOwnProperty.call(FORMATS_OF, kind) ? FORMATS_OF[kind] : undefined;
  if (!formats) return { ok: false, error: `Unknown report kind "${String(kind)}": expected one of ${Object.keys(FORMATS_OF).join(', ')}` };
  if (!REPORT_FORMATS.includes(format)) return { ok: false, error: `Unknown format "${String(format)}": expected one of ${REPORT_FORMATS.join(', ')}` };
  if (!formats.includes(format)) {
    return { ok: false, error: `The ${kind} report has no ${format} rendering: expected one of ${formats.join(', ')}` };
  }
  if (data?.kind !== kind) return { ok: false, error: `The data is a ${String(data?.kind)} report, not a ${kind} report` };
  if (options.nonce !== undefined && !isValidNonce(options.nonce)) return { ok: false, error: 'The nonce must be base64 text of at least 16 characters' };
  const ok = (text: string): RenderResult => ({ ok: true, text, mediaType: MEDIA_TYPES[format], extension: format });
  switch (format) {
    case 'md':
      return ok(renderMarkdown(data));
    case 'html':
      return ok(renderHtml(data, options));
    case 'json':
      return ok(`${JSON.stringify(data, null, 2)}\n`);
    case 'csv':
      if (data.kind === 'terms') return ok(renderTermsCsv(data));
      if (data.kind === 'sources') return ok(renderSourcesCsv(data));
      break;
    case 'svg':
      if (data.kind === 'graph') return ok(`${renderGraphSvg(data, { standalone: true }).html}\n`);
      break;
  }
  return { ok: false, error: `The ${kind} report has no ${format} rendering` };
}
