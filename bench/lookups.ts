// Benchmark of issue 6's target 4 in process (`npm run bench:lookups`): hover, definition, references, highlights and completion through the language service at 1,000 positions of the generated 1 MB and 10 MB contracts, p50 / p95 / p99 per kind, and the first request after a change.
//
// Each position is timed `--reps` times (default 3) and its median kept, so one GC pause or a burst of load from
// another process does not count as the position's cost; the quantiles are over positions. A warm-up pass over a
// hundred positions of each kind comes first, and a full GC before each kind. The first request after a change is
// measured apart: after an unrelated change to the index (which drops every cached link), the re-link alone, then
// the first request of each kind, then a second one; and again with the document's diagnostics computed between the
// re-link and the first request, as the server does after every change.
//
// Flags: --sizes 1m,10m  --positions N (default 1000)  --reps N (default 3)  --seed N (default 20260601)  --json FILE
//        --budget S (default 120: seconds per row; a slow build is measured at fewer positions, and the row says so)
// Run: npm run bench:lookups   (bundled by esbuild, run with --expose-gc)

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { createLanguageService, DEFAULT_CONFIG, documentDiagnostics, WorkspaceIndex } from '../server/src/language/index.js';
import { completionPieces } from '../server/src/language/features/completion.js';
import { linkedIndex, modelIndex } from '../server/src/language/lookupIndex.js';
import { generateContract, SIZES } from './generate.js';
import { lookupRequests, medianOf as median, spread, timeLookups, type LookupRow as Row } from './lookupTimes.js';

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const sizes = arg('sizes', '1m,10m').split(',');
const count = Number(arg('positions', '1000'));
const reps = Math.max(1, Number(arg('reps', '3')));
const seed = Number(arg('seed', '20260601'));
const jsonOut = arg('json', 'bench/out/lookups.json');
const budgetMs = Number(arg('budget', '120')) * 1000;

const timing = { reps, budgetMs, gc };

const fmt = (ms: number) => (Number.isNaN(ms) ? '—' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(3));

const results: Record<string, unknown> = {};
console.log(`Lookups in process, seed ${seed}, ${count} positions, median of ${reps} timings per position; node ${process.version}, ${new Date().toISOString().slice(0, 16)} UTC`);
for (const size of sizes) {
  const bytes = SIZES[size];
  if (!bytes) throw new Error(`Unknown size "${size}": expected one of ${Object.keys(SIZES).join(', ')}`);
  const { text, truth } = generateContract({ seed, targetBytes: bytes });
  const uri = `file:///bench/contract-${size}.clause.md`;
  const index = new WorkspaceIndex();
  index.setRoots(['file:///bench']);
  let t = performance.now();
  index.setDocument(uri, text);
  const parseMs = performance.now() - t;
  const service = createLanguageService(index, () => DEFAULT_CONFIG);
  service.warmUp();
  t = performance.now();
  const linked = index.linked(uri)!;
  const linkMs = performance.now() - t;
  const model = linked.model;
  console.log(`\n${size}: ${text.length.toLocaleString('en')} chars, ${model.clauses.length} clauses, ${model.definitions.length} definitions, ${linked.termUses.length} term uses; parse ${fmt(parseMs)} ms, link ${fmt(linkMs)} ms`);

  // Positions: planted term uses; other things one can stand on (definition names, citation keys, clause
  // references, clause numbers); completion right after `[[`, `[@` and `§`, and after a typed prefix of two characters.
  const termUses = spread(truth.termUseSamples, count);
  const quarter = Math.ceil(count / 4);
  const others = [
    ...spread(model.definitions.map((d) => d.names[0]!.span.start + 1), quarter),
    ...spread(model.citations.flatMap((c) => c.items.map((i) => i.keySpan.start + 1)), quarter),
    ...spread(model.references.map((r) => r.targetSpan.start), quarter),
    ...spread(model.clauses.map((c) => c.numberSpan.start), quarter),
  ];
  const triggers = [...text.matchAll(/\[\[|\[@|§/g)].map((m) => ({ at: m.index + m[0].length, trigger: m[0] }));
  const afterTrigger = spread(triggers, count);
  const typed = spread(
    triggers
      .map(({ at, trigger }) => ({ at: at + Math.min(2, /^[\p{L}\p{N}.]*/u.exec(text.slice(at, at + 40))![0].length), trigger }))
      .filter((p, i) => p.at > triggers[i]!.at),
    count,
  );
  const by = (trigger: string) => afterTrigger.filter((p) => p.trigger === trigger).map((p) => p.at);

  const req: Record<string, (offset: number) => unknown> = lookupRequests(service, uri);
  const rows: Row[] = [];
  for (const kind of ['hover', 'definition', 'references', 'highlights']) rows.push(timeLookups(kind, 'term uses', req[kind]!, termUses, timing));
  for (const kind of ['hover', 'definition', 'references', 'highlights']) rows.push(timeLookups(kind, 'names, keys, refs, clauses', req[kind]!, others, timing));
  rows.push(timeLookups('completion', 'after [[, [@ or §', req.completion!, afterTrigger.map((p) => p.at), timing));
  for (const trigger of ['[[', '[@', '§']) rows.push(timeLookups('completion', `after ${trigger}`, req.completion!, by(trigger), timing));
  rows.push(timeLookups('completion', 'after 1–2 typed characters', req.completion!, typed.map((p) => p.at), timing));

  console.log(`\nLoad average at the start of the table: ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} cores)`);
  console.log('\n| kind | positions | n | p50 (ms) | p95 | p99 | max | p99, single timing | CPU p50 / p99 | empty answers |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.kind} | ${r.where} | ${r.positions} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.p99First)} | ${fmt(r.cpuP50)} / ${fmt(r.cpuP99)} | ${r.empty} |`);

  // The first request after a change: an unrelated change drops every cached link (and whatever hangs on it).
  const first: Record<string, { relink: number; first: number; second: number; diagnostics: number; firstAfterDiagnostics: number }[]> = {};
  const firstOffsets: Record<string, readonly number[]> = { hover: termUses, definition: termUses, references: termUses, highlights: termUses, completion: afterTrigger.map((p) => p.at) };
  for (let round = 0; round < 3; round++) {
    for (const kind of Object.keys(firstOffsets)) {
      const offsets = firstOffsets[kind]!;
      index.setRoots([...index.roots]);
      gc();
      let t0 = performance.now();
      index.linked(uri);
      const relink = performance.now() - t0;
      t0 = performance.now();
      req[kind]!(offsets[(round * 37) % offsets.length]!);
      const firstMs = performance.now() - t0;
      t0 = performance.now();
      req[kind]!(offsets[(round * 37 + 11) % offsets.length]!);
      const secondMs = performance.now() - t0;
      index.setRoots([...index.roots]);
      gc();
      index.linked(uri);
      t0 = performance.now();
      documentDiagnostics(index, uri, DEFAULT_CONFIG);
      const diagnostics = performance.now() - t0;
      t0 = performance.now();
      req[kind]!(offsets[(round * 37 + 5) % offsets.length]!);
      const firstAfterDiagnostics = performance.now() - t0;
      (first[kind] ??= []).push({ relink, first: firstMs, second: secondMs, diagnostics, firstAfterDiagnostics });
    }
  }
  console.log('\nFirst request after a change (median of 3 rounds; the re-link is timed alone, before the request):\n');
  console.log('| kind | re-link (ms) | first request (ms) | second request (ms) | diagnostics after the re-link (ms) | first request after them (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [kind, samples] of Object.entries(first)) {
    const m = (f: (s: (typeof samples)[number]) => number) => fmt(median(samples.map(f)));
    console.log(`| ${kind} | ${m((s) => s.relink)} | ${m((s) => s.first)} | ${m((s) => s.second)} | ${m((s) => s.diagnostics)} | ${m((s) => s.firstAfterDiagnostics)} |`);
  }
  // After an edit of the document itself the model is new, so the per-model indexes are built again too: their
  // cost, on copies of the model and the link (new objects, so nothing cached is found).
  const builds: Record<string, number[]> = { 'model indexes': [], 'link indexes': [], 'completion lists and code regions': [] };
  // The server builds them while the editor is quiet, one piece at a time: the largest piece is what a keystroke
  // arriving meanwhile may wait for.
  const largest: Record<string, number[]> = { 'model indexes': [], 'link indexes': [], 'completion lists and code regions': [] };
  for (let round = 0; round < 3; round++) {
    const copy = { ...linked, model: { ...linked.model } };
    gc();
    const groups: [string, (() => void)[]][] = [
      ['model indexes', modelIndex(copy.model).pieces()],
      ['link indexes', linkedIndex(copy).pieces()],
      ['completion lists and code regions', completionPieces(index, copy)],
    ];
    for (const [what, pieces] of groups) {
      const times = pieces.map((piece) => {
        const t0 = performance.now();
        piece();
        return performance.now() - t0;
      });
      builds[what]!.push(times.reduce((a, b) => a + b, 0));
      largest[what]!.push(Math.max(...times));
    }
  }
  console.log('\nIndexes built by the first lookups after an edit of the document (median of 3; after an unrelated change only the link indexes and the term and source lists are built again), and the largest piece the server builds at once while the editor is quiet:\n');
  for (const [what, samples] of Object.entries(builds)) console.log(`- ${what}: ${fmt(median(samples))} ms, largest piece ${fmt(median(largest[what]!))} ms`);
  results[size] = { chars: text.length, parseMs, linkMs, rows, first, builds, largest };
}
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify(results, null, 1));
console.log(`\nRaw figures: ${jsonOut}`);
