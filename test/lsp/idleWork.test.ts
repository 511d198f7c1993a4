// The server's idle work (`lsp/idleWork.ts`) on a clock the test moves: tasks wait until the editor has been quiet,
// run in slices that stop when their time is up, give way between slices, start over the wait when a message comes,
// and are dropped when done, replaced or failing.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleWork, type IdleTask } from '../../server/src/lsp/idleWork.js';

/** The clock the idle work reads: the timers' time, pushed on by the work the tasks do. */
let clock = 0;
let timers = 0;
const now = () => clock;

/** A task of `pieces` pieces, each taking `ms` on the clock; records the clock at each piece. */
function pieces(count: number, ms: number, log: number[]): IdleTask & { left: () => number; steps: () => number } {
  let left = count;
  let steps = 0;
  return {
    left: () => left,
    steps: () => steps,
    step(stop) {
      steps++;
      while (left > 0 && !stop()) {
        log.push(clock);
        clock += ms;
        left--;
      }
      return left === 0;
    },
  };
}

beforeEach(() => {
  clock = 0;
  timers = 0;
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** Runs the timers due in `ms` of fake time, keeping the test's clock in step. */
function advance(ms: number): void {
  for (let i = 0; i < ms; i++) {
    timers++;
    clock = Math.max(clock, timers);
    vi.advanceTimersByTime(1);
  }
}

describe('idle work', () => {
  it('waits for the quiet time, then runs slices of at most the slice time', () => {
    const idle = new IdleWork({ quietMs: 100, sliceMs: 2 }, now);
    const log: number[] = [];
    const task = pieces(10, 1, log);
    idle.add('a', task);
    advance(99);
    expect(log).toEqual([]);
    advance(200);
    expect(task.left()).toBe(0);
    expect(idle.size).toBe(0);
    expect(log[0]).toBeGreaterThanOrEqual(100);
    // Two pieces of 1 ms fit a slice of 2 ms; then the slice gives way.
    expect(task.steps()).toBe(5);
  });

  it('starts the wait over when the editor sends something', () => {
    const idle = new IdleWork({ quietMs: 100, sliceMs: 2 }, now);
    const log: number[] = [];
    const task = pieces(1000, 1, log);
    idle.add('a', task);
    advance(150);
    const done = 1000 - task.left();
    expect(done).toBeGreaterThan(0);
    idle.touch();
    const touchedAt = clock;
    advance(99);
    expect(1000 - task.left()).toBe(done);
    advance(1000);
    expect(task.left()).toBe(0);
    expect(log[done]).toBeGreaterThanOrEqual(touchedAt + 100);
  });

  it('replaces a task added under the same key, and drops one that throws', () => {
    const idle = new IdleWork({ quietMs: 10, sliceMs: 2 }, now);
    const first: number[] = [];
    const second: number[] = [];
    idle.add('a', pieces(5, 1, first));
    idle.add('a', pieces(3, 1, second));
    idle.add('b', {
      step() {
        throw new Error('failed');
      },
    });
    expect(idle.has('b')).toBe(true);
    advance(100);
    expect(first).toEqual([]);
    expect(second).toHaveLength(3);
    expect(idle.size).toBe(0);
  });

  it('does nothing after clear', () => {
    const idle = new IdleWork({ quietMs: 10, sliceMs: 2 }, now);
    const log: number[] = [];
    idle.add('a', pieces(5, 1, log));
    idle.clear();
    advance(100);
    expect(log).toEqual([]);
    expect(idle.size).toBe(0);
  });
});
