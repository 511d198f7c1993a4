// `npm run bench:pathological`: times each hostile shape of test/fuzz/hostile.ts at its size n (`benchN`) and 2n, as an editor opens
// it, and holds its growth linear: the time at 2n over the time at n (each the fastest of 3 runs, after a run on a
// small input compiles the code paths) must stay below 3, where a linear algorithm gives 2. A shape that misses is
// measured again, twice at most (timings are noisy on a shared machine). Prints a table; exits 1 if a shape misses.
//
// Options: --only NAME (a shape whose name contains NAME), --bound B (default 3).

import { HOSTILE, type Hostile } from '../test/fuzz/hostile.js';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = option('--only');
const bound = Number(option('--bound') ?? 3);
const ATTEMPTS = 3;

/** The fastest of up to `runs` runs of `work` in milliseconds; stops early once a run is faster than `enough`. */
function fastest(work: () => unknown, runs = 3, enough = 0): number {
  let ms = Infinity;
  for (let r = 0; r < runs && ms >= enough; r++) {
    const start = performance.now();
    work();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

/** `text` as one flat string (V8 flattens a concatenation before slicing it). */
function flat(text: string): string {
  return ` ${text}`.slice(1);
}

interface Measured {
  readonly name: string;
  readonly chars: [number, number];
  readonly ms: [number, number];
  readonly ratio: number;
  readonly attempts: number;
}

function measure(h: Hostile): Measured {
  h.work(h.make(Math.max(1, Math.floor(h.benchN / 50)))); // Compile the code paths first.
  // Flattened before timing: a text built by concatenation is a tree of pieces that its first reader copies into one
  // string, which would count in the first run (and that run may be the only one timed at 2n).
  const small = flat(h.make(h.benchN));
  const large = flat(h.make(2 * h.benchN));
  let best: Measured | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const a = fastest(() => h.work(small));
    const b = fastest(() => h.work(large), 3, a * bound);
    const ratio = b / Math.max(a, 1);
    if (!best || ratio < best.ratio) best = { name: h.name, chars: [small.length, large.length], ms: [a, b], ratio, attempts: attempt };
    if (ratio < bound) break;
  }
  return best!;
}

const shapes = Object.values(HOSTILE).filter((h: Hostile) => !only || h.name.includes(only));
if (shapes.length === 0) {
  process.stderr.write(`bench:pathological: no shape's name contains "${only}"\n`);
  process.exit(2);
}
const rows: Measured[] = [];
for (const [i, h] of shapes.entries()) {
  process.stderr.write(`[pathological] ${i + 1}/${shapes.length} ${h.name}\n`);
  rows.push(measure(h));
}
const missed = rows.filter((r) => r.ratio >= bound);
process.stdout.write(
  [
    `| case | n → 2n (chars) | n (ms) | 2n (ms) | ratio | attempts |`,
    `|---|---|---:|---:|---:|---:|`,
    ...rows.map((r) => `| ${r.name} | ${r.chars[0].toLocaleString('en-US')} → ${r.chars[1].toLocaleString('en-US')} | ${r.ms[0].toFixed(0)} | ${r.ms[1].toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.attempts} |`),
    '',
    missed.length === 0
      ? `All ${rows.length} shapes grow linearly: each ratio below ${bound} (node ${process.version}).`
      : `${missed.length} of ${rows.length} shapes missed the bound of ${bound}: ${missed.map((r) => r.name).join(', ')}.`,
    '',
  ].join('\n'),
);
process.exit(missed.length === 0 ? 0 : 1);
