// The reopen bench (`npm run bench:reopen`, issue 6 target 5): reopening an unchanged generated contract through a
// warm block cache and findings cache (a fresh index and fresh cache objects: lookup, assemble, link, every
// diagnostic with the rules' findings from the findings cache) against the floor (remark parsing the whole text),
// and the same reopen running the rules (`--no-compare` leaves it out), in alternation: medians and the medians of
// the paired ratios. Each repetition checks that both reopens give the same diagnostics.

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { BlockCache, readThroughCache } from '../server/src/host/blockCache.js';
import { FindingsCache } from '../server/src/host/findingsCache.js';
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
/** Also reopen running the rules (the block cache alone), for the figures with and without the findings cache. */
const compare = !args.includes('--no-compare');
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

/** Reads and checks the document without the caches and stores its blocks and findings; its model is garbage when this returns. */
async function warm(text: string, uri: string, directory: string): Promise<{ coldRead: number; storeMs: number; findingsMs: number }> {
  let t = performance.now();
  const model = parseDocument(text, uri);
  const coldRead = performance.now() - t;
  const writer = new BlockCache({ directory, version: 'bench', delayMs: 0, log: (m) => console.log(m) });
  t = performance.now();
  writer.store(model);
  await writer.flush();
  const storeMs = performance.now() - t;
  const index = new WorkspaceIndex();
  index.setDocument(uri, text, 0, model);
  const findings = new FindingsCache({ directory, version: 'bench', delayMs: 0, log: (m) => console.log(m) });
  documentDiagnostics(index, uri, DEFAULT_CONFIG, undefined, findings);
  t = performance.now();
  await findings.flush();
  return { coldRead, storeMs, findingsMs: performance.now() - t };
}

/** One reopen in a fresh process state (a new index, new cache objects over the same directory), its stages timed. */
function reopen(text: string, uri: string, directory: string, withFindings: boolean) {
  const t0 = performance.now();
  const index = new WorkspaceIndex();
  const cache = new BlockCache({ directory, version: 'bench', log: (m) => console.log(m) });
  const findings = withFindings ? new FindingsCache({ directory, version: 'bench', delayMs: 60_000, log: (m) => m.includes('from the findings cache') || console.log(m) }) : undefined;
  const read = readThroughCache(cache, text, uri);
  index.setDocument(uri, text, 0, read?.model);
  const t1 = performance.now();
  index.linked(uri);
  const t2 = performance.now();
  const diagnostics = documentDiagnostics(index, uri, DEFAULT_CONFIG, undefined, findings);
  const t3 = performance.now();
  const stats = cache.lastLookup!;
  return { total: t3 - t0, read: t1 - t0, link: t2 - t1, rules: t3 - t2, stats, found: findings?.lastLookup, fromCache: read?.fromCache ?? 0, blocks: read?.blocks ?? 0, diagnostics: JSON.stringify(diagnostics), count: diagnostics.length };
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
    const { coldRead, storeMs, findingsMs } = await warm(text, uri, directory);
    const files = readdirSync(directory);
    const bytesOf = (ext: string) => files.filter((n) => n.endsWith(ext)).reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
    const packBytes = bytesOf('.pack');
    const findingsBytes = bytesOf('.findings');
    console.log(
      `${size} (${text.length.toLocaleString('en')} chars): cold read ${fmt(coldRead)} ms; stored in ${fmt(storeMs)} ms, pack ${mb(packBytes)} MB (${(packBytes / text.length).toFixed(1)}× the text); ` +
        `findings written in ${fmt(findingsMs)} ms, ${mb(findingsBytes)} MB`,
    );

    const loadBefore = load();
    const s = { floor: [] as number[], reopen: [] as number[], lookup: [] as number[], file: [] as number[], hash: [] as number[], decode: [] as number[], assemble: [] as number[], link: [] as number[], findings: [] as number[], findingsRead: [] as number[], ratio: [] as number[], plain: [] as number[], plainRules: [] as number[], plainRatio: [] as number[] };
    let diagnostics = 0;
    for (let i = 0; i < warmup + reps; i++) {
      gc();
      const t0 = performance.now();
      floorProcessor.parse(text);
      const floor = performance.now() - t0;
      gc();
      const r = reopen(text, uri, directory, true);
      gc();
      const p = compare ? reopen(text, uri, directory, false) : undefined;
      if (!r.found?.hit) throw new Error(`${size}: the findings cache missed on reopen`);
      if (p && p.diagnostics !== r.diagnostics) throw new Error(`${size}: the reopen through the findings cache gave other diagnostics than running the rules`);
      diagnostics = r.count;
      const lookup = r.stats.readMs + r.stats.hashMs + r.stats.decodeMs;
      const label = i < warmup ? `warm-up ${i + 1}` : `rep ${i + 1 - warmup}`;
      console.log(
        `  ${size} ${label}: floor ${fmt(floor)} ms, reopen ${fmt(r.total)} ms (read ${fmt(r.read)}: file ${fmt(r.stats.readMs)}, hash ${fmt(r.stats.hashMs)}, decode ${fmt(r.stats.decodeMs)}; ` +
          `link ${fmt(r.link)}, findings ${fmt(r.rules)}: file ${fmt(r.found.readMs)}, decode ${fmt(r.found.decodeMs)}); ${r.fromCache}/${r.blocks} blocks from the cache` +
          (p ? `; running the rules: reopen ${fmt(p.total)} ms (rules ${fmt(p.rules)}), same diagnostics` : ''),
      );
      if (i < warmup) continue;
      s.floor.push(floor);
      s.reopen.push(r.total);
      s.lookup.push(lookup);
      s.file.push(r.stats.readMs);
      s.hash.push(r.stats.hashMs);
      s.decode.push(r.stats.decodeMs);
      s.assemble.push(r.read - lookup);
      s.link.push(r.link);
      s.findings.push(r.rules);
      s.findingsRead.push(r.found.readMs + r.found.decodeMs);
      s.ratio.push(r.total / floor);
      if (p) {
        s.plain.push(p.total);
        s.plainRules.push(p.rules);
        s.plainRatio.push(p.total / floor);
      }
    }
    const f = median(s.floor);
    const part = (xs: number[]) => `${fmt(median(xs))} (${(median(xs) / f).toFixed(3)}×)`;
    const ratio = (xs: number[]) => `**${median(xs).toFixed(3)}×** (${Math.min(...xs).toFixed(3)} to ${Math.max(...xs).toFixed(3)})`;
    rows.push(
      `| ${size} | ${fmt(f)} | ${fmt(median(s.reopen))} | ${ratio(s.ratio)} | ${part(s.lookup)} | ${fmt(median(s.file))} / ${fmt(median(s.hash))} / ${fmt(median(s.decode))} | ${part(s.assemble)} | ${part(s.link)} | ${part(s.findings)}, read ${fmt(median(s.findingsRead))} | ` +
        `${compare ? `${fmt(median(s.plain))}: ${ratio(s.plainRatio)}, rules ${part(s.plainRules)}` : '—'} | ${mb(packBytes)} MB (${(packBytes / text.length).toFixed(2)} B/char) + ${mb(findingsBytes)} MB | ${diagnostics} | ${loadBefore} to ${load()} |`,
    );
  }
  console.log('');
  console.log(`Reopen through warm block and findings caches vs the floor; medians of ${reps} paired repetitions (ms; × = share of the floor's median; ratio = median of the paired ratios)`);
  console.log('');
  console.log('| size | floor | reopen | reopen / floor | cache lookup | file / hash / decode | assemble | link | findings (key, lookup, diagnostics) | reopen running the rules / floor | on disk (pack + findings) | diagnostics | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
