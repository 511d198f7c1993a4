// The rules' findings of full checks kept on disk between sessions (the language layer's `FindingsStore`, see
// `language/storedFindings.ts` for the key), so that reopening an unchanged document in an unchanged workspace takes
// them instead of running the rules.
//
// Layout: one file per document beside its block pack, named by a hash of its URI (`.findings`), holding the findings
// of the last check stored for it and their key: a document's findings go stale with any change of its workspace, so
// only the last ones are worth keeping. File format: "CLMKFND1", a uint32 header length, a JSON header (format,
// version, URI, key, body length, sha1 of the body), then the body, the findings as JSON (`[[rule id, [finding...]]...]`,
// in the order the rules ran). Findings that are not plain JSON data (an undefined value, a number JSON does not hold,
// an object of a class) are not stored: what is read back must equal what the rules found. A file that does not match
// in every respect (truncated, corrupt, another version, another URI, a body that is not findings) is ignored and
// removed; one that holds the document's findings under another key is left for the next store to replace.
//
// Writes are atomic and scheduled off the request path; the directory's size bound, shared with the block packs
// (`cacheFiles.ts`), removes the least recently used files first (a hit touches its file). Never throws: a missing
// or read-only directory makes it do nothing, with one log line.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { unlink, utimes } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { ServiceOptions } from '../language/index.js';
import { DEFAULT_CACHE_BYTES } from './blockCache.js';
import { cacheFileOf, CacheWriter, checksumOf, describe, evictCacheFiles, framed, unframed } from './cacheFiles.js';

/** The store the language layer asks (`FindingsStore`). */
type FindingsStore = Exclude<NonNullable<ServiceOptions['findings']>, (...args: never[]) => unknown>;
/** The findings of one check, per rule id. */
type RuleFindings = Parameters<FindingsStore['put']>[2];

/** The version of the file format; bump it when the body changes shape. */
export const FINDINGS_CACHE_FORMAT = 1;
/** Documents shorter than this (UTF-16 units) are checked without the cache: their rules take less than a lookup. */
export const DEFAULT_FINDINGS_MIN_CHARS = 100_000;

const MAGIC = Buffer.from('CLMKFND1', 'latin1');

/** How a findings cache is made. */
export interface FindingsCacheOptions {
  /** The directory of the files (the block cache's; created on the first write). */
  readonly directory: string;
  /** The version of the rules (the package version, and anything else that changes findings); checked on every file. */
  readonly version: string;
  /** The bound on the directory's size in bytes, block packs included (default 256 MB). */
  readonly maxBytes?: number;
  /** How long after `put` the write starts, so that a burst of checks writes once (default 1 s). */
  readonly delayMs?: number;
  /** The shortest document whose findings are kept (default `DEFAULT_FINDINGS_MIN_CHARS`). */
  readonly minChars?: number;
  /** Where failures and notable events are told. */
  readonly log?: (message: string) => void;
}

/** What the last lookup did, for logs and the bench. */
export interface FindingsLookupStats {
  readonly hit: boolean;
  readonly fileBytes: number;
  /** Reading the file and checking its header. */
  readonly readMs: number;
  /** Checking the body and decoding the findings. */
  readonly decodeMs: number;
}

/** The findings of full checks kept on disk, one file per document. */
export class FindingsCache implements FindingsStore {
  readonly #directory: string;
  readonly #version: string;
  readonly #maxBytes: number;
  readonly #minChars: number;
  readonly #log: (message: string) => void;
  readonly #writer: CacheWriter;
  /** Findings waiting to be written, by URI. */
  readonly #pending = new Map<string, { readonly key: string; readonly findings: RuleFindings }>();
  /** The key each document's file is known to hold (from the last read or write). */
  readonly #known = new Map<string, string>();
  #lastLookup: FindingsLookupStats | undefined;

  constructor(options: FindingsCacheOptions) {
    this.#directory = options.directory;
    this.#version = `${FINDINGS_CACHE_FORMAT}:${options.version}`;
    this.#maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.#minChars = options.minChars ?? DEFAULT_FINDINGS_MIN_CHARS;
    this.#log = options.log ?? (() => undefined);
    this.#writer = new CacheWriter({ directory: this.#directory, delayMs: options.delayMs ?? 1000, log: this.#log, name: 'findings cache', unwritable: 'findings are not kept' });
  }

  /** What the last lookup did. */
  get lastLookup(): FindingsLookupStats | undefined {
    return this.#lastLookup;
  }

  accepts(_uri: string, chars: number): boolean {
    return chars >= this.#minChars;
  }

  /** sha256 of the texts, each as its length and its UTF-16 code units (every string, lone surrogates too, hashes apart). */
  digest(texts: readonly string[]): string {
    const hash = createHash('sha256');
    for (const text of texts) hash.update(`${text.length}:`).update(text, 'utf16le');
    return hash.digest('hex');
  }

  get(uri: string, key: string): RuleFindings | undefined {
    const t0 = performance.now();
    let readMs = 0;
    let fileBytes = 0;
    let found: RuleFindings | undefined;
    try {
      const pending = this.#pending.get(uri);
      if (pending) return (found = pending.key === key ? pending.findings : undefined);
      const known = this.#known.get(uri);
      if (known !== undefined && known !== key) return undefined; // The file holds another state's findings.
      const file = this.#fileOf(uri);
      let bytes: Buffer;
      try {
        if (statSync(file).size > this.#maxBytes) return undefined;
        bytes = readFileSync(file);
      } catch {
        return undefined; // No file yet, or no directory: nothing kept.
      }
      fileBytes = bytes.length;
      readMs = performance.now() - t0;
      found = this.#decode(file, uri, key, bytes);
      if (found) {
        void utimes(file, new Date(), new Date()).catch(() => undefined); // Recently used: evicted last.
        this.#log(`Clausemark: the findings of ${uri} from the findings cache (${Math.round(performance.now() - t0)} ms)`);
      }
      return found;
    } catch (error) {
      this.#log(`Clausemark: the findings cache could not be read (${describe(error)}); the rules run`);
      return (found = undefined);
    } finally {
      this.#lastLookup = { hit: found !== undefined, fileBytes, readMs, decodeMs: performance.now() - t0 - readMs };
    }
  }

  put(uri: string, key: string, findings: RuleFindings): void {
    try {
      if (!this.#writer.writable) return;
      if (!this.#pending.has(uri) && this.#known.get(uri) === key) {
        // The file holds these very findings: only mark it recently used.
        void utimes(this.#fileOf(uri), new Date(), new Date()).catch(() => this.#known.delete(uri));
        return;
      }
      this.#pending.set(uri, { key, findings });
      this.#writer.schedule(() => this.#writePending());
    } catch (error) {
      this.#log(`Clausemark: the findings cache could not take the findings of ${uri} (${describe(error)})`);
    }
  }

  /** Writes every finding waiting and resolves when all writes are done (never rejects). */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  async #writePending(): Promise<void> {
    for (const [uri, { key, findings }] of [...this.#pending]) {
      this.#pending.delete(uri);
      await this.#write(uri, key, findings).catch((error: unknown) => this.#log(`Clausemark: the findings cache could not write ${uri} (${describe(error)})`));
    }
    const removed = new Set(await evictCacheFiles(this.#directory, this.#maxBytes).catch(() => []));
    if (removed.size > 0) for (const uri of [...this.#known.keys()]) if (removed.has(this.#fileOf(uri))) this.#known.delete(uri);
  }

  async #write(uri: string, key: string, findings: RuleFindings): Promise<void> {
    const body = encodeFindings(findings);
    if (typeof body === 'string') {
      this.#log(`Clausemark: the findings cache left out the findings of ${uri}: ${body}`);
      return;
    }
    const pieces = framed(MAGIC, { format: FINDINGS_CACHE_FORMAT, version: this.#version, uri, key }, [body]);
    if (await this.#writer.write(this.#fileOf(uri), pieces)) this.#known.set(uri, key);
  }

  /** The findings a file holds under `key`; undefined when it holds another key (kept) or is not a file of ours (removed). */
  #decode(file: string, uri: string, key: string, bytes: Buffer): RuleFindings | undefined {
    const problem = (reason: string): undefined => {
      this.#discard(file, uri, reason);
      return undefined;
    };
    const parts = unframed(bytes, { magic: MAGIC, what: 'findings cache file', format: FINDINGS_CACHE_FORMAT, version: this.#version }, uri);
    if (typeof parts === 'string') return problem(parts);
    const { header, body } = parts;
    if (typeof header.key !== 'string') return problem('no key');
    if (header.bytes !== body.length) return problem('truncated');
    this.#known.set(uri, header.key);
    if (header.key !== key) return undefined;
    if (checksumOf(body) !== header.sha1) return problem('corrupt (checksum)');
    const findings = decodeFindings(body);
    return findings ?? problem('a body that is not findings');
  }

  /** Ignores a file from now on and removes it (it is written again on the next put). */
  #discard(file: string, uri: string, reason: string): void {
    this.#log(`Clausemark: findings cache file ${file} ignored and removed: ${reason}`);
    this.#known.delete(uri);
    void unlink(file).catch(() => undefined);
  }

  #fileOf(uri: string): string {
    return cacheFileOf(this.#directory, uri, '.findings');
  }
}

/** The body of a file: the findings as JSON, or why they cannot be stored. */
function encodeFindings(findings: RuleFindings): Buffer | string {
  const entries = [...findings];
  const why = notPlain(entries, 0);
  return why ?? Buffer.from(JSON.stringify(entries), 'utf8');
}

/** Why `value` does not come back equal from JSON (undefined when it does). */
function notPlain(value: unknown, depth: number): string | undefined {
  if (depth > 64) return 'nested too deeply';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? undefined : `the number ${String(value)}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return 'an array with a hole';
      const why = notPlain(value[i], depth + 1);
      if (why) return why;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return 'an object of a class';
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) return `an undefined value of "${key}"`;
      const why = notPlain(v, depth + 1);
      if (why) return why;
    }
    return undefined;
  }
  return `a value of type ${typeof value}`;
}

/** The findings a body holds, or undefined when it holds something else. */
function decodeFindings(body: Buffer): RuleFindings | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const out = new Map<string, RuleFindings extends ReadonlyMap<string, infer F> ? F : never>();
  for (const entry of value) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || !Array.isArray(entry[1]) || out.has(entry[0])) return undefined;
    if (!(entry[1] as unknown[]).every(isFinding)) return undefined;
    out.set(entry[0], entry[1] as never);
  }
  return out;
}

function isSpan(value: unknown): boolean {
  const s = value as { start?: unknown; end?: unknown } | null;
  return !!s && typeof s === 'object' && Number.isInteger(s.start) && Number.isInteger(s.end);
}

function isFinding(value: unknown): boolean {
  const f = value as { span?: unknown; message?: unknown; related?: unknown; tags?: unknown; data?: unknown } | null;
  if (!f || typeof f !== 'object' || !isSpan(f.span) || typeof f.message !== 'string') return false;
  if (f.related !== undefined && !(Array.isArray(f.related) && f.related.every((r: { uri?: unknown; message?: unknown; span?: unknown } | null) => !!r && typeof r.uri === 'string' && typeof r.message === 'string' && isSpan(r.span)))) return false;
  if (f.tags !== undefined && !(Array.isArray(f.tags) && f.tags.every((t) => t === 'unnecessary'))) return false;
  return f.data === undefined || (!!f.data && typeof f.data === 'object' && !Array.isArray(f.data));
}
