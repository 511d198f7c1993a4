// Document links: the http(s) URLs of the front matter's sources, the import and bibliography paths of the front
// matter, and Markdown links into another Clausemark file (`[§4](aws.clause.md#4)`, to the clause's line). A
// link never leaves the workspace and never carries a `javascript:`, `command:` or foreign `file:` target: a
// file target is a resolved workspace file or nothing.

import type { Span } from '../../syntax/model.js';
import { lineIndexOf } from '../lookupIndex.js';
import { isInside } from '../uri.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';

/** A link: the text to click and where it goes (an http(s) URL or a workspace `file:` URI). */
export interface DocumentLinkEntry {
  readonly span: Span;
  readonly target: string;
}

/** The links of the document `uri`, sorted by start; empty when the document is not indexed. */
export function getDocumentLinks(index: WorkspaceIndex, uri: string): DocumentLinkEntry[] {
  const linked = index.linked(uri);
  if (!linked) return [];
  const model = linked.model;
  const text = model.text;
  const links: DocumentLinkEntry[] = [];

  for (const source of model.frontMatter?.sources ?? []) {
    if (!source.url || !source.urlSpan) continue;
    const target = webUrl(source.url);
    if (target) links.push({ span: unquoted(text, source.urlSpan), target });
  }

  for (const ref of linked.fileReferences) {
    // Workspace defaults are written in clausemark.json, not in this document.
    if (ref.from !== uri) continue;
    // A path written with a scheme (`file:///etc/passwd`, `command:x`) is no relative path, whatever it resolves to.
    if (SCHEME.test(ref.path.path.trim())) continue;
    const target = workspaceFile(index, ref.uri);
    if (target) links.push({ span: unquoted(text, ref.path.span), target });
  }

  for (const use of linked.references) {
    const reference = use.reference;
    if (reference.kind !== 'link' || !reference.file) continue;
    const file = workspaceFile(index, use.uri);
    if (!file) continue;
    let target = file;
    const targetModel = index.document(file)?.model;
    const clause = use.clause !== undefined ? targetModel?.clauses[use.clause] : undefined;
    if (targetModel && clause) {
      // `#L12` is the fragment editors read as "line 12" (1-based).
      target = `${file}#L${lineIndexOf(targetModel, targetModel.text).position(clause.headSpan.start).line + 1}`;
    }
    links.push({ span: destinationSpan(text, reference.span, reference.targetSpan, reference.file), target });
  }

  return links.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A URL written in a source, when it is an http(s) URL with a host and no credentials: its normalized form. */
export function webUrl(written: string): string | undefined {
  const trimmed = written.trim();
  // The scheme must be written plainly: the URL parser drops tabs and newlines (`java\tscript:`), so the
  // check runs on the text as written, and again on the parsed URL.
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * `uri` without its fragment when it is a `file:` URI inside a workspace folder (with no folders set: a file the
 * index holds), and no percent-encoded slash, backslash, dot or empty segment could take its decoded path elsewhere.
 */
export function workspaceFile(index: WorkspaceIndex, uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'file:' || url.search || url.username || url.password) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const segments = path.split('/');
  if (/[\\\0]/.test(path) || segments.some((segment, i) => segment === '..' || segment === '.' || (segment === '' && i > 0))) return undefined;
  url.hash = '';
  const href = url.href;
  const roots = index.roots;
  if (roots.length > 0) return roots.some((root) => isInside(root, href)) ? href : undefined;
  return index.document(href) || index.sourceFile(href) ? href : undefined;
}

/** A span without the quotes around a YAML value, when they are part of it. */
function unquoted(text: string, span: Span): Span {
  const first = text[span.start];
  if (span.end - span.start >= 2 && (first === '"' || first === "'") && text[span.end - 1] === first) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

/** The destination of a Markdown link (`aws.clause.md#4`) when it stands as written before `#fragment`; else the link. */
function destinationSpan(text: string, link: Span, fragment: Span, file: string): Span {
  const start = fragment.start - 1 - file.length;
  if (fragment.start > link.start && start >= link.start && text[fragment.start - 1] === '#' && text.slice(start, fragment.start - 1) === file) {
    return { start, end: fragment.end };
  }
  return link;
}
