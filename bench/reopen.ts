// The reopen bench (`npm run bench:reopen`, issue 6 target 5): reopening an unchanged generated contract through a
// warm block cache (a fresh index and a fresh cache object: lookup, assemble, link, every diagnostic) against the
// floor (remark parsing the whole text), paired in alternation, medians and the median of the paired ratios.

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { BlockCache, readThroughCache } from '../server/src/host/blockCache.js';
import { DEFAULT_CONFIG, documentDiagnostics, WorkspaceIndex } from '../server/src/language/index.js';
import { parseDocument } from '../server/src/syntax/parseDocument.js';
import { generateContract, SIZES } from './generate.js';

// The floor as bench/run.ts measures it: remark-parse + remark-gfm + remark-frontmatter on the whole text.
const floorProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (arg('--sizes') ?? '1m,10m').split(',');
const reps = Number(arg('--reps') ?? 5);
const warmup = Number(arg('--warmup') ?? 1);
const seed = Number(arg('--seed') ?? 20260601);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
/** The 1-minute load average (the machine is shared: figures are quoted with it). */
const load = () => loadavg()[0]!.toFixed(1);

/** Reads the document without the cache and stores its blocks; the model is garbage when this returns. */
async function warm(text: string, uri: string, directory: string): Promise<{ coldRead: number; storeMs: number }> {
  let t = performance.now();
  const model = parseDocument(text, uri);
  const coldRead = performance.now() - t;
  const writer = new BlockCache({ directory, version: 'bench', delayMs: 0, log: (m) => console.log(m) });
  t = performance.now();
  writer.store(model);
  await writer.flush();
  return { coldRead, storeMs: performance.now() - t };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'clausemark-reopen-'));
  try {
  console.log(`reopen bench: seed ${seed}, ${reps} repetitions after ${warmup} warm-up, floor and reopen in alternation`);
  const rows: string[] = [];
  for (const size of sizes) {
    const { text } = generateContract({ seed, targetBytes: SIZES[size] ?? Number(size) });
    const uri = `file:///bench/reopen-${size}.clause.md`;
    const directory = join(root, size);

    // Warm the cache: the session before the reopen read the document and stored its blocks. Its model is not kept:
    // the reopen is a new session, whose heap does not hold the model of the last one.
    const { coldRead, storeMs } = await warm(text, uri, directory);
    const packBytes = readdirSync(directory).reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
    console.log(`${size} (${text.length.toLocaleString('en')} chars): cold read ${fmt(coldRead)} ms; stored in ${fmt(storeMs)} ms, pack ${mb(packBytes)} MB (${(packBytes / text.length).toFixed(1)}× the text)`);

    const loadBefore = load();
    const s = { floor: [] as number[], reopen: [] as number[], read: [] as number[], lookup: [] as number[], file: [] as number[], hash: [] as number[], decode: [] as number[], assemble: [] as number[], link: [] as number[], rules: [] as number[], ratio: [] as number[] };
    let diagnostics = 0;
    for (let i = 0; i < warmup + reps; i++) {
      gc();
      let t0 = performance.now();
      floorProcessor.parse(text);
      const floor = performance.now() - t0;
      gc();
      // A fresh process state: a new index and a new cache object over the same directory.
      t0 = performance.now();
      const index = new WorkspaceIndex();
      const cache = new BlockCache({ directory, version: 'bench', log: (m) => console.log(m) });
      const read = readThroughCache(cache, text, uri);
      index.setDocument(uri, text, 0, read?.model);
      const t1 = performance.now();
      index.linked(uri);
      const t2 = performance.now();
      diagnostics = documentDiagnostics(index, uri, DEFAULT_CONFIG).length;
      const t3 = performance.now();
      const stats = cache.lastLookup!;
      const lookup = stats.readMs + stats.hashMs + stats.decodeMs;
      const label = i < warmup ? `warm-up ${i + 1}` : `rep ${i + 1 - warmup}`;
      console.log(
        `  ${size} ${label}: floor ${fmt(floor)} ms, reopen ${fmt(t3 - t0)} ms (read ${fmt(t1 - t0)}: file ${fmt(stats.readMs)}, hash ${fmt(stats.hashMs)}, decode ${fmt(stats.decodeMs)}; ` +
          `link ${fmt(t2 - t1)}, rules ${fmt(t3 - t2)}); ${read?.fromCache ?? 0}/${read?.blocks ?? 0} blocks from the cache`,
      );
      if (i < warmup) continue;
      s.floor.push(floor);
      s.reopen.push(t3 - t0);
      s.read.push(t1 - t0);
      s.lookup.push(lookup);
      s.file.push(stats.readMs);
      s.hash.push(stats.hashMs);
      s.decode.push(stats.decodeMs);
      s.assemble.push(t1 - t0 - lookup);
      s.link.push(t2 - t1);
      s.rules.push(t3 - t2);
      s.ratio.push((t3 - t0) / floor);
    }
    const f = median(s.floor);
    const part = (xs: number[]) => `${fmt(median(xs))} (${(median(xs) / f).toFixed(3)}×)`;
    rows.push(
      `| ${size} | ${fmt(f)} | ${fmt(median(s.reopen))} | **${median(s.ratio).toFixed(3)}×** (${Math.min(...s.ratio).toFixed(3)} to ${Math.max(...s.ratio).toFixed(3)}) | ${part(s.lookup)} | ${fmt(median(s.file))} / ${fmt(median(s.hash))} / ${fmt(median(s.decode))} | ${part(s.assemble)} | ${part(s.link)} | ${part(s.rules)} | ${mb(packBytes)} MB (${(packBytes / text.length).toFixed(2)} B/char) | ${diagnostics} | ${loadBefore} to ${load()} |`,
    );
  }
  console.log('');
  console.log(`Reopen through a warm block cache vs the floor; medians of ${reps} paired repetitions (ms; × = share of the floor's median; ratio = median of the paired ratios)`);
  console.log('');
  console.log('| size | floor | reopen | reopen / floor | cache lookup | file / hash / decode | assemble | link | rules | pack on disk | diagnostics | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
