// Benchmark of issue 6's cold workspace target with the parallel load (`npm run bench:ws-cold -- --files 500`): the remark floor over every file against loadWorkspaceParallel (a fresh read pool) + documentDiagnostics of every document, the single-threaded loadWorkspace path, and the language server itself (a fresh process indexing the folder, with its progress report), in alternation.
//
// Flags: --files N (contracts, default 500)  --reps N (paired repetitions, default 3)  --jobs N (workers, default the
// machine's parallelism)  --seed N  --no-sync (leave out the single-threaded pass)  --no-server (leave out the
// server)  --no-warmup  --server-flags "..." (Node flags for the server; default the VS Code client's on this
// machine, `none` for Node's defaults).
// The server pass starts the built server (server/out/main.js, which the npm script builds) over stdio on the folder
// and times, from the spawn, the end of its "Clausemark: indexing" progress (the index) and the answer to a workspace
// diagnostic pull (the index and every document's diagnostics); a fresh process, so its JIT is cold, unlike the floor's.
// Beside wall times it takes CPU times (the process's, workers included, and the main thread's from /proc): on a
// shared machine each session gets a share of the cores, so a parallel pass shows its gain in wall time only when
// cores are idle, while its CPU times say what it would take on idle cores. Run with --expose-gc (the npm
// script does). The workspace is the one bench:workspace generates under bench/out/workspace-<files>-<seed>/ (written
// here when missing). The worker is bench/out/readWorker.js (the npm script bundles it). Output: a Markdown table on
// stdout, progress on stderr.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { loadWorkspace, loadWorkspaceParallel, type LoadedWorkspace } from '../server/src/cli/loadWorkspace.js';
import { ReadPool } from '../server/src/host/readPool.js';
import { DEFAULT_CONFIG, documentDiagnostics } from '../server/src/language/index.js';
import { startServerProcess } from '../test/helpers/lspClient.js';
import { cachedWorkspace } from './generate.js';
import { benchServerFlags, initializeParams } from './initialize.js';

const argv = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};
const files = Number(value('--files') ?? 500);
const reps = Number(value('--reps') ?? 3);
const jobs = Number(value('--jobs') ?? availableParallelism());
const seed = Number(value('--seed') ?? 20260601);
const withSync = !argv.includes('--no-sync');
const withServer = !argv.includes('--no-server');
const serverFlags = benchServerFlags(value('--server-flags'));
const warmup = !argv.includes('--no-warmup');

const OUT = resolve(__dirname);
const workerFile = join(OUT, 'readWorker.js');
const serverFile = resolve(OUT, '../../server/out/main.js');
const floorProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  collect();
  collect();
}

const ms = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const log = (message: string) => process.stderr.write(`[bench:ws-cold] ${message}\n`);
const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

if (!existsSync(workerFile)) throw new Error(`${workerFile} is missing: run npm run bench:ws-cold (it bundles the worker)`);
const truth = cachedWorkspace(join(OUT, `workspace-${files}-${seed}`), { seed, files }, log);
const texts = truth.documents.map((path) => readFileSync(path, 'utf8'));
const chars = texts.reduce((n, t) => n + t.length, 0);

/** CPU times so far (ms): the whole process (workers included) and the main thread alone (10 ms ticks, Linux). */
function cpu(): { process: number; main: number } {
  const usage = process.cpuUsage();
  let main = NaN;
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    main = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    // Not Linux: no main-thread CPU time.
  }
  return { process: (usage.user + usage.system) / 1000, main };
}

interface Pass {
  readonly load: number;
  readonly diagnose: number;
  readonly total: number;
  readonly diagnostics: number;
  /** CPU of the process (workers included) and of the main thread over the whole pass, and over its load. */
  readonly cpu: number;
  readonly mainCpu: number;
  readonly loadCpu: number;
  readonly loadMainCpu: number;
}

/** Diagnostics of every document of a loaded workspace; the pass's times from `t0`/`c0` (start) and `t1`/`c1` (loaded). */
function diagnoseAll(ws: LoadedWorkspace, t0: number, c0: ReturnType<typeof cpu>, t1: number, c1: ReturnType<typeof cpu>): Pass {
  let diagnostics = 0;
  for (const doc of [...ws.index.documents()]) diagnostics += documentDiagnostics(ws.index, doc.uri, DEFAULT_CONFIG).length;
  const t2 = performance.now();
  const c2 = cpu();
  return {
    load: t1 - t0,
    diagnose: t2 - t1,
    total: t2 - t0,
    diagnostics,
    cpu: c2.process - c0.process,
    mainCpu: c2.main - c0.main,
    loadCpu: c1.process - c0.process,
    loadMainCpu: c1.main - c0.main,
  };
}

/** Cold with workers: a fresh pool (its workers start within the timing), the parallel load, every document's diagnostics. */
async function parallelPass(): Promise<Pass> {
  const c0 = cpu();
  const t0 = performance.now();
  const pool = new ReadPool({ workerFile, size: jobs, onError: (m) => log(m) });
  const ws = await loadWorkspaceParallel([truth.root], truth.root, pool, { minBytes: 0 });
  const t1 = performance.now();
  const c1 = cpu();
  await pool.close();
  return diagnoseAll(ws, t0, c0, t1, c1);
}

/** Cold on the main thread only: loadWorkspace, every document's diagnostics. */
function syncPass(): Pass {
  const c0 = cpu();
  const t0 = performance.now();
  const ws = loadWorkspace([truth.root], truth.root);
  return diagnoseAll(ws, t0, c0, performance.now(), cpu());
}

/** The built server, a fresh process, on the workspace folder: times to the index and to every diagnostic, its CPU. */
async function serverPass(): Promise<{ index: number; diagnose: number; cpu: number; diagnostics: number }> {
  const t0 = performance.now();
  const session = startServerProcess(serverFile, OUT, serverFlags);
  let indexed = 0;
  const titles = new Map<unknown, string>();
  session.connection.onNotification('$/progress', (p: { token: unknown; value: { kind: string; title?: string } }) => {
    if (p.value.kind === 'begin') titles.set(p.token, p.value.title ?? '');
    if (p.value.kind === 'end' && titles.get(p.token) === 'Clausemark: indexing') indexed = performance.now();
  });
  await session.request('initialize', initializeParams(truth.root, { trusted: true, ...(value('--jobs') ? { readWorkers: jobs } : {}) }));
  await session.notify('initialized', {});
  // Answered once the indexing is over: the end of its progress came before the answer.
  const report = await session.request<{ items: { items: unknown[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
  const done = performance.now();
  if (indexed === 0) throw new Error('the server answered the workspace pull before its indexing progress ended');
  const fields = readFileSync(`/proc/${session.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  await session.close();
  return { index: indexed - t0, diagnose: done - t0, cpu: cpuMs, diagnostics: report.items.reduce((n, i) => n + i.items.length, 0) };
}

/** The floor's wall and CPU time. */
function floorPass(): { wall: number; cpu: number } {
  const c = cpu().process;
  const t = performance.now();
  for (const text of texts) floorProcessor.parse(text);
  return { wall: performance.now() - t, cpu: cpu().process - c };
}

/** The warm-up, the repetitions and the table. */
async function main(): Promise<void> {
  const load0 = loadavg()[0]!;
  // A warm-up of each pass (JIT, file cache), not counted.
  if (warmup) {
    gc();
    floorPass();
    gc();
    const warm = await parallelPass();
    log(`warm-up: parallel cold ${Math.round(warm.total)} ms (load ${Math.round(warm.load)}, diagnostics ${Math.round(warm.diagnose)}), ${warm.diagnostics} diagnostics`);
  }

  const floor: number[] = [];
  const floorCpu: number[] = [];
  const cpuRatios: number[] = [];
  const mainCpuRatios: number[] = [];
  const twoCoreRatios: number[] = [];
  const parallel: Pass[] = [];
  const sync: Pass[] = [];
  const ratios: number[] = [];
  const syncRatios: number[] = [];
  const loadRatios: number[] = [];
  const server: Awaited<ReturnType<typeof serverPass>>[] = [];
  const serverIndexRatios: number[] = [];
  const serverAllRatios: number[] = [];
  const serverCpuRatios: number[] = [];
  for (let r = 0; r < reps; r++) {
    // The order of the passes turns each repetition, so that none always runs after the same neighbour.
    const order = [['floor', 'parallel', 'sync', 'server'], ['parallel', 'server', 'sync', 'floor'], ['sync', 'floor', 'server', 'parallel'], ['server', 'sync', 'floor', 'parallel']][r % 4]!.filter((p) => (withSync || p !== 'sync') && (withServer || p !== 'server'));
    let f = { wall: 0, cpu: 0 };
    let v: Awaited<ReturnType<typeof serverPass>> | undefined;
    let p: Pass | undefined;
    let s: Pass | undefined;
    for (const pass of order) {
      gc();
      if (pass === 'floor') f = floorPass();
      else if (pass === 'parallel') p = await parallelPass();
      else if (pass === 'server') v = await serverPass();
      else s = syncPass();
    }
    floor.push(f.wall);
    floorCpu.push(f.cpu);
    parallel.push(p!);
    ratios.push(p!.total / f.wall);
    cpuRatios.push(p!.cpu / f.cpu);
    mainCpuRatios.push(p!.mainCpu / f.cpu);
    // On two idle cores: the pass cannot end before its main thread's work, nor before half its CPU time.
    twoCoreRatios.push(Math.max(p!.mainCpu, p!.cpu / 2) / f.cpu);
    if (s) {
      sync.push(s);
      syncRatios.push(s.total / f.wall);
      loadRatios.push(p!.load / s.load);
      if (s.diagnostics !== p!.diagnostics) throw new Error(`the passes disagree: ${s.diagnostics} diagnostics single-threaded, ${p!.diagnostics} in parallel`);
    }
    if (v) {
      server.push(v);
      serverIndexRatios.push(v.index / f.wall);
      serverAllRatios.push(v.diagnose / f.wall);
      serverCpuRatios.push(v.cpu / f.cpu);
      log(`rep ${r + 1}/${reps}: server index ${Math.round(v.index)} ms (${(v.index / f.wall).toFixed(2)}×), with every diagnostic ${Math.round(v.diagnose)} ms, CPU ${Math.round(v.cpu)} ms, ${v.diagnostics} diagnostics`);
    }
    log(
      `rep ${r + 1}/${reps}: floor ${Math.round(f.wall)} ms (CPU ${Math.round(f.cpu)}), parallel cold ${Math.round(p!.total)} ms (load ${Math.round(p!.load)}, diagnostics ${Math.round(p!.diagnose)}; CPU ${Math.round(p!.cpu)}, main thread ${Math.round(p!.mainCpu)}) ${(p!.total / f.wall).toFixed(2)}×` +
        (s ? `, single-threaded cold ${Math.round(s.total)} ms (load ${Math.round(s.load)}, diagnostics ${Math.round(s.diagnose)}; CPU ${Math.round(s.cpu)}) ${(s.total / f.wall).toFixed(2)}×` : ''),
    );
  }

  const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const lines = [
    `Cold workspace bench, ${date} UTC, node ${process.version}, ${truth.documents.length} documents (${files} contracts), ${(chars / 1e6).toFixed(1)} M chars, seed ${seed}; ${jobs} workers, ${availableParallelism()} processors, load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; ${reps} repetitions in alternation.`,
    '',
    '| Measure | Median |',
    '|---|---:|',
    `| Floor: remark parse of every file, one thread (ms) | ${ms(median(floor))} |`,
    `| Cold, parallel: fresh pool + loadWorkspaceParallel + documentDiagnostics of all (ms) | ${ms(median(parallel.map((p) => p.total)))} |`,
    `| … load / diagnostics (ms) | ${ms(median(parallel.map((p) => p.load)))} / ${ms(median(parallel.map((p) => p.diagnose)))} |`,
    `| **Cold parallel ÷ floor** (median of paired ratios; each: ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')}) | ${median(ratios).toFixed(2)}× |`,
    ...(sync.length
      ? [
          `| Cold, single thread: loadWorkspace + documentDiagnostics of all (ms) | ${ms(median(sync.map((p) => p.total)))} |`,
          `| … load / diagnostics (ms) | ${ms(median(sync.map((p) => p.load)))} / ${ms(median(sync.map((p) => p.diagnose)))} |`,
          `| Cold single thread ÷ floor (paired; each: ${syncRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}) | ${median(syncRatios).toFixed(2)}× |`,
          `| Load parallel ÷ load single thread (paired; each: ${loadRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}) | ${median(loadRatios).toFixed(2)}× |`,
        ]
      : []),
    ...(server.length
      ? [
          `| Server, fresh process (Node flags: ${serverFlags.join(' ') || "Node's defaults"}): spawn to the end of its indexing progress (ms) | ${ms(median(server.map((v) => v.index)))} |`,
          `| **Server index ÷ floor** (paired; each: ${serverIndexRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}) | ${median(serverIndexRatios).toFixed(2)}× |`,
          `| Server: spawn to the workspace diagnostic answer, every document checked (ms) | ${ms(median(server.map((v) => v.diagnose)))} |`,
          `| Server index and every diagnostic ÷ floor (paired; each: ${serverAllRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}) | ${median(serverAllRatios).toFixed(2)}× |`,
          `| Server process CPU, all threads, to the end ÷ floor CPU (paired) | ${median(serverCpuRatios).toFixed(2)}× |`,
        ]
      : []),
    `| CPU times: floor / parallel cold, all threads / its main thread (ms) | ${ms(median(floorCpu))} / ${ms(median(parallel.map((p) => p.cpu)))} / ${ms(median(parallel.map((p) => p.mainCpu)))} |`,
    `| … of which the parallel load, all threads / main thread (ms) | ${ms(median(parallel.map((p) => p.loadCpu)))} / ${ms(median(parallel.map((p) => p.loadMainCpu)))} |`,
    ...(sync.length ? [`| … single-threaded cold, load / whole pass (ms) | ${ms(median(sync.map((p) => p.loadCpu)))} / ${ms(median(sync.map((p) => p.cpu)))} |`] : []),
    `| Parallel cold CPU ÷ floor CPU, all threads (paired) | ${median(cpuRatios).toFixed(2)}× |`,
    `| **Parallel cold main-thread CPU ÷ floor CPU** (its bound with a core per worker; paired, each: ${mainCpuRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}) | ${median(mainCpuRatios).toFixed(2)}× |`,
    `| Bound on two idle cores: max(main thread, all ÷ 2) ÷ floor CPU (paired) | ${median(twoCoreRatios).toFixed(2)}× |`,
    `| Diagnostics | ${parallel[0]!.diagnostics.toLocaleString('en-US')} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
