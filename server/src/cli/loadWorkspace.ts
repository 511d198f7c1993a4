// Reads the files the command line is given into a workspace index: every `*.clause.md` below a folder, every
// `*.md` whose front matter says `clausemark: 1`, the `clausemark.json` beside them, and then, transitively,
// every import and bibliography they name. The only file-system code of the CLI.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WorkspaceIndex } from '../language/workspaceIndex.js';

/** A bad command-line input: reported in one line with exit code 2. */
export class UsageError extends Error {}

/** The loaded workspace and the documents the user named (in a stable order). */
export interface LoadedWorkspace {
  readonly index: WorkspaceIndex;
  readonly documents: readonly string[];
  /** The folder URIs paths are shown relative to and references must stay inside. */
  readonly roots: readonly string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'out', '.cache']);
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Loads `paths` (files or folders) into a new index. Throws UsageError for a path that does not exist. */
export function loadWorkspace(paths: readonly string[], cwd = process.cwd()): LoadedWorkspace {
  const index = new WorkspaceIndex();
  const files: string[] = [];
  const roots: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) throw new UsageError(`No such file or folder: ${p}`);
    if (statSync(abs).isDirectory()) {
      roots.push(abs);
      collect(abs, files);
    } else {
      roots.push(dirname(abs));
      files.push(abs);
    }
  }
  const rootUris = [...new Set(roots)].map((r) => pathToFileURL(r).href);
  index.setRoots(rootUris);
  for (const root of new Set(roots)) {
    const config = findConfig(root, cwd);
    if (config) index.setConfig(pathToFileURL(config).href, readText(config));
  }
  const documents = [...new Set(files)].sort().map((file) => {
    const uri = pathToFileURL(file).href;
    index.setDocument(uri, readText(file));
    return uri;
  });
  loadReferenced(index, rootUris.map((u) => fileURLToPath(u)));
  return { index, documents, roots: rootUris };
}

/** Reads every file the index still wants, until none is left (imports may import). */
export function loadReferenced(index: WorkspaceIndex, rootPaths: readonly string[]): void {
  const realRoots = rootPaths.map((r) => safeRealpath(r) ?? r);
  for (let round = 0; round < 1000; round++) {
    const wanted = index.wantedFiles();
    if (wanted.length === 0) return;
    for (const { uri, kind } of wanted) {
      let path: string;
      try {
        path = fileURLToPath(uri);
      } catch {
        index.markMissing(uri, 'is not a local file');
        continue;
      }
      const real = safeRealpath(path);
      if (!real || !statSync(real).isFile()) {
        index.markMissing(uri, 'does not exist');
        continue;
      }
      if (realRoots.length > 0 && !realRoots.some((root) => real === root || real.startsWith(root.endsWith('/') ? root : `${root}/`))) {
        index.markMissing(uri, 'leaves the workspace folder (through a symbolic link)');
        continue;
      }
      const text = readText(real);
      if (kind === 'import') index.setDocument(uri, text);
      else index.setSourceFile(uri, text);
    }
  }
}

function collect(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) collect(path, out);
    } else if (entry.isFile() && isClausemarkFile(path)) {
      out.push(path);
    }
  }
}

/** `*.clause.md`, or `*.md` whose front matter declares `clausemark: 1`. */
export function isClausemarkFile(path: string): boolean {
  if (path.endsWith('.clause.md')) return true;
  if (!path.endsWith('.md')) return false;
  const head = readText(path, 4096);
  return /^\uFEFF?---\r?\n(?:[^\n]*\n)*?clausemark:\s*['"]?1['"]?\s*\r?\n/.test(head);
}

function findConfig(root: string, cwd: string): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'clausemark.json');
    if (existsSync(candidate)) return candidate;
    if (dir === cwd || dirname(dir) === dir || !dir.startsWith(cwd)) return undefined;
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Reads a file as UTF-8 (invalid bytes become U+FFFD); `limit` reads only the start. */
export function readText(path: string, limit = MAX_FILE_BYTES): string {
  try {
    const buffer = readFileSync(path);
    return new TextDecoder('utf-8').decode(buffer.length > limit ? buffer.subarray(0, limit) : buffer);
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
