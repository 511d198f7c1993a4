// Reads the files the command line is given into a workspace index: every Clausemark file below a folder, named
// directly or matched by a glob, the `clausemark.json` beside them, and then every import and bibliography they name.
// `loadWorkspaceParallel` does the same with the documents read in the worker threads of a read pool.

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectClausemarkFiles, isClausemarkFile, loadReferenced, readText, UnreadableFile } from '../host/files.js';
import { readFilesInto } from '../host/readFiles.js';
export { PARALLEL_MIN_BYTES } from '../host/readFiles.js';
import type { ReadPool } from '../host/readPool.js';
import { WorkspaceIndex } from '../language/index.js';
import { expandGlob, isGlob } from './glob.js';

/** A bad command-line input: reported in one line with exit code 2. */
export class UsageError extends Error {}

/** The loaded workspace and the documents the user named (in a stable order). */
export interface LoadedWorkspace {
  readonly index: WorkspaceIndex;
  readonly documents: readonly string[];
  /** The folder URIs paths are shown relative to and references must stay inside. */
  readonly roots: readonly string[];
}

/**
 * Loads `paths` (files, folders or globs) into a new index. Throws UsageError for a path that does not exist and for
 * a glob that matches no Clausemark file. A path that exists is never read as a glob, even with `*` or `[` in it.
 */
export function loadWorkspace(paths: readonly string[], cwd = process.cwd()): LoadedWorkspace {
  return usage(() => {
    const found = find(paths, cwd);
    const documents = found.files.map((file) => {
      const uri = pathToFileURL(file).href;
      found.index.setDocument(uri, readText(file));
      return uri;
    });
    return finish(found, documents);
  });
}

/** Options of `loadWorkspaceParallel`. */
export interface ParallelLoadOptions {
  /** Told how many documents are in the index so far, and of how many. */
  readonly onRead?: (done: number, total: number) => void;
  /** Bytes of documents from which every document goes to a worker, however small; default PARALLEL_MIN_BYTES. */
  readonly minBytes?: number;
}

/**
 * `loadWorkspace` with the documents read in `pool`'s workers, a bounded window of them at a time: the same index
 * (documents set in the same order, the same models), sooner on a machine with idle cores. Imports and
 * bibliographies the documents name are then read on the main thread, as `loadWorkspace` reads them. A workspace of
 * fewer than `minBytes` leaves small documents on the main thread.
 */
export async function loadWorkspaceParallel(paths: readonly string[], cwd: string, pool: ReadPool, options: ParallelLoadOptions = {}): Promise<LoadedWorkspace> {
  const { onRead, minBytes } = options;
  const found = usage(() => find(paths, cwd));
  const { index, files } = found;
  const uris = files.map((file) => pathToFileURL(file).href);
  try {
    await readFilesInto(index, files.map((path, i) => ({ uri: uris[i]!, path })), pool, { readText: (file) => readText(file.path), onRead, ...(minBytes === undefined ? {} : { minBytes }) });
  } catch (error) {
    usage(() => {
      throw error;
    });
  }
  return usage(() => finish(found, uris));
}

/** What the paths name, before any document is read: the index with its roots and configuration, the files sorted. */
interface Found {
  readonly index: WorkspaceIndex;
  readonly files: readonly string[];
  readonly rootUris: readonly string[];
}

/** Runs `work`, turning an unreadable file into a UsageError. */
function usage<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof UnreadableFile) throw new UsageError(error.message);
    throw error;
  }
}

function find(paths: readonly string[], cwd: string): Found {
  const index = new WorkspaceIndex();
  const files: string[] = [];
  const roots: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs) && isGlob(p)) {
      addGlob(p, cwd, files, roots);
      continue;
    }
    if (!existsSync(abs)) throw new UsageError(`No such file or folder: ${p}`);
    if (statSync(abs).isDirectory()) {
      roots.push(abs);
      collectClausemarkFiles(abs, files);
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
  return { index, files: [...new Set(files)].sort(), rootUris };
}

/** Reads the imports and bibliographies the documents name. */
function finish({ index, rootUris }: Found, documents: readonly string[]): LoadedWorkspace {
  loadReferenced(index, rootUris.map((u) => fileURLToPath(u)));
  return { index, documents, roots: rootUris };
}

/**
 * Adds what a glob matches: its Clausemark files (a matched file that is not one, such as a README that a `*.md`
 * pattern matches, is left out) and every Clausemark file below a matched folder. The glob's fixed leading folder is a workspace root.
 */
function addGlob(pattern: string, cwd: string, files: string[], roots: string[]): void {
  let matches;
  try {
    matches = expandGlob(pattern, cwd);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  let found = 0;
  for (const match of matches) {
    const matched = [...match.files.filter(isClausemarkFile), ...match.folders.flatMap((folder) => collectClausemarkFiles(folder))];
    if (matched.length === 0) continue;
    found += matched.length;
    roots.push(match.base);
    files.push(...matched);
  }
  if (found === 0) throw new UsageError(`No Clausemark file matches ${pattern}`);
}

/** The nearest `clausemark.json` in `root` or above it, up to the current folder. */
function findConfig(root: string, cwd: string): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'clausemark.json');
    if (existsSync(candidate)) return candidate;
    if (dir === cwd || dirname(dir) === dir || !dir.startsWith(cwd)) return undefined;
  }
}
