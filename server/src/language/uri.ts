// File identities inside the core: every file is named by a `file:` URI string. Pure helpers to resolve a path
// written in a document against the document's URI and to tell whether a URI stays inside a workspace folder.

/** Resolves `path` (as written in front matter or `clausemark.json`) against the URI of the file that wrote it. */
export function resolvePath(baseUri: string, path: string): string | undefined {
  if (!path || /[\0]/.test(path)) return undefined;
  try {
    // A path written with a scheme (`file:///etc/passwd`, `https://…`) is taken as it is, so that the workspace
    // check refuses it; a Windows drive path is absolute too.
    if (/^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return new URL(path).href;
    // Escapes are decoded before the path is split, so that `..%2F` is a `..` segment like any other.
    const normalized = decodeSafe(path).replace(/\\/g, '/');
    const absolute = /^[a-z]:\//i.test(normalized) ? `/${normalized}` : normalized;
    return new URL(absolute.split('/').map(encodeSegment).join('/'), baseUri).href;
  } catch {
    return undefined;
  }
}

function encodeSegment(segment: string): string {
  return segment === '..' || segment === '.' ? segment : encodeURIComponent(segment);
}

function decodeSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** True when `uri` lies inside the folder `rootUri` (or is it). */
export function isInside(rootUri: string, uri: string): boolean {
  const root = rootUri.endsWith('/') ? rootUri : `${rootUri}/`;
  return uri === rootUri || uri.startsWith(root);
}

/** The last path segment of a URI, decoded. */
export function baseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeSafe(path.slice(path.lastIndexOf('/') + 1));
}

/** The folder URI of a file URI, with a trailing slash. */
export function dirName(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** A path relative to `rootUri` for display (`contracts/msa.clause.md`), or the URI when outside it. */
export function relativePath(rootUri: string | undefined, uri: string): string {
  if (rootUri && isInside(rootUri, uri)) {
    const root = rootUri.endsWith('/') ? rootUri : `${rootUri}/`;
    return uri.slice(root.length).split('/').map(decodeSafe).join('/');
  }
  return uri.startsWith('file://') ? decodeSafe(uri.slice('file://'.length)) : uri;
}

const CLAUSEMARK_FRONT_MATTER = /^\uFEFF?---\r?\n(?:[^\n]*\n)*?clausemark:\s*['"]?1['"]?\s*\r?\n/;

/** True for a Clausemark document: a `*.clause.md` file, or a `*.md` file whose front matter says `clausemark: 1`. */
export function isClausemarkDocument(uri: string, text: string): boolean {
  const path = uri.replace(/[?#].*$/, '');
  if (path.endsWith('.clause.md')) return true;
  return path.endsWith('.md') && CLAUSEMARK_FRONT_MATTER.test(text.slice(0, 4096));
}
