// The files of the persistent caches, which share one directory (block packs, `blockCache.ts`; kept findings,
// `findingsCache.ts`): their names, their framing (magic, a JSON header, a body with its length and checksum in the
// header), atomic writes scheduled off the request path (`CacheWriter`), and one size bound over all of them with the
// least recently used files removed first.

import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The extensions of the cache files the size bound counts and evicts. */
const CACHE_EXTENSIONS = ['.pack', '.findings'];
/** A temporary file older than this was left by a process that stopped while writing. */
const STALE_TEMP_MS = 10 * 60 * 1000;
/** Bytes the header is padded with, so that the body starts at a multiple of 8 (its words are read in place). */
const ALIGN = 8;

/** The cache file of `uri` in `directory`, named by a hash of the URI. */
export function cacheFileOf(directory: string, uri: string, extension: string): string {
  return join(directory, `${createHash('sha1').update(uri).digest('hex').slice(0, 32)}${extension}`);
}

/** The sha1 of a body, as the header holds it. */
export function checksumOf(pieces: Buffer | readonly Buffer[]): string {
  const digest = createHash('sha1');
  for (const piece of Buffer.isBuffer(pieces) ? [pieces] : pieces) digest.update(piece);
  return digest.digest('hex');
}

/**
 * A cache file's pieces: `magic`, a uint32 length of the header, the JSON header (`header` with the body's length
 * `bytes` and its `sha1` added, padded with spaces so that the body starts at a multiple of 8), then the body's pieces.
 */
export function framed(magic: Buffer, header: Record<string, unknown>, body: readonly Buffer[]): Buffer[] {
  const bytes = body.reduce((n, piece) => n + piece.length, 0);
  const json = JSON.stringify({ ...header, bytes, sha1: checksumOf(body) });
  const unpadded = Buffer.byteLength(json, 'utf8');
  const head = Buffer.from(json + ' '.repeat((ALIGN - ((magic.length + 4 + unpadded) % ALIGN)) % ALIGN), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  return [magic, length, head, ...body];
}

/** What a cache file must say of itself: its magic, the format and version of the cache reading it, the document's URI. */
export interface CacheFileKind {
  readonly magic: Buffer;
  /** What the log calls such a file (`block cache file`). */
  readonly what: string;
  readonly format: number;
  readonly version: string;
}

/**
 * A cache file's header and body (see `framed`), or why it is not one of `kind` for `uri`: another magic, a header
 * cut short or not JSON, another format or version, another document. The rest of the header is the caller's to check.
 */
export function unframed(bytes: Buffer, kind: CacheFileKind, uri: string): { header: Record<string, unknown>; body: Buffer; bodyStart: number } | string {
  const { magic } = kind;
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return `not a ${kind.what}`;
  const headerLength = bytes.readUInt32LE(magic.length);
  const bodyStart = magic.length + 4 + headerLength;
  if (bodyStart > bytes.length) return 'truncated header';
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.subarray(magic.length + 4, bodyStart).toString('utf8'));
  } catch {
    return 'unreadable header';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'unreadable header';
  const header = parsed as Record<string, unknown>;
  if (header.format !== kind.format || header.version !== kind.version) return `written by another version (${String(header.version)})`;
  if (header.uri !== uri) return 'written for another document';
  return { header, body: bytes.subarray(bodyStart), bodyStart };
}

/** Writes `file` atomically: a temporary file beside it, renamed over it. Rejects on failure (the temporary file removed). */
async function writeAtomically(file: string, pieces: readonly Buffer[]): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      for (let i = 0; i < pieces.length; i += 256) await handle.writev(pieces.slice(i, i + 256));
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** How a cache's writer is made. */
export interface CacheWriterOptions {
  readonly directory: string;
  /** How long after `schedule` the write starts, so that a burst of changes writes once. */
  readonly delayMs: number;
  readonly log: (message: string) => void;
  /** What the log lines call the cache (`block cache`) and what is lost when its directory cannot be written. */
  readonly name: string;
  readonly unwritable: string;
}

/**
 * The writing side of a cache: one write job scheduled at a time, run after a delay and after the writes before it,
 * files written atomically into a directory made on the first write; a directory that cannot be written stops all
 * writes, with one log line. Never throws.
 */
export class CacheWriter {
  readonly #options: CacheWriterOptions;
  #job: (() => Promise<void>) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #writable = true;

  constructor(options: CacheWriterOptions) {
    this.#options = options;
  }

  /** False once the directory turned out not to be writable. */
  get writable(): boolean {
    return this.#writable;
  }

  /** Runs `job` `delayMs` after the last call (a burst runs the last job once), after the writes before it. */
  schedule(job: () => Promise<void>): void {
    this.#job = job;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, this.#options.delayMs);
    this.#timer.unref?.();
  }

  /** Runs the scheduled job now and resolves when every write is done (never rejects). */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      void this.#run();
    }
    await this.#writing;
  }

  #run(): Promise<void> {
    const job = this.#job;
    this.#job = undefined;
    if (job) this.#writing = this.#writing.then(job).catch((error: unknown) => this.#options.log(`Clausemark: the ${this.#options.name} could not write (${describe(error)})`));
    return this.#writing;
  }

  /** Writes `file` atomically, the directory made if need be; false when it was not written (said in the log). */
  async write(file: string, pieces: readonly Buffer[]): Promise<boolean> {
    if (!this.#writable) return false;
    try {
      await mkdir(this.#options.directory, { recursive: true });
      await writeAtomically(file, pieces);
      return true;
    } catch (error) {
      const code = unwritableCode(error);
      const { directory, name, unwritable, log } = this.#options;
      if (code) {
        this.#writable = false;
        log(`Clausemark: the ${name} directory ${directory} cannot be written (${code}); ${unwritable}`);
      } else {
        log(`Clausemark: a ${name} file could not be written in ${directory} (${describe(error)})`);
      }
      return false;
    }
  }
}

/** The error's code when it says that the directory cannot be written at all (then a cache stops writing). */
function unwritableCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'ENOSPC' ? code : undefined;
}

/**
 * Removes the least recently used cache files (by mtime; a hit touches its file) until those of `directory` are
 * within `maxBytes` together, and temporary files left behind; resolves to the paths removed.
 */
export async function evictCacheFiles(directory: string, maxBytes: number): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const files: { path: string; size: number; mtime: number }[] = [];
  let total = 0;
  const now = Date.now();
  for (const name of names) {
    const path = join(directory, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (name.endsWith('.tmp')) {
      if (now - info.mtimeMs > STALE_TEMP_MS) await unlink(path).catch(() => undefined);
      continue;
    }
    if (!CACHE_EXTENSIONS.some((extension) => name.endsWith(extension))) continue;
    files.push({ path, size: info.size, mtime: info.mtimeMs });
    total += info.size;
  }
  files.sort((a, b) => a.mtime - b.mtime);
  const removed: string[] = [];
  for (const f of files) {
    if (total <= maxBytes) break;
    await unlink(f.path).catch(() => undefined);
    total -= f.size;
    removed.push(f.path);
  }
  return removed;
}

/** An error's message, for a log line. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
