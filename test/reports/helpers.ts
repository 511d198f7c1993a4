// Helpers of the report tests: the example workspace with machine-independent URIs, a tiny tag scanner that finds
// markup able to run code (scripts, event-handler attributes, non-http(s) links, inline styles), and an RFC 4180
// CSV reader.

import { loadWorkspace } from '../../server/src/cli/loadWorkspace.js';
import type { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';

/** What the example's folder URI is replaced with in snapshots, so they do not depend on the checkout's path. */
export const EXAMPLE_ROOT = 'file:///example';

/** The example workspace, loaded as the command line loads it. */
export function exampleWorkspace(): { index: WorkspaceIndex; documents: readonly string[]; normalize: (text: string) => string } {
  const loaded = loadWorkspace(['examples/frontier-dispute'], new URL('../..', import.meta.url).pathname.replace(/\/$/, ''));
  const root = loaded.roots[0]!;
  return { index: loaded.index, documents: loaded.documents, normalize: (text) => text.replaceAll(root, EXAMPLE_ROOT) };
}

/**
 * Every problem a browser could act on in HTML or SVG markup: a `<script>` (or other active) element, an `on…`
 * attribute, a `style` attribute (a strict CSP refuses it), an `href`/`src` that is neither http(s) nor a fragment.
 * Text is never a tag because the renderers escape `<`; a tag's quoted values never hold `>` for the same reason.
 */
export function unsafeMarkup(markup: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(markup)) problems.push('a <script> element');
  for (const tag of markup.matchAll(/<([A-Za-z][\w:-]*)([^>]*)>/g)) {
    const name = tag[1]!.toLowerCase();
    if (['iframe', 'object', 'embed', 'img', 'image', 'foreignobject', 'link', 'base', 'form', 'animate', 'set'].includes(name)) problems.push(`a <${name}> element`);
    if (name === 'meta' && /http-equiv\s*=\s*"refresh"/i.test(tag[2]!)) problems.push('a meta refresh');
    for (const attribute of tag[2]!.matchAll(/([^\s=/"'>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const key = attribute[1]!.toLowerCase();
      const value = (attribute[2] ?? '').replace(/^["']|["']$/g, '').trim();
      if (/^on/.test(key)) problems.push(`an ${key} attribute on <${name}>`);
      if (key === 'style') problems.push(`a style attribute on <${name}>`);
      if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(key) && !/^(?:https?:\/\/|#)/i.test(value)) problems.push(`${key}="${value}" on <${name}>`);
    }
  }
  return problems;
}

/** Reads RFC 4180 CSV: quoted fields with doubled quotes, CRLF line ends. Throws on a malformed line end. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        cell += c;
        i++;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else if (c === '\n' || c === '\r' || c === '"') {
      throw new Error(`Malformed CSV at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
    } else {
      cell += c;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}
