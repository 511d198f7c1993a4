// The persistent block cache: a document stored and read back is the model a full parse gives, an edited document
// takes its untouched blocks from the cache, a pack that is corrupt, cut short, foreign, of another version or of
// another format (also one whose checksum fits but whose index, entries or shapes do not) is ignored and removed, a
// block that cannot be encoded is left out, the size bound evicts the least recently used packs and keeps a lookup
// from reading a larger pack, and a directory that cannot be written makes the cache do nothing (no throw, one log
// line).

import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { BlockCache, readThroughCache, type BlockCacheOptions } from '../../server/src/host/blockCache.js';
import { BLOCK_CACHE_FORMAT } from '../../server/src/host/blockCache.js';
import { parseDocument, readingOf } from '../../server/src/syntax/parseDocument.js';

const root = mkdtempSync(join(tmpdir(), 'clausemark-block-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `d${dirs++}`);

const uri = 'file:///work/contract.clause.md';
const { text } = generateContract({ seed: 11, targetBytes: 40_000 });
/** Full parses, once per text (the suites compare many readings with them). */
const parses = new Map<string, ReturnType<typeof parseDocument>>();
const parsed = (t: string, u = uri) => {
  const key = `${u}\n${t}`;
  if (!parses.has(key)) parses.set(key, parseDocument(t, u));
  return parses.get(key)!;
};

/** A cache that writes at once, and the log lines it wrote. */
function cacheIn(directory: string, options: Partial<BlockCacheOptions> = {}): { cache: BlockCache; logs: string[] } {
  const logs: string[] = [];
  return { cache: new BlockCache({ directory, version: 'test-1', delayMs: 0, log: (m) => logs.push(m), ...options }), logs };
}

async function stored(directory: string, docs: readonly { uri: string; text: string }[] = [{ uri, text }]): Promise<void> {
  const { cache } = cacheIn(directory);
  for (const doc of docs) cache.store(parsed(doc.text, doc.uri));
  await cache.flush();
}

/** The parts of a pack file (see blockCache.ts: magic, header length, JSON header, body). */
function unpack(bytes: Buffer): { magic: Buffer; header: Record<string, unknown>; body: Buffer } {
  const length = bytes.readUInt32LE(8);
  return { magic: bytes.subarray(0, 8), header: JSON.parse(bytes.subarray(12, 12 + length).toString('utf8')) as Record<string, unknown>, body: bytes.subarray(12 + length) };
}

/** A pack file from its parts, with the body's length and checksum in the header made to fit, as a writer would. */
function repack(magic: Buffer, header: Record<string, unknown>, body: Buffer): Buffer {
  let json = JSON.stringify({ ...header, bytes: body.length, sha1: createHash('sha1').update(body).digest('hex') });
  while ((12 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const length = Buffer.alloc(4);
  length.writeUInt32LE(Buffer.byteLength(json));
  return Buffer.concat([magic, length, Buffer.from(json), body]);
}

/** Rewrites the one pack of `directory` through `change`, its checksum made to fit. */
function rewritePack(directory: string, change: (parts: ReturnType<typeof unpack>) => ReturnType<typeof unpack>): string {
  const file = join(directory, packs(directory)[0]!);
  const parts = change(unpack(readFileSync(file)));
  writeFileSync(file, repack(parts.magic, parts.header, parts.body));
  return file;
}

/** Looks the document up in `directory`: nothing may come from the cache, the model is a full parse's, and the pack is removed. */
async function expectIgnored(directory: string, file: string, reason: RegExp): Promise<void> {
  const { cache, logs } = cacheIn(directory);
  const read = readThroughCache(cache, text, uri)!;
  expect(read.fromCache).toBe(0);
  expect(read.model).toEqual(parsed(text));
  expect(logs.join('\n')).toMatch(reason);
  await new Promise((r) => setTimeout(r, 50)); // The removal is not awaited by the lookup.
  expect(existsSync(file)).toBe(false);
}

const packs = (directory: string) => (existsSync(directory) ? readdirSync(directory).filter((n) => n.endsWith('.pack')) : []);

describe('the block cache', () => {
  it('gives back every block of a stored document, and the model of a full parse', async () => {
    const dir = freshDir();
    await stored(dir);
    expect(packs(dir)).toHaveLength(1);
    const { cache, logs } = cacheIn(dir);
    const read = readThroughCache(cache, text, uri)!;
    expect(read.blocks).toBeGreaterThan(10);
    expect(read.fromCache).toBe(read.blocks);
    expect(read.model).toEqual(parsed(text));
    expect(cache.lastLookup).toMatchObject({ blocks: read.blocks, found: read.blocks });
    expect(logs).toEqual([]);
  });

  it('places blocks found where the text has them now, with a byte-order mark too', async () => {
    const dir = freshDir();
    await stored(dir);
    const moved = `\ufeff${text}`;
    const read = readThroughCache(cacheIn(dir).cache, moved, uri)!;
    expect(read.fromCache).toBeGreaterThan(read.blocks - 2);
    expect(read.model).toEqual(parsed(moved));
  });

  it('reads again only the blocks an edit outside the editor touched', async () => {
    const dir = freshDir();
    await stored(dir);
    const at = text.indexOf('\n## ', Math.floor(text.length / 2)) + 1;
    const edited = `${text.slice(0, at)}## Inserted heading\n\nA new paragraph.\n\n${text.slice(at)}`;
    const read = readThroughCache(cacheIn(dir).cache, edited, uri)!;
    expect(read.fromCache).toBeGreaterThanOrEqual(read.blocks - 2);
    expect(read.fromCache).toBeLessThan(read.blocks);
    expect(read.model).toEqual(parsed(edited));
  });

  it('reads every block again when the link definitions change (they are part of the key)', async () => {
    const dir = freshDir();
    await stored(dir);
    const edited = `${text}\n[annex]: https://example.com/annex\n`;
    const read = readThroughCache(cacheIn(dir).cache, edited, uri)!;
    expect(read.fromCache).toBe(0);
    expect(read.model).toEqual(parsed(edited));
  });

  it('stores the blocks of an edited model, keeping the pack to the blocks of the last model', async () => {
    const dir = freshDir();
    const { cache } = cacheIn(dir);
    const first = parsed(text);
    cache.store(first);
    await cache.flush();
    const edited = text.replace('## ', '## Edited ');
    cache.store(parseDocument(edited, uri, first));
    await cache.flush();
    const read = readThroughCache(cacheIn(dir).cache, edited, uri)!;
    expect(read.fromCache).toBe(read.blocks);
    expect(read.model).toEqual(parseDocument(edited, uri)); // Old entries kept as written, new ones added.
    expect(readThroughCache(cacheIn(dir).cache, text, uri)!.fromCache).toBe(read.blocks - 1);
  });

  it('does not rewrite a pack that already holds the document’s blocks', async () => {
    const dir = freshDir();
    await stored(dir);
    const file = join(dir, packs(dir)[0]!);
    const inode = statSync(file).ino;
    const { cache } = cacheIn(dir);
    const read = readThroughCache(cache, text, uri)!;
    cache.store(read.model);
    await cache.flush();
    expect(statSync(file).ino).toBe(inode);
  });

  const damaged: [string, (bytes: Buffer) => Buffer][] = [
    ['a flipped byte in an entry', (b) => Buffer.from(b.map((x, i) => (i === b.length - 100 ? x ^ 0xff : x)))],
    ['a file cut short', (b) => b.subarray(0, Math.floor(b.length / 2))],
    ['a header cut short', (b) => b.subarray(0, 20)],
    ['an empty file', () => Buffer.alloc(0)],
    ['another kind of file', () => Buffer.from('{"not":"a pack"}')],
    ['a header that is not JSON', (b) => Buffer.concat([b.subarray(0, 12), Buffer.from('xx'), b.subarray(14)])],
  ];
  for (const [name, damage] of damaged) {
    it(`ignores and removes ${name}`, async () => {
      const dir = freshDir();
      await stored(dir);
      const file = join(dir, packs(dir)[0]!);
      writeFileSync(file, damage(readFileSync(file)));
      const { cache, logs } = cacheIn(dir);
      const read = readThroughCache(cache, text, uri)!;
      expect(read.fromCache).toBe(0);
      expect(read.model).toEqual(parsed(text));
      expect(logs.join('\n')).toMatch(/ignored and removed/);
      await cache.flush();
      await new Promise((r) => setTimeout(r, 50)); // The removal is not awaited by the lookup.
      expect(existsSync(file)).toBe(false);
    });
  }

  it('ignores and removes a pack of another version', async () => {
    const dir = freshDir();
    await stored(dir);
    const { cache, logs } = cacheIn(dir, { version: 'test-2' });
    expect(readThroughCache(cache, text, uri)!.fromCache).toBe(0);
    expect(logs.join('\n')).toMatch(/another version/);
    await new Promise((r) => setTimeout(r, 50));
    expect(packs(dir)).toEqual([]);
  });

  it('ignores and removes a pack of an earlier format, with a fitting checksum', async () => {
    const dir = freshDir();
    await stored(dir);
    const file = rewritePack(dir, (p) => ({ ...p, header: { ...p.header, format: BLOCK_CACHE_FORMAT - 1 } }));
    await expectIgnored(dir, file, /another version/);
  });

  it('ignores and removes a pack of the first format (node:v8 entries)', async () => {
    const dir = freshDir();
    await stored(dir);
    const file = rewritePack(dir, (p) => ({ ...p, magic: Buffer.from('CLMKBLK1', 'latin1') }));
    await expectIgnored(dir, file, /not a block cache file/);
  });

  it('ignores and removes a pack whose entry does not decode, though its checksum fits', async () => {
    const dir = freshDir();
    await stored(dir);
    const file = rewritePack(dir, (p) => {
      const body = Buffer.from(p.body);
      const count = p.header.count as number;
      body.writeInt32LE(15, count * 28); // The first word of the first entry: an unknown tag.
      return { ...p, body };
    });
    await expectIgnored(dir, file, /does not match its key/);
  });

  it('ignores and removes a pack whose index claims more than its entries hold, though its checksum fits', async () => {
    const dir = freshDir();
    await stored(dir);
    const file = rewritePack(dir, (p) => {
      const body = Buffer.from(p.body);
      body.writeUInt32LE(body.readUInt32LE(20) + 1_000_000, 20); // The first entry's count of words.
      return { ...p, body };
    });
    await expectIgnored(dir, file, /truncated entries/);
  });

  it('ignores and removes a pack with bytes after its last entry', async () => {
    const dir = freshDir();
    await stored(dir);
    const file = rewritePack(dir, (p) => ({ ...p, body: Buffer.concat([p.body, Buffer.alloc(8)]) }));
    await expectIgnored(dir, file, /bytes after the last entry/);
  });

  for (const [name, shapes] of [['no table of shapes', undefined], ['a shape that is not a list of keys', [['start', 'end'], 7]], ['a shape with a __proto__ key', [['__proto__']]]] as const) {
    it(`ignores and removes a pack with ${name}`, async () => {
      const dir = freshDir();
      await stored(dir);
      const file = rewritePack(dir, (p) => ({ ...p, header: { ...p.header, shapes } }));
      await expectIgnored(dir, file, /shape/);
    });
  }

  it('leaves out a block it cannot encode, and reads that block again', async () => {
    const dir = freshDir();
    const model = parseDocument(text, uri);
    const facts = readingOf(model)!.blocks[3]!.facts.find((f) => f.memo)!;
    facts.memo!.set('not plain data', new Date(0));
    const { cache, logs } = cacheIn(dir);
    cache.store(model);
    await cache.flush();
    expect(logs.join('\n')).toMatch(/left out 1 blocks/);
    const read = readThroughCache(cacheIn(dir).cache, text, uri)!;
    expect(read.fromCache).toBe(read.blocks - 1);
    expect(read.model).toEqual(parsed(text));
  });

  it('reads no pack larger than its size bound', async () => {
    const dir = freshDir();
    await stored(dir);
    const size = statSync(join(dir, packs(dir)[0]!)).size;
    expect(readThroughCache(cacheIn(dir, { maxBytes: size - 1 }).cache, text, uri)!.fromCache).toBe(0);
    expect(readThroughCache(cacheIn(dir, { maxBytes: size }).cache, text, uri)!.fromCache).toBeGreaterThan(0);
  });

  it('ignores a pack written for another document (under this document’s name)', async () => {
    const dir = freshDir();
    await stored(dir, [{ uri: 'file:///work/other.clause.md', text }]);
    const other = packs(dir)[0]!;
    await stored(dir);
    const mine = packs(dir).find((n) => n !== other)!;
    renameSync(join(dir, other), join(dir, mine));
    const { cache, logs } = cacheIn(dir);
    expect(readThroughCache(cache, text, uri)!.fromCache).toBe(0);
    expect(logs.join('\n')).toMatch(/another document/);
  });

  it('keeps the directory under its size bound, evicting the least recently used packs', async () => {
    const dir = freshDir();
    const docs = ['a', 'b', 'c'].map((name) => ({ uri: `file:///work/${name}.clause.md`, text }));
    await stored(dir, docs.slice(0, 1));
    const size = statSync(join(dir, packs(dir)[0]!)).size;
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, packs(dir)[0]!), old, old);
    const { cache } = cacheIn(dir, { maxBytes: Math.floor(size * 2.5) });
    cache.store(parsed(text, docs[1]!.uri));
    await cache.flush();
    expect(packs(dir)).toHaveLength(2);
    cache.store(parsed(text, docs[2]!.uri));
    await cache.flush();
    expect(packs(dir)).toHaveLength(2);
    expect(readThroughCache(cacheIn(dir).cache, text, docs[0]!.uri)!.fromCache).toBe(0);
    expect(readThroughCache(cacheIn(dir).cache, text, docs[2]!.uri)!.fromCache).toBeGreaterThan(0);
    const total = packs(dir).reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);
    expect(total).toBeLessThanOrEqual(size * 2.5);
  });

  it('does nothing in a directory that does not exist, until it writes there', async () => {
    const dir = join(freshDir(), 'deeper', 'still');
    const { cache, logs } = cacheIn(dir);
    expect(readThroughCache(cache, text, uri)!.fromCache).toBe(0);
    expect(existsSync(dir)).toBe(false);
    cache.store(parsed(text));
    await cache.flush();
    expect(packs(dir)).toHaveLength(1);
    expect(logs).toEqual([]);
  });

  it('does nothing, throws nothing and says so once when the directory cannot be made', async () => {
    const file = join(freshDir(), 'a-file');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'not a directory');
    const { cache, logs } = cacheIn(join(file, 'cache'));
    expect(readThroughCache(cache, text, uri)!.fromCache).toBe(0);
    cache.store(parsed(text));
    await cache.flush();
    cache.store(parsed(text));
    await cache.flush();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/cannot be written \(ENOTDIR\)/);
  });

  it('says so when a pack cannot be written, and goes on', async () => {
    const dir = freshDir();
    await stored(dir);
    const file = join(dir, packs(dir)[0]!);
    rmSync(file);
    mkdirSync(file); // A directory where the pack should go: the rename fails.
    const { cache, logs } = cacheIn(dir);
    cache.store(parsed(text));
    await expect(cache.flush()).resolves.toBeUndefined();
    expect(logs.join('\n')).toMatch(/could not be written/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('does nothing in a read-only directory', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    try {
      const { cache, logs } = cacheIn(dir);
      cache.store(parsed(text));
      await cache.flush();
      expect(packs(dir)).toEqual([]);
      expect(logs.join('\n')).toMatch(/cannot be written/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('reads without a cache as parseDocument does', () => {
    const read = readThroughCache(undefined, text, uri)!;
    expect(read.fromCache).toBe(0);
    expect(read.model).toEqual(parsed(text));
  });
});
