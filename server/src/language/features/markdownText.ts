// Turns untrusted text (from documents, front matter, bibliography files) into Markdown that shows exactly that
// text: no raw HTML, no links, no emphasis, lists or headings made out of it, no theme icons. Hovers and every
// other feature that answers in Markdown build their output with these helpers only.

/**
 * Characters that mean something anywhere in a line: emphasis and code (`*`, `_`, `` ` ``, `~`), links and images
 * (`[`, `]`, `(`, `)`), raw HTML and autolinks (`<`, `>`), entities (`&`), tables (`|`), e-mail autolinks (`@`),
 * VS Code theme icons (`$(…)`), and the backslash itself.
 */
const ALWAYS = /[\\`*_~[\]()<>&|@$]/g;

/** At the start of a line (after spaces): headings, list markers, setext underlines, ordered list numbers. */
const LINE_START = /^([ \t]*)([#+=-]|\d+\.)/gm;

/** Control characters (but tab and line feed) and bidirectional overrides that could disguise the text shown. */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Escapes `text` so that Markdown renders it literally. Line breaks are kept (CRLF and CR become LF); control and
 * bidirectional-override characters are removed.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(ALWAYS, '\\$&')
    .replace(LINE_START, (_m, space: string, mark: string) => `${space}${mark.endsWith('.') && mark.length > 1 ? `${mark.slice(0, -1)}\\.` : `\\${mark}`}`);
}

/** Escapes `text` for use inside one line: every run of white space (line breaks included) becomes one space. */
export function markdownInline(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim());
}

/** Shortens `text` to at most `max` characters, at a word boundary when one is near, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The URL as a safe link destination when it is http(s); undefined for any other scheme or a malformed URL. */
export function httpUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // `href` percent-encodes spaces, quotes and angle brackets; parentheses would end the destination early, a
  // backslash would escape what follows, and `&` could start an entity reference that Markdown decodes.
  return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\\/g, '%5C').replace(/&/g, '\\&');
}

/**
 * A link to `url` showing `text` (default: the URL itself) when the URL is http(s); otherwise the text and the
 * URL as plain, escaped text, so that `javascript:` or `command:` never becomes a link.
 */
export function markdownLink(url: string, text?: string): string {
  const safe = httpUrl(url);
  const shown = markdownInline(text ?? url);
  if (safe === undefined) return text === undefined ? shown : `${shown} (${markdownInline(url)})`;
  return `[${shown}](${safe})`;
}
