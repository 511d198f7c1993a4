// File-system access shared by the command line and the language server: finding Clausemark files under a
// folder, reading texts, and reading every file the workspace index still wants (imports, bibliographies),
// refusing symbolic links that lead out of the workspace folders. A file above the index's size limit is not read:
// the index is told its size instead.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isClausemarkDocument, type WorkspaceIndex } from '../language/index.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'out', '.cache']);
/** Files larger than this are not read whole (a larger contract is cut, and the user told by the service). */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

/** A file that could not be read: its path and the system's reason. */
export class UnreadableFile extends Error {}

/**
 * Every Clausemark file below `dir`, sorted, skipping dependency, build and hidden folders. Symbolic links (to files
 * or folders) are never followed: a link may lead out of the workspace folder, or into a loop.
 */
export function collectClausemarkFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) collectClausemarkFiles(path, out);
    } else if (entry.isFile() && isClausemarkFile(path)) {
      out.push(path);
    }
  }
  return out;
}

/** `*.clause.md`, or `*.md` whose front matter declares `clausemark: 1`. */
export function isClausemarkFile(path: string): boolean {
  if (path.endsWith('.clause.md')) return true;
  if (!path.endsWith('.md')) return false;
  try {
    return isClausemarkDocument(path, readText(path, 4096));
  } catch {
    return false;
  }
}

/** The real path of a file, or undefined when it does not exist. */
export function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Reads a file as UTF-8 (invalid bytes become U+FFFD); `limit` reads only the start. Throws UnreadableFile. */
export function readText(path: string, limit = MAX_READ_BYTES): string {
  try {
    const buffer = readFileSync(path);
    return new TextDecoder('utf-8').decode(buffer.length > limit ? buffer.subarray(0, limit) : buffer);
  } catch (error) {
    throw new UnreadableFile(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * The real path of `path` when it is an existing file inside one of `rootPaths` once symbolic links are resolved
 * (any existing file when there are no roots); otherwise why not, for the user.
 */
export function realFileInside(path: string, rootPaths: readonly string[]): { real: string } | { problem: string } {
  const real = safeRealpath(path);
  let file = false;
  try {
    file = real !== undefined && statSync(real).isFile();
  } catch {
    file = false;
  }
  if (!real || !file) return { problem: 'does not exist' };
  const realRoots = rootPaths.map((r) => safeRealpath(r) ?? r);
  if (realRoots.length > 0 && !realRoots.some((root) => real === root || real.startsWith(root.endsWith('/') ? root : `${root}/`))) {
    return { problem: 'leaves the workspace folder (through a symbolic link)' };
  }
  return { real };
}

/**
 * Gives the index the file at `real` (a checked real path) under `uri`: its text, or, when it is larger than the
 * index's size limit, only its size (the file is then not read). Throws UnreadableFile.
 */
export function indexFile(index: WorkspaceIndex, uri: string, real: string, kind: 'import' | 'bibliography'): void {
  const text = textUnlessTooLarge(index, uri, real, kind);
  if (text === undefined) return;
  if (kind === 'import') index.setDocument(uri, text);
  else index.setSourceFile(uri, text);
}

/**
 * The text of the file at `real`, or undefined when it is larger than the index's size limit: it is then not read,
 * and the index has only its size under `uri`. Throws UnreadableFile.
 */
export function textUnlessTooLarge(index: WorkspaceIndex, uri: string, real: string, kind: 'import' | 'bibliography'): string | undefined {
  let size = 0;
  try {
    size = statSync(real).size;
  } catch (error) {
    throw new UnreadableFile(`Cannot read ${real}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > index.maxFileSize) {
    index.setTooLarge(uri, kind, size);
    return undefined;
  }
  return readText(real);
}

/** Reads every file the index still wants, until none is left (imports may import); `skip` keeps open documents. */
export function loadReferenced(index: WorkspaceIndex, rootPaths: readonly string[], skip: (uri: string) => boolean = () => false): void {
  for (let round = 0; round < 1000; round++) {
    const wanted = index.wantedFiles().filter((w) => !skip(w.uri));
    if (wanted.length === 0) return;
    for (const { uri, kind } of wanted) {
      let path: string;
      try {
        path = fileURLToPath(uri);
      } catch {
        index.markMissing(uri, 'is not a local file');
        continue;
      }
      const checked = realFileInside(path, rootPaths);
      if ('problem' in checked) {
        index.markMissing(uri, checked.problem);
        continue;
      }
      try {
        indexFile(index, uri, checked.real, kind);
      } catch (error) {
        index.markMissing(uri, (error as Error).message);
      }
    }
  }
}
