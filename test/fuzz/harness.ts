// Runs a fuzz property in one of two modes: in the normal suite a seeded, fixed number of runs (fc.assert); under
// `npm run fuzz` (CLAUSEMARK_FUZZ_SECONDS set) as many runs as fit in the property's share of the time budget,
// printing how many documents were tried, and any counterexample with its seed and path so it can be replayed.

import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';

/** Seconds the whole fuzz run may take; 0 in the normal suite. */
export const FUZZ_SECONDS = Number(process.env.CLAUSEMARK_FUZZ_SECONDS ?? 0) || 0;

/** True under `npm run fuzz`. */
export const FUZZING = FUZZ_SECONDS > 0;

/** The base seed of a fuzz run: CLAUSEMARK_FUZZ_SEED to replay one, else the clock. Each property adds its number. */
export const FUZZ_SEED = Number(process.env.CLAUSEMARK_FUZZ_SEED ?? 0) || Date.now() % 2_000_000_000;

/** Where each property's result is appended as one JSON line (CLAUSEMARK_FUZZ_LOG), besides the console. */
const LOG = process.env.CLAUSEMARK_FUZZ_LOG;

/** How a property runs in the normal suite. */
export interface SuiteRuns {
  readonly seed: number;
  readonly numRuns: number;
}

/** The result line of one property of a fuzz run. */
export interface FuzzResult {
  readonly property: string;
  readonly documents: number;
  readonly seconds: number;
  readonly seed: number;
  readonly failed: boolean;
  readonly counterexamplePath?: string;
  readonly error?: string;
}

function report(result: FuzzResult, message?: string): void {
  const line = `[fuzz] ${result.property}: ${result.documents} documents in ${result.seconds.toFixed(0)} s, seed ${result.seed}${result.failed ? `, FAILED at path "${result.counterexamplePath}"` : ', no counterexample'}`;
  process.stdout.write(`${line}\n${message ? `${message}\n` : ''}`);
  if (LOG) appendFileSync(LOG, `${JSON.stringify(result)}\n`);
}

function summarize(property: string, details: fc.RunDetails<unknown>, started: number): FuzzResult {
  return {
    property,
    documents: details.numRuns,
    seconds: (performance.now() - started) / 1000,
    seed: details.seed,
    failed: details.failed,
    ...(details.failed ? { counterexamplePath: details.counterexamplePath ?? '', error: String(details.errorInstance).slice(0, 2000) } : {}),
  };
}

/**
 * Checks a synchronous property: seeded in the suite, time-boxed under `npm run fuzz` (`share` is the fraction of
 * the budget this property gets; `index` varies the seed between properties).
 */
export function checkProperty<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, suite: SuiteRuns, index: number, share: number): void {
  if (!FUZZING) {
    fc.assert(fc.property(arb, predicate), suite);
    return;
  }
  const started = performance.now();
  const details = fc.check(fc.property(arb, predicate), fuzzParameters(index, share));
  finish(name, details, started, index);
}

/** The asynchronous twin of `checkProperty`. */
export async function checkAsyncProperty<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, suite: SuiteRuns, index: number, share: number): Promise<void> {
  if (!FUZZING) {
    await fc.assert(fc.asyncProperty(arb, predicate), suite);
    return;
  }
  const started = performance.now();
  const details = await fc.check(fc.asyncProperty(arb, predicate), fuzzParameters(index, share));
  finish(name, details, started, index);
}

/** The time budget of one property in milliseconds. */
export function budgetMs(share: number): number {
  return Math.max(1000, FUZZ_SECONDS * 1000 * share);
}

function fuzzParameters(index: number, share: number): fc.Parameters<unknown> {
  // CLAUSEMARK_FUZZ_PATH replays one counterexample (with the seed it was found with).
  const path = process.env.CLAUSEMARK_FUZZ_PATH;
  return {
    seed: FUZZ_SEED + index,
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: budgetMs(share),
    markInterruptAsFailure: false,
    ...(path ? { path } : {}),
  };
}

function finish(name: string, details: fc.RunDetails<unknown>, started: number, index: number): void {
  const result = summarize(name, details, started);
  const message = details.failed ? fc.defaultReportMessage(details) : undefined;
  report(result, message);
  if (details.failed) {
    // `-t` picks tests by title (a pattern): the running test's, its pattern characters escaped.
    const title = (expect.getState().currentTestName?.split(' > ').at(-1) ?? name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const replay = `CLAUSEMARK_FUZZ_SEED=${details.seed - index} CLAUSEMARK_FUZZ_PATH="${details.counterexamplePath}" npm run fuzz -- -t "${title}"`;
    // What failed, first: fast-check's report leaves the property's own error out unless it runs verbose.
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${name}: ${error}\ncounterexample with seed ${details.seed}, path "${details.counterexamplePath}"; replay with ${replay}\n${message}`);
  }
}
