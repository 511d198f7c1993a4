// A persistent cache of block readings on disk, so that reopening an unchanged document decodes its blocks instead
// of parsing them again with remark; `readThroughCache` reads a document through it.
//
// Layout: one pack file per document, named by a hash of its URI, holding that document's block readings keyed by
// sha1(cache format, parser version, `first`, sha1(link definitions), block text). One file per document rather
// than one file per block (content-addressed and shared): a 10 MB contract has some 4,000 blocks, and one
// sequential read of one file is far cheaper than 4,000 opens; blocks shared between documents are rare in
// contracts (the shared part, a glossary, is a document of its own). A pack holds only the blocks of the last model
// stored, so it is about as large as the document's readings (some 4× the text), and an edit made outside the
// editor still finds every block it did not touch. Readings are stored where they stood (absolute offsets) and moved
// with `shiftBlock` on lookup, so that reopening an unchanged document moves nothing.
//
// File format: "CLMKBLK2", a uint32 header length, a JSON header (format, version, URI, entry count, body length,
// sha1 of the body, the table of object shapes), padded so that the body starts at a multiple of 8; the body is per
// entry a 20-byte key, a uint32 count of words and a uint32 length of strings, then the entries, each its words
// (int32, little-endian) and its strings (one JSON array in UTF-8), padded to 4 bytes: the readings encoded by
// `packCodec.ts`, without the document-wide link definitions, which the key covers. A lookup decodes only the entries
// it finds, each from a view of the file's bytes (no copy). A file that does not match in every respect (truncated,
// corrupt, another version, another URI, an entry that does not decode) is ignored and removed.
//
// Writes are atomic (temporary file, then rename), scheduled off the request path and done in slices, and the
// directory is kept under a size bound by removing the least recently used packs (by mtime; a hit touches its
// pack; the bound counts the kept findings of `findingsCache.ts` too, see `cacheFiles.ts`). The cache never throws:
// a missing or read-only directory makes it do nothing, with one log line.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile, unlink, utimes } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { endianness } from 'node:os';
import { finishReading, planReading, readingOf, shiftBlock, type BlockRead, type DocumentModel, type ReadingPlan } from '../language/index.js';
import { cacheFileOf, CacheWriter, checksumOf, describe, evictCacheFiles, framed, unframed } from './cacheFiles.js';
import { buildersOf, decodeValue, encodeValue, ShapeTable } from './packCodec.js';

/** The version of the pack format and of what a block reading holds; bump it when `BlockRead` changes shape. */
export const BLOCK_CACHE_FORMAT = 2;
/** The default bound on the directory's size. */
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

const MAGIC = Buffer.from('CLMKBLK2', 'latin1');
const KEY_BYTES = 20;
/** Per entry in the index: the key, the count of words and the length of the strings. */
const ENTRY_BYTES = KEY_BYTES + 8;
/** The words are read in place as an Int32Array: packs are written and read on little-endian machines only. */
const LITTLE_ENDIAN = endianness() === 'LE';
/** How long one slice of a write may run before it lets requests in. */
const SLICE_MS = 15;

/** How a cache is made. */
export interface BlockCacheOptions {
  /** The directory of the packs (created on the first write). */
  readonly directory: string;
  /** The parser's version (the package version, and anything else that changes readings); part of every key. */
  readonly version: string;
  /** The bound on the directory's size in bytes (default 256 MB). */
  readonly maxBytes?: number;
  /** How long after `store` the write starts, so that a burst of stores writes once (default 1 s). */
  readonly delayMs?: number;
  /** Where failures and notable events are told. */
  readonly log?: (message: string) => void;
}

/** What the last lookup did, for logs and the bench. */
export interface LookupStats {
  readonly blocks: number;
  readonly asked: number;
  readonly found: number;
  readonly fileBytes: number;
  /** Reading and checking the pack file. */
  readonly readMs: number;
  /** Hashing the blocks' texts. */
  readonly hashMs: number;
  /** Deserializing and placing the readings found. */
  readonly decodeMs: number;
}

/** One entry of a pack: its words and strings as stored. */
interface Entry {
  readonly words: Int32Array;
  readonly strings: Buffer;
}

interface Pack {
  readonly entries: Map<string, Entry>;
  readonly shapes: readonly (readonly string[])[];
  /** The builders of its shapes' objects. */
  readonly builders: Builders;
  readonly bytes: number;
}

/** Block readings kept on disk between sessions, one pack file per document. */
export class BlockCache {
  readonly #directory: string;
  readonly #version: string;
  readonly #maxBytes: number;
  readonly #log: (message: string) => void;
  readonly #writer: CacheWriter;
  /** Models waiting to be written, by URI. */
  readonly #pending = new Map<string, DocumentModel>();
  /** The keys each pack is known to hold (from the last lookup or write), to skip rewriting an unchanged pack. */
  readonly #known = new Map<string, Set<string>>();
  #lastLookup: LookupStats | undefined;

  constructor(options: BlockCacheOptions) {
    this.#directory = options.directory;
    this.#version = `${BLOCK_CACHE_FORMAT}:${options.version}`;
    this.#maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.#log = options.log ?? (() => undefined);
    this.#writer = new CacheWriter({ directory: this.#directory, delayMs: options.delayMs ?? 1000, log: this.#log, name: 'block cache', unwritable: 'documents are read without storing their blocks' });
  }

  /** The directory of the packs. */
  get directory(): string {
    return this.#directory;
  }

  /** What the last lookup did. */
  get lastLookup(): LookupStats | undefined {
    return this.#lastLookup;
  }

  /**
   * The readings the cache holds for the blocks of `plan` that it has no reading for yet (`plan.reads[i]`
   * undefined), placed at the plan's block starts; undefined where the cache has none. The document is `plan.origin`.
   */
  lookup(plan: ReadingPlan): (BlockRead | undefined)[] {
    const found: (BlockRead | undefined)[] = plan.blocks.map(() => undefined);
    const t0 = performance.now();
    let readMs = 0;
    let hashMs = 0;
    let asked = 0;
    let hits = 0;
    let fileBytes = 0;
    try {
      if (plan.reads.every((r) => r !== undefined)) return found;
      const file = this.#fileOf(plan.origin);
      const pack = this.#readPackSync(file, plan.origin);
      readMs = performance.now() - t0;
      if (!pack) return found;
      fileBytes = pack.bytes;
      this.#known.set(plan.origin, new Set(pack.entries.keys()));
      const t1 = performance.now();
      const builders = pack.builders;
      const linkDigest = digestOf(plan.linkDefinitions);
      const keys = plan.blocks.map((block, i) => (plan.reads[i] ? undefined : this.#keyOf(block.first, linkDigest, plan.text, block.start, block.end)));
      hashMs = performance.now() - t1;
      for (let i = 0; i < plan.blocks.length; i++) {
        const key = keys[i];
        if (key === undefined) continue;
        asked++;
        const entry = pack.entries.get(key);
        if (!entry) continue;
        const block = plan.blocks[i]!;
        const stored = decodeRead(entry, builders);
        if (!stored || stored.first !== block.first || stored.end - stored.start !== block.end - block.start) {
          this.#discard(file, 'an entry does not match its key');
          return plan.blocks.map(() => undefined);
        }
        found[i] = shiftBlock({ ...stored, linkDefinitions: plan.linkDefinitions }, block.start);
        hits++;
      }
      if (hits > 0) void utimes(file, new Date(), new Date()).catch(() => undefined); // Recently used: evicted last.
      return found;
    } catch (error) {
      this.#log(`Clausemark: the block cache could not be read (${describe(error)}); the document is read without it`);
      return plan.blocks.map(() => undefined);
    } finally {
      this.#lastLookup = { blocks: plan.blocks.length, asked, found: hits, fileBytes, readMs, hashMs, decodeMs: performance.now() - t0 - readMs - hashMs };
    }
  }

  /** Remembers the blocks of `model` (read by `parseDocument` or `readThroughCache`); written soon, off the request path. */
  store(model: DocumentModel, uri?: string): void {
    try {
      const reading = readingOf(model);
      if (!reading || !this.#writer.writable) return;
      this.#pending.set(uri ?? reading.origin, model);
      this.#writer.schedule(() => this.#writePending());
    } catch (error) {
      this.#log(`Clausemark: the block cache could not take a document (${describe(error)})`);
    }
  }

  /** Writes every stored model now and resolves when all writes are done (never rejects). */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  async #writePending(): Promise<void> {
    for (const [uri, model] of [...this.#pending]) {
      this.#pending.delete(uri);
      await this.#write(uri, model).catch((error: unknown) => this.#log(`Clausemark: the block cache could not write ${uri} (${describe(error)})`));
    }
    await this.#evict().catch((error: unknown) => this.#log(`Clausemark: the block cache could not be trimmed (${describe(error)})`));
  }

  /** Writes the pack of one document: its blocks now, old entries reused, the rest serialized in slices. */
  async #write(uri: string, model: DocumentModel): Promise<void> {
    const reading = readingOf(model);
    if (!reading || !this.#writer.writable) return;
    const file = this.#fileOf(uri);
    const digests = new Map<string, string>();
    const keys: string[] = [];
    let sliceStart = performance.now();
    const pause = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    };
    for (const read of reading.blocks) {
      let digest = digests.get(read.linkDefinitions);
      if (digest === undefined) digests.set(read.linkDefinitions, (digest = digestOf(read.linkDefinitions)));
      keys.push(this.#keyOf(read.first, digest, reading.text, read.start, read.end));
      await pause();
    }
    const known = this.#known.get(uri);
    const wanted = new Set(keys);
    if (known && known.size === wanted.size && keys.every((k) => known.has(k))) {
      // The pack holds these very blocks: only mark it recently used.
      await utimes(file, new Date(), new Date()).catch(() => this.#known.delete(uri));
      if (this.#known.has(uri)) return;
    }
    const old = await this.#readPack(file, uri);
    // Old entries are kept as they are, so the old pack's shapes keep their numbers; new shapes are added after them.
    const shapes = new ShapeTable(old?.shapes);
    const entries = new Map<string, Entry>();
    let refused = 0;
    for (let i = 0; i < reading.blocks.length; i++) {
      const key = keys[i]!;
      if (entries.has(key)) continue;
      const entry = old?.entries.get(key) ?? encodeRead(reading.blocks[i]!, shapes);
      if (entry) entries.set(key, entry);
      else refused++;
      await pause();
    }
    if (refused > 0) this.#log(`Clausemark: the block cache left out ${refused} blocks of ${uri} that it cannot encode`);
    // The body (index, then entries) is hashed and written piece by piece: never copied whole on the main thread.
    const body = [indexOf(entries)];
    for (const entry of entries.values()) {
      body.push(Buffer.from(entry.words.buffer, entry.words.byteOffset, entry.words.byteLength), entry.strings);
      const pad = (4 - (entry.strings.length % 4)) % 4;
      if (pad > 0) body.push(PADDING.subarray(0, pad));
    }
    // The header is padded so that the body starts at a multiple of 8 bytes: its words are then read in place.
    const pieces = framed(MAGIC, { format: BLOCK_CACHE_FORMAT, version: this.#version, uri, count: entries.size, shapes: shapes.shapes }, body);
    if (await this.#writer.write(file, pieces)) this.#known.set(uri, wanted);
  }

  /** Removes the least recently used cache files until the directory is within its bound, and temporary files left behind. */
  async #evict(): Promise<void> {
    const removed = new Set(await evictCacheFiles(this.#directory, this.#maxBytes));
    if (removed.size > 0) for (const uri of [...this.#known.keys()]) if (removed.has(this.#fileOf(uri))) this.#known.delete(uri);
  }

  #fileOf(uri: string): string {
    return cacheFileOf(this.#directory, uri, '.pack');
  }

  #keyOf(first: boolean, linkDigest: string, text: string, start: number, end: number): string {
    return createHash('sha1').update(this.#version).update(first ? '\u0001' : '\u0000').update(linkDigest).update(text.slice(start, end)).digest().toString('latin1');
  }

  /** The pack of `uri` read now (a lookup answers a request), or undefined when there is none that fits. */
  #readPackSync(file: string, uri: string): Pack | undefined {
    let bytes: Buffer;
    try {
      if (!LITTLE_ENDIAN || statSync(file).size > this.#maxBytes) return undefined;
      bytes = readFileSync(file);
    } catch {
      return undefined; // No pack yet, or no directory: nothing cached.
    }
    return this.#decodePack(file, uri, bytes);
  }

  async #readPack(file: string, uri: string): Promise<Pack | undefined> {
    let bytes: Buffer;
    if (!LITTLE_ENDIAN) return undefined;
    try {
      bytes = await readFile(file);
    } catch {
      return undefined;
    }
    return this.#decodePack(file, uri, bytes);
  }

  #decodePack(file: string, uri: string, bytes: Buffer): Pack | undefined {
    const problem = (reason: string): undefined => {
      this.#discard(file, reason);
      return undefined;
    };
    const parts = unframed(bytes, { magic: MAGIC, what: 'block cache file', format: BLOCK_CACHE_FORMAT, version: this.#version }, uri);
    if (typeof parts === 'string') return problem(parts);
    const { header, bodyStart } = parts;
    const count = header.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || header.bytes !== bytes.length - bodyStart) return problem('truncated');
    let builders: Builders;
    try {
      builders = buildersOf(header.shapes);
    } catch {
      return problem('an unreadable table of shapes');
    }
    if (bodyStart % 4 !== 0) return problem('a body out of line');
    let body = bytes.subarray(bodyStart);
    if (checksumOf(body) !== header.sha1) return problem('corrupt (checksum)');
    if (body.byteOffset % 4 !== 0) {
      // The words are read in place: a body that does not start at a multiple of 4 in memory is copied once.
      const aligned = Buffer.allocUnsafeSlow(body.length);
      body.copy(aligned);
      body = aligned;
    }
    const entries = new Map<string, Entry>();
    let at = count * ENTRY_BYTES;
    if (at > body.length) return problem('truncated index');
    for (let i = 0; i < count; i++) {
      const key = body.subarray(i * ENTRY_BYTES, i * ENTRY_BYTES + KEY_BYTES).toString('latin1');
      const wordCount = body.readUInt32LE(i * ENTRY_BYTES + KEY_BYTES);
      const stringBytes = body.readUInt32LE(i * ENTRY_BYTES + KEY_BYTES + 4);
      const stringsAt = at + 4 * wordCount;
      if (stringsAt + stringBytes > body.length) return problem('truncated entries');
      entries.set(key, { words: new Int32Array(body.buffer, body.byteOffset + at, wordCount), strings: body.subarray(stringsAt, stringsAt + stringBytes) });
      at = stringsAt + stringBytes + ((4 - (stringBytes % 4)) % 4);
    }
    if (at !== body.length) return problem('bytes after the last entry');
    return { entries, shapes: header.shapes as (readonly string[])[], builders, bytes: bytes.length };
  }

  /** Ignores a pack from now on and removes it (it is rewritten on the next store). */
  #discard(file: string, reason: string): void {
    this.#log(`Clausemark: block cache file ${file} ignored and removed: ${reason}`);
    for (const [uri] of this.#known) if (this.#fileOf(uri) === file) this.#known.delete(uri);
    void unlink(file).catch(() => undefined);
  }
}

/** A document's model read through `cache`: blocks an earlier model or the cache has are not parsed again. */
export interface CachedReading {
  readonly model: DocumentModel;
  /** How many blocks the document has, and how many came from the cache. */
  readonly blocks: number;
  readonly fromCache: number;
}

/**
 * Reads `text` (the document `uri`) as `parseDocument(text, uri, previous)` does, taking the blocks `previous` does
 * not have from `cache` when it has them. The model is the same as without the cache. Never throws: undefined when
 * the reading failed, and the caller reads the document without the cache (`parseDocument` never fails).
 */
export function readThroughCache(cache: BlockCache | undefined, text: string, uri: string, previous?: DocumentModel): CachedReading | undefined {
  try {
    const plan = planReading(text, uri, previous);
    if (plan.same) return { model: plan.same, blocks: plan.blocks.length, fromCache: 0 };
    const found = cache ? cache.lookup(plan) : [];
    let fromCache = 0;
    const reads = plan.reads.map((read, i) => {
      if (read || !found[i]) return read;
      fromCache++;
      return found[i];
    });
    return { model: finishReading(plan, reads), blocks: plan.blocks.length, fromCache };
  } catch {
    return undefined;
  }
}

function digestOf(text: string): string {
  return createHash('sha1').update(text).digest().toString('latin1');
}

const PADDING = Buffer.alloc(4);

type Builders = ReturnType<typeof buildersOf>;

/** The index of a pack: key, count of words and length of strings per entry. */
function indexOf(entries: ReadonlyMap<string, Entry>): Buffer {
  const index = Buffer.alloc(entries.size * ENTRY_BYTES);
  let i = 0;
  for (const [key, entry] of entries) {
    index.write(key, i * ENTRY_BYTES, KEY_BYTES, 'latin1');
    index.writeUInt32LE(entry.words.length, i * ENTRY_BYTES + KEY_BYTES);
    index.writeUInt32LE(entry.strings.length, i * ENTRY_BYTES + KEY_BYTES + 4);
    i++;
  }
  return index;
}

/** A reading encoded for the pack (without the document's link definitions), or undefined when it holds what cannot be. */
function encodeRead(read: BlockRead, shapes: ShapeTable): Entry | undefined {
  try {
    const { words, strings } = encodeValue({ ...read, linkDefinitions: '' }, shapes);
    return { words, strings: Buffer.from(JSON.stringify(strings), 'utf8') };
  } catch {
    return undefined;
  }
}

/** A stored reading, or undefined when the entry is not one. */
function decodeRead(entry: Entry, builders: Builders): BlockRead | undefined {
  try {
    const strings = JSON.parse(entry.strings.toString('utf8')) as unknown;
    if (!Array.isArray(strings)) return undefined;
    for (const s of strings) if (typeof s !== 'string') return undefined;
    const value = decodeValue(entry.words, strings as string[], builders) as Partial<BlockRead> | null;
    if (!value || typeof value !== 'object' || typeof value.start !== 'number' || typeof value.end !== 'number' || typeof value.first !== 'boolean') return undefined;
    if (!Array.isArray(value.items) || !Array.isArray(value.facts) || value.items.length !== value.facts.length || !Array.isArray(value.citations) || !Array.isArray(value.termLinks) || !Array.isArray(value.ownLinkDefinitions)) return undefined;
    return value as BlockRead;
  } catch {
    return undefined;
  }
}

