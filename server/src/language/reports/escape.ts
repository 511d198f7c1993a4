// The one place where document text meets an output format: HTML/SVG escaping (through the `html` template tag,
// which escapes every interpolated string), http(s)-only URLs, Markdown escaping, and CSV cells (RFC 4180 quoting
// and the spreadsheet formula-injection guard). Renderers never concatenate document text any other way.

/** A fragment of markup built by `html` (or `rawHtml`), safe to insert as it is. */
export interface SafeHtml {
  readonly html: string;
}

/** What `html` accepts between `${}`: text (escaped), markup fragments (as they are), lists of fragments, nothing. */
export type HtmlValue = SafeHtml | string | number | readonly SafeHtml[] | undefined | null | false;

/** Escapes text for HTML and SVG, in element content and in double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A template tag for HTML and SVG: every interpolated string or number is escaped; fragments and lists are kept. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += fragment(value) + strings[i + 1]!;
  });
  return { html: out };
}

function fragment(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (Array.isArray(value)) return (value as readonly SafeHtml[]).map((v) => v.html).join('');
  return (value as SafeHtml).html;
}

/** Wraps markup that the renderer wrote itself (never document text) as a fragment. */
export function rawHtml(markup: string): SafeHtml {
  return { html: markup };
}

/** Joins fragments with a separator written by the renderer. */
export function joinHtml(parts: readonly SafeHtml[], separator: string): SafeHtml {
  return { html: parts.map((p) => p.html).join(separator) };
}

/** The URL normalized, when it is an absolute http(s) address with a host; otherwise undefined (never linked). */
export function safeUrl(url: string | undefined): string | undefined {
  const trimmed = url?.trim();
  if (!trimmed || !/^https?:\/\/[^\s/?#]/i.test(trimmed)) return undefined;
  try {
    const parsed = new URL(trimmed);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Escapes text for inline Markdown (a paragraph, a list item, a GFM table cell): line breaks become spaces, the ends
 * are trimmed, and everything that could start markup (HTML, links, emphasis, code, a table pipe, a list marker at
 * the start) is escaped, so a document string renders as the same text on any CommonMark host. On a GFM host a bare
 * `https://…`, `www.…` or e-mail address still becomes a link (GFM finds them after escapes are decoded, as it does
 * in the document itself): only ever an http(s) or mailto link, never script.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(/^[ \t]+|[ \t]+$/g, '');
  const escaped = flat.replace(/[\\`*_[\]<>|#~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
  // A list marker at the start would open a list where the text starts a block (`> …`, `- …`).
  return escaped.replace(/^([-+])(?=\s|$)/, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** A Markdown link to an http(s) URL, or the escaped text alone when the URL is anything else. */
export function markdownLink(text: string, url: string | undefined): string {
  const safe = safeUrl(url);
  // Inside `<…>` a destination may hold anything but `<`, `>` and line breaks; `\&` keeps `&copy;` from reading as an entity.
  return safe ? `[${escapeMarkdown(text)}](<${safe.replace(/[<>\s]/g, (c) => encodeURIComponent(c)).replace(/&/g, '\\&')}>)` : escapeMarkdown(text);
}

/** A CSV cell value. */
export type CsvValue = string | number | boolean | undefined;

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list, with their full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One CSV cell: guarded against formula injection (a leading `'`), quoted by RFC 4180 when needed. */
export function csvCell(value: CsvValue): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(guarded) || guarded !== guarded.trim() ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A CSV table: a header row and rows, CRLF line ends (RFC 4180), a final line break. */
export function csvTable(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
