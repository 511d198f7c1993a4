// How the benchmarks time lookups in process (`npm run bench:lookups`, and the time phase of `npm run bench`): each
// position asked a few times and its median kept, the quantiles taken over positions.
//
// One GC pause or a burst of load from another process then does not count as a position's cost. A warm-up pass over
// a hundred positions comes first, and a full GC before the timed ones.

import type { LanguageService } from '../server/src/language/index.js';

/** Nearest-rank quantile `q` of `values` (NaN when empty). */
export function quantileOf(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The middle of `values` (the upper one of an even count). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `n` items spread evenly over `all`. */
export function spread<T>(all: readonly T[], n: number): T[] {
  if (all.length <= n) return [...all];
  return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]!);
}

/** A lookup asked at an offset. */
export type Request = (offset: number) => unknown;

/** The lookups of issue 6's target 4, and highlights, on `uri`. */
export function lookupRequests(service: LanguageService, uri: string): Record<'hover' | 'definition' | 'references' | 'highlights' | 'completion', Request> {
  return {
    hover: (o) => service.hover(uri, o),
    definition: (o) => service.definition(uri, o),
    references: (o) => service.references(uri, o, true),
    highlights: (o) => service.highlights(uri, o),
    completion: (o) => service.completions(uri, o),
  };
}

/** The timings of one kind of lookup at its positions. */
export interface LookupRow {
  readonly kind: string;
  readonly where: string;
  readonly positions: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** p99 of the first timing of each position alone (no median over repetitions). */
  readonly p99First: number;
  /** p50 and p99 of the process's CPU time per request (median per position): what the request cost while it ran, without the time the shared machine gave to other processes. */
  readonly cpuP50: number;
  readonly cpuP99: number;
  readonly empty: number;
}

/** How `timeLookups` asks: timings per position, at most `budgetMs` per row, and a full collection before it. */
export interface LookupTiming {
  readonly reps: number;
  readonly budgetMs: number;
  readonly gc: () => void;
}

/** Times `request` at each of `offsets` (`timing.reps` times each, the median kept), after a warm-up of 100. */
export function timeLookups(kind: string, where: string, request: Request, offsets: readonly number[], timing: LookupTiming): LookupRow {
  for (const o of offsets.slice(0, 100)) request(o);
  timing.gc();
  const perPosition: number[] = [];
  const cpuPerPosition: number[] = [];
  const first: number[] = [];
  let empty = 0;
  const stop = performance.now() + timing.budgetMs;
  for (const o of offsets) {
    if (performance.now() > stop) break;
    const times: number[] = [];
    const cpu: number[] = [];
    let answer: unknown;
    for (let r = 0; r < timing.reps; r++) {
      const c = process.cpuUsage();
      const t = performance.now();
      answer = request(o);
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    first.push(times[0]!);
    perPosition.push(medianOf(times));
    cpuPerPosition.push(medianOf(cpu));
    const items = Array.isArray(answer) ? answer : (answer as { items?: unknown[] } | undefined)?.items;
    if (answer === undefined || (items !== undefined && items.length === 0)) empty++;
  }
  return {
    kind, where, positions: perPosition.length,
    p50: quantileOf(perPosition, 0.5), p95: quantileOf(perPosition, 0.95), p99: quantileOf(perPosition, 0.99), max: Math.max(...perPosition),
    p99First: quantileOf(first, 0.99), cpuP50: quantileOf(cpuPerPosition, 0.5), cpuP99: quantileOf(cpuPerPosition, 0.99), empty,
  };
}
