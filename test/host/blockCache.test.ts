// The persistent block cache: a document stored and read back is the model a full parse gives, an edited document
// takes its untouched blocks from the cache, a pack that is corrupt, cut short, foreign or of another version is
// ignored and removed, the size bound evicts the least recently used packs, and a directory that cannot be
// written makes the cache do nothing (no throw, one log line).

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { BlockCache, readThroughCache, type BlockCacheOptions } from '../../server/src/host/blockCache.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';

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
