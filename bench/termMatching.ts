// Benchmark: the cost of automatic term matching on the same 1 MB contract text with 10 and with 5,000 defined
// terms. The matcher is one trie scan, so the two should cost the same. Prints medians of 9 runs and the ratio.
// Run: npm run bench:terms

import { TermMatcher } from '../server/src/language/termMatcher.js';
import { parseDocument } from '../server/src/syntax/parseDocument.js';

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'the provider shall deliver services under this agreement subject to fees payment term notice party customer data confidential information routed through azure stateless call runtime environment'.split(' ');

function termName(i: number): string {
  return `Defined Term ${i.toString(36)} Alpha`;
}

function contract(bytes: number, usedTerms: number): string {
  const rand = random(1);
  const out: string[] = [];
  let size = 0;
  let clause = 1;
  while (size < bytes) {
    const words: string[] = [];
    for (let w = 0; w < 120; w++) words.push(rand() < 0.04 ? `${termName(Math.floor(rand() * usedTerms))}${rand() < 0.3 ? 's' : ''}` : WORDS[Math.floor(rand() * WORDS.length)]!);
    const paragraph = `## ${clause}. Clause\n\n${words.join(' ')}.\n\n`;
    clause++;
    out.push(paragraph);
    size += paragraph.length;
  }
  return out.join('');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const text = contract(1_000_000, 10);
const runs = parseDocument(text).runs;
// The two sizes are measured alternately, after one warm-up pass each, so that JIT warm-up favours neither.
const counts = [10, 5000];
const names = counts.map((count) => Array.from({ length: count }, (_, i) => termName(i)));
const build: number[][] = counts.map(() => []);
const scan: number[][] = counts.map(() => []);
const uses = counts.map(() => 0);
for (let rep = -1; rep < 9; rep++) {
  counts.forEach((_, k) => {
    const t0 = performance.now();
    const matcher = new TermMatcher(names[k]!);
    const t1 = performance.now();
    let found = 0;
    for (const run of runs) found += matcher.scan(run).length;
    const t2 = performance.now();
    if (rep < 0) return;
    build[k]!.push(t1 - t0);
    scan[k]!.push(t2 - t1);
    uses[k] = found;
  });
}
const rows: [string, number, number, number][] = counts.map((count, k) => [`${count} terms`, median(build[k]!), median(scan[k]!), uses[k]!]);
console.log(`Term matching on ${(text.length / 1e6).toFixed(2)} MB (${runs.length} text runs), medians of 9 runs, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
console.log('| terms | build matcher (ms) | scan (ms) | uses found |');
console.log('|---|---:|---:|---:|');
for (const [name, b, s, u] of rows) console.log(`| ${name} | ${b.toFixed(1)} | ${s.toFixed(1)} | ${u} |`);
console.log(`scan ratio 5,000 / 10 terms: ${(rows[1]![2] / rows[0]![2]).toFixed(2)}×`);
if (rows[0]![3] !== rows[1]![3]) {
  console.error('the two runs found different uses');
  process.exitCode = 1;
}
