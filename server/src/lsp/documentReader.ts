// Puts the editor's texts of open documents into the workspace index: the first text after a document is opened
// is read through the persistent block cache (and the model stored back, off the request path), later texts
// incrementally from the model before; a document's model is stored again when it is saved or closed.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlockCache, readThroughCache } from '../host/blockCache.js';
import type { WorkspaceIndex } from '../language/index.js';

/** Reads open documents into the index, through the block cache when there is one. */
export class DocumentReader {
  readonly #index: WorkspaceIndex;
  readonly #cache: BlockCache | undefined;
  readonly #log: (message: string) => void;
  /** Documents whose first editor text was read (later texts are edits of it). */
  readonly #opened = new Set<string>();

  constructor(index: WorkspaceIndex, cache: BlockCache | undefined, log: (message: string) => void) {
    this.#index = index;
    this.#cache = cache;
    this.#log = log;
  }

  /** The block cache, if the client gave a directory for it. */
  get cache(): BlockCache | undefined {
    return this.#cache;
  }

  /** Puts the editor's text of `uri` into the index. */
  read(uri: string, text: string, version: number): void {
    const cache = this.#cache;
    const first = !this.#opened.has(uri);
    this.#opened.add(uri);
    if (!cache || !first || this.#tooLarge(text)) {
      this.#index.setDocument(uri, text, version);
      return;
    }
    const t0 = performance.now();
    const read = readThroughCache(cache, text, uri, this.#index.document(uri)?.model);
    const doc = this.#index.setDocument(uri, text, version, read?.model);
    if (read && read.fromCache > 0) {
      const ms = Math.round(performance.now() - t0);
      this.#log(`Clausemark: opened ${uri}: ${read.fromCache} of ${read.blocks} blocks from the block cache (${ms} ms)`);
    }
    if (!read || read.fromCache < read.blocks) cache.store(doc.model, uri);
  }

  /** The editor saved `uri`: its blocks now are worth keeping. */
  saved(uri: string): void {
    this.#store(uri);
  }

  /** The editor closed `uri` (call before the index takes the file's text from disk). */
  closed(uri: string): void {
    this.#store(uri);
    this.#opened.delete(uri);
  }

  /** Writes what is waiting to be stored (at shutdown). */
  async flush(): Promise<void> {
    await this.#cache?.flush();
  }

  #store(uri: string): void {
    const doc = this.#index.document(uri);
    if (this.#cache && doc && doc.tooLarge === undefined) this.#cache.store(doc.model, uri);
  }

  /** Above the size limit the index reads nothing: neither should the cache. */
  #tooLarge(text: string): boolean {
    const limit = this.#index.maxFileSize;
    return text.length * 3 > limit && Buffer.byteLength(text, 'utf8') > limit;
  }
}

/**
 * A reader for the server: the block cache lives in `initializationOptions.cacheDirectory` when the client gives
 * one (the VS Code client gives a folder of the extension's storage); without it, no cache.
 */
export function createDocumentReader(index: WorkspaceIndex, initializationOptions: unknown, log: (message: string) => void): DocumentReader {
  const directory = (initializationOptions as { cacheDirectory?: unknown } | undefined)?.cacheDirectory;
  const cache = typeof directory === 'string' && directory.length > 0 ? new BlockCache({ directory, version: parserVersion(), log }) : undefined;
  return new DocumentReader(index, cache, log);
}

/**
 * What the block readings of this server depend on: the package version, and the built server's size and time,
 * so that a development build never reads blocks a different build wrote.
 */
function parserVersion(): string {
  const version = typeof __CLAUSEMARK_VERSION__ === 'string' ? __CLAUSEMARK_VERSION__ : 'development';
  try {
    const built = statSync(typeof __filename === 'string' ? __filename : join(process.cwd(), 'unknown'));
    return `${version}+${built.size}.${Math.round(built.mtimeMs)}`;
  } catch {
    return version;
  }
}

declare const __CLAUSEMARK_VERSION__: string | undefined;
