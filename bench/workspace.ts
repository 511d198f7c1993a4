// Benchmark of issue 6's workspace targets (`npm run bench:workspace -- --files 500`): the remark floor over every file against the cold index + diagnostics of all, paired; the heap the index keeps; peak RSS; and keystrokes in one file, in their windows (the server's way) and taken into the index.
//
// Flags: --files N (default 5,000; 500 for a quick run)  --reps N (paired floor/cold repetitions after the first
// cold pass, default 3)  --edits N (keystrokes, default 20)  --seed N. Run with --expose-gc (the npm script does).
// The workspace is generated under bench/out/workspace-<files>-<seed>/ once and reused. Output: a Markdown table on
// stdout, progress on stderr.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { loadWorkspace } from '../server/src/cli/loadWorkspace.js';
import { DEFAULT_CONFIG, diagnosticsAfterEdit, documentDiagnostics, type WorkspaceIndex } from '../server/src/language/index.js';
import { checkBasis } from '../server/src/language/diagnostics.js';
import { cachedWorkspace } from './generate.js';
import { keystrokesOf, windowKeystrokes } from './keystrokes.js';

const argv = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};
const files = Number(value('--files') ?? 5000);
const reps = Number(value('--reps') ?? 3);
const editCount = Number(value('--edits') ?? 20);
const seed = Number(value('--seed') ?? 20260601);

const OUT = resolve(__dirname);
const floorProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  // Two passes: the first may leave weakly held caches for the second.
  collect();
  collect();
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (n: number) => (Number.isNaN(n) ? '—' : n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 1 ? n.toFixed(1) : n.toFixed(2));
const log = (message: string) => process.stderr.write(`[bench:workspace] ${message}\n`);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The median: the mean of the two middle values of an even count (two repetitions give their mean, not the lower); NaN of none. */
function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const truth = cachedWorkspace(join(OUT, `workspace-${files}-${seed}`), { seed, files }, log);
const texts = truth.documents.map((path) => readFileSync(path, 'utf8'));
const chars = texts.reduce((n, t) => n + t.length, 0);

/** loadWorkspace (read + parse) then documentDiagnostics of every document. */
function coldPass(): { load: number; diagnose: number; total: number; diagnostics: number; index: WorkspaceIndex; documents: number } {
  const t0 = performance.now();
  const ws = loadWorkspace([truth.root], truth.root);
  const t1 = performance.now();
  let diagnostics = 0;
  let documents = 0;
  for (const doc of [...ws.index.documents()]) {
    diagnostics += documentDiagnostics(ws.index, doc.uri, DEFAULT_CONFIG).length;
    documents++;
  }
  const t2 = performance.now();
  return { load: t1 - t0, diagnose: t2 - t1, total: t2 - t0, diagnostics, index: ws.index, documents };
}

// 1. The first cold pass alone: peak RSS, the heap kept by the models alone and by the whole index (in a function,
// so that nothing of it stays in a register of the top-level frame).
function firstPass(): { loadMs: number; diagnoseMs: number; modelsHeap: number; keptHeap: number; peakRss: number; documents: number; diagnostics: number } {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const loaded = loadWorkspace([truth.root], truth.root);
  const loadMs = performance.now() - t0;
  gc();
  const modelsHeap = process.memoryUsage().heapUsed - baseline;
  const uris = [...loaded.index.documents()].map((d) => d.uri);
  let diagnostics = 0;
  const t1 = performance.now();
  for (const uri of uris) diagnostics += documentDiagnostics(loaded.index, uri, DEFAULT_CONFIG).length;
  const diagnoseMs = performance.now() - t1;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const keptHeap = process.memoryUsage().heapUsed - baseline;
  return { loadMs, diagnoseMs, modelsHeap, keptHeap, peakRss, documents: uris.length, diagnostics };
}
const { loadMs, diagnoseMs, modelsHeap, keptHeap, peakRss, documents, diagnostics } = firstPass();
log(`first cold: load ${Math.round(loadMs)} ms, diagnostics ${Math.round(diagnoseMs)} ms; ${documents} documents, ${diagnostics} diagnostics; heap kept ${mb(keptHeap)} (models alone ${mb(modelsHeap)}), peak RSS ${mb(peakRss)}`);

// 2. Floor and cold in alternation, a GC before each.
const floor: number[] = [];
const cold: number[] = [];
const load: number[] = [];
const diagnose: number[] = [];
const ratios: number[] = [];
/**
 * One paired repetition, in a function of its own: a value left in a register of the top-level frame kept the
 * previous repetition's index alive while the next one was built (two indexes at once: out of memory at 5,000 files).
 */
function repetition(r: number): void {
  gc();
  const t = performance.now();
  for (const text of texts) floorProcessor.parse(text);
  const f = performance.now() - t;
  gc();
  const c = coldPass();
  floor.push(f);
  cold.push(c.total);
  load.push(c.load);
  diagnose.push(c.diagnose);
  ratios.push(c.total / f);
  log(`rep ${r + 1}/${reps}: floor ${Math.round(f)} ms, cold ${Math.round(c.total)} ms (load ${Math.round(c.load)}, diagnostics ${Math.round(c.diagnose)}), ratio ${(c.total / f).toFixed(2)}×`);
}
for (let r = 0; r < reps; r++) repetition(r);
gc();
const index = coldPass().index;

// 3. Keystrokes in one contract: type the edit's text, then take it back, and so on.
const keys = keystrokesOf(truth.edit);
const editUri = keys.uri;
// First the server's way: the index keeps the file's text, each keystroke's diagnostics are found in its window.
const { times: windows, refused: refusals } = windowKeystrokes(index, keys, editCount);
const refused = refusals[refusals.length - 1] ?? '';
// The same keystrokes, each just after another contract changed (the watcher, a save, a refused keystroke there):
// the window's last full check still holds when nothing it read changed, so no full check is made first.
const otherPath = truth.documents.find((p) => p !== truth.edit.path && /contract/i.test(p)) ?? truth.documents.find((p) => p !== truth.edit.path)!;
const otherUri = pathToFileURL(otherPath).href;
const otherText = readFileSync(otherPath, 'utf8');
const afterOther: number[] = [];
let fullChecks = 0;
for (let e = 0; e < editCount; e++) {
  index.setDocument(otherUri, e % 2 === 0 ? `${otherText}\nMore text.\n` : otherText);
  const basis = checkBasis(index.linked(editUri)!);
  if (!basis || !index.stillValid(basis.reads)) fullChecks++;
  const t = performance.now();
  diagnosticsAfterEdit(index, editUri, DEFAULT_CONFIG, keys.text(e), undefined, keys.change(e));
  afterOther.push(performance.now() - t);
}
const edits: number[] = [];
for (let e = 0; e < editCount; e++) {
  const t = performance.now();
  index.setDocument(editUri, keys.text(e));
  documentDiagnostics(index, editUri, DEFAULT_CONFIG);
  edits.push(performance.now() - t);
}

// 4. Every document's diagnostics again after a keystroke taken into the index, as the server's workspace pull asks
// for them: each kept while nothing its check read changed (`WorkspaceIndex.observe`, `stillValid`), against every
// document checked again.
const uris = [...index.documents()].map((d) => d.uri);
const kept = new Map(uris.map((u) => [u, index.observe(() => documentDiagnostics(index, u, DEFAULT_CONFIG))] as const));
const pulls: number[] = [];
const checkedAgain: number[] = [];
for (let e = 0; e < Math.min(editCount, 10); e++) {
  index.setDocument(editUri, keys.text(e));
  const t = performance.now();
  let again = 0;
  for (const u of uris) {
    if (index.stillValid(kept.get(u)!.reads)) continue;
    kept.set(u, index.observe(() => documentDiagnostics(index, u, DEFAULT_CONFIG)));
    again++;
  }
  pulls.push(performance.now() - t);
  checkedAgain.push(again);
}
const fullPulls: number[] = [];
for (let e = 0; e < 2; e++) {
  index.setDocument(editUri, keys.text(e));
  const t = performance.now();
  for (const u of uris) documentDiagnostics(index, u, DEFAULT_CONFIG);
  fullPulls.push(performance.now() - t);
}
log(`every document after a keystroke: ${ms(median(pulls))} ms kept by what they read (${median(checkedAgain)} checked again), ${ms(median(fullPulls))} ms all checked again`);
const finalRss = process.resourceUsage().maxRSS * 1024;

const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
const lines = [
  `Workspace bench, ${date} UTC, node ${process.version}, ${truth.documents.length} documents (${files} contracts), ${(chars / 1e6).toFixed(1)} M chars, seed ${seed}; ${reps} paired repetitions, ${editCount} keystrokes.`,
  '',
  '| Measure | Value |',
  '|---|---:|',
  `| Floor: remark parse of every file, median (ms) | ${ms(median(floor))} |`,
  `| Cold: loadWorkspace + documentDiagnostics of all, median (ms) | ${ms(median(cold))} |`,
  `| … of which load (read + parse) / diagnostics (link + rules), medians (ms) | ${ms(median(load))} / ${ms(median(diagnose))} |`,
  `| **Cold ÷ floor** (median of paired ratios; each: ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ') || 'none, --reps 0'}) | ${ratios.length > 0 ? `${median(ratios).toFixed(2)}×` : '—'} |`,
  `| Diagnostics (first cold pass) | ${diagnostics.toLocaleString('en-US')} |`,
  `| Heap kept by the index after the first cold pass (per document) | ${mb(keptHeap)} (${Math.round(keptHeap / documents / 1024)} KB) |`,
  `| … of which the models after loading, before any diagnostics (per document) | ${mb(modelsHeap)} (${Math.round(modelsHeap / documents / 1024)} KB) |`,
  `| Peak RSS after the first cold pass / at the end | ${mb(peakRss)} / ${mb(finalRss)} |`,
  `| **Keystroke in one file, in its window (the server's way) p50 / p95 (ms)** | ${ms(median(windows))} / ${ms(quantile(windows, 0.95))}${refused ? ` (refused: ${refused})` : ''} |`,
  `| Keystroke in one file, in its window, each just after another contract changed p50 / p95 (ms; full checks made first) | ${ms(median(afterOther))} / ${ms(quantile(afterOther, 0.95))} (${fullChecks}) |`,
  `| Keystroke in one file taken into the index: setDocument + its diagnostics p50 / p95 (ms) | ${ms(median(edits))} / ${ms(quantile(edits, 0.95))} |`,
  `| **Then every document's diagnostics, each kept while nothing its check read changed**, median (ms; documents checked again, of ${uris.length}) | ${ms(median(pulls))} (${median(checkedAgain)}) |`,
  `| … every document checked again instead, median (ms) | ${ms(median(fullPulls))} |`,
];
process.stdout.write(`${lines.join('\n')}\n`);
