// Puts the editor's texts of open documents into the workspace index: the first text after a document is opened
// is read through the persistent block cache (and the model stored back, off the request path), later texts
// incrementally from the model before; a document's model is stored again when it is saved or closed. A large first
// text whose blocks the cache lacks is read in worker threads (the read pool), with a progress report; meanwhile
// the document is `busy` and the server answers without it, then refreshes. Beside the block cache, in its
// directory, the findings cache keeps the rules' findings of full checks, for the service (`findings`).

import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlockCache, readThroughCache } from '../host/blockCache.js';
import { FindingsCache } from '../host/findingsCache.js';
import { ReadPool } from '../host/readPool.js';
import type { WorkspaceIndex } from '../language/index.js';

/** A first text at least this long, with this much left to read after the cache, is read in worker threads. */
export const POOL_MIN_CHARS = 512 * 1024;

/** What the reader tells the server about a read in workers: it began, it ended (then the server refreshes). */
export interface ReadEvents {
  readonly began?: (uri: string) => void;
  readonly ended?: (uri: string) => void;
}

/** Reads open documents into the index, through the block cache when there is one. */
export class DocumentReader {
  readonly #index: WorkspaceIndex;
  readonly #cache: BlockCache | undefined;
  readonly #findings: FindingsCache | undefined;
  readonly #log: (message: string) => void;
  /** Documents whose first editor text was read (later texts are edits of it). */
  readonly #opened = new Set<string>();
  readonly #pool: ReadPool | undefined;
  readonly #events: ReadEvents;
  /** Documents being read in workers. */
  readonly #busy = new Set<string>();

  constructor(index: WorkspaceIndex, cache: BlockCache | undefined, log: (message: string) => void, pool?: ReadPool, events: ReadEvents = {}, findings?: FindingsCache) {
    this.#index = index;
    this.#cache = cache;
    this.#findings = findings;
    this.#log = log;
    this.#pool = pool;
    this.#events = events;
  }

  /** True while the first text of `uri` is read in workers: its later texts wait (they are edits of it). */
  busy(uri: string): boolean {
    return this.#busy.has(uri);
  }

  /** The read pool, when the server has reading workers (the workspace indexing reads its files in them too). */
  get pool(): ReadPool | undefined {
    return this.#pool;
  }

  /** The block cache, if the client gave a directory for it. */
  get cache(): BlockCache | undefined {
    return this.#cache;
  }

  /** The findings cache (beside the block cache), for the service's `findings` option. */
  get findings(): FindingsCache | undefined {
    return this.#findings;
  }

  /** Puts the editor's text of `uri` into the index. */
  read(uri: string, text: string, version: number): void {
    const cache = this.#cache;
    const first = !this.#opened.has(uri);
    this.#opened.add(uri);
    if (first && this.#pool && text.length >= POOL_MIN_CHARS && !this.#tooLarge(text)) {
      this.#readInWorkers(this.#pool, uri, text, version);
      return;
    }
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

  /** Reads a large first text in the pool, the cache's blocks first; the index gets it when all is read. */
  #readInWorkers(pool: ReadPool, uri: string, text: string, version: number): void {
    this.#busy.add(uri);
    this.#events.began?.(uri);
    const cache = this.#cache;
    const t0 = performance.now();
    let fromCache = 0;
    let blocks = 0;
    const lookup = cache
      ? (plan: Parameters<BlockCache['lookup']>[0]) => {
          const found = cache.lookup(plan);
          blocks = plan.blocks.length;
          fromCache = found.filter(Boolean).length;
          return found;
        }
      : undefined;
    void pool
      .read(text, uri, this.#index.document(uri)?.model, lookup ? { lookup } : {})
      .then((model) => {
        if (!this.#opened.has(uri)) return; // Closed meanwhile: the index holds the file's own text now.
        const doc = this.#index.setDocument(uri, text, version, model);
        this.#log(`Clausemark: read ${uri} in ${pool.size} worker threads${fromCache > 0 ? ` (${fromCache} of ${blocks} blocks from the block cache)` : ''} in ${Math.round(performance.now() - t0)} ms`);
        if (cache && (blocks === 0 || fromCache < blocks)) cache.store(doc.model, uri);
      })
      .catch((error: unknown) => {
        // The pool answers on the main thread when workers fail; this is a bug of ours: read here instead.
        this.#log(`Clausemark: reading ${uri} in workers failed (${String(error)}); reading it here`);
        this.#index.setDocument(uri, text, version);
      })
      .finally(() => {
        this.#busy.delete(uri);
        this.#events.ended?.(uri);
      });
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await this.#pool?.close();
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
    await Promise.all([this.#cache?.flush(), this.#findings?.flush()]);
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
 * A reader for the server: the block cache and the findings cache live in `initializationOptions.cacheDirectory`
 * when the client gives one (the VS Code client gives a folder of the extension's storage); without it, no cache.
 */
export function createDocumentReader(index: WorkspaceIndex, initializationOptions: unknown, log: (message: string) => void, events: ReadEvents = {}): DocumentReader {
  const options = initializationOptions as { cacheDirectory?: unknown; readWorkers?: unknown } | undefined;
  const directory = options?.cacheDirectory;
  const cached = typeof directory === 'string' && directory.length > 0;
  const version = cached ? parserVersion() : '';
  const cache = cached ? new BlockCache({ directory, version, log }) : undefined;
  const findings = cached ? new FindingsCache({ directory, version, log }) : undefined;
  return new DocumentReader(index, cache, log, readPool(options?.readWorkers, log), events, findings);
}

/**
 * The read pool of the built server: `readWorkers` (initialization option) workers, the machine's parallelism by
 * default, 0 for none; none either when the worker script is not beside the server (running from sources).
 */
function readPool(setting: unknown, log: (message: string) => void): ReadPool | undefined {
  const size = typeof setting === 'number' && Number.isFinite(setting) ? Math.floor(setting) : undefined;
  if (size === 0 || typeof __filename !== 'string') return undefined;
  const workerFile = join(dirname(__filename), 'readWorker.js');
  try {
    statSync(workerFile);
  } catch {
    return undefined;
  }
  return new ReadPool({ workerFile, ...(size !== undefined && size > 0 ? { size } : {}), onError: log });
}

/**
 * What the block readings and the rules' findings of this server depend on: the package version, and the built
 * server's size and time, so that a development build never reads blocks or findings a different build wrote.
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
