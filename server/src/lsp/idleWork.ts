// Work the server does while the editor is quiet, so that the first request after it does not wait for it: tasks
// run in slices of a couple of milliseconds, only once no message has come from the editor for a while, and give
// way between slices, so a message that comes meanwhile waits for one slice at most.

/** A piece of work done in steps. */
export interface IdleTask {
  /** Does some of the work, asking `stop()` between its pieces; returns true when nothing is left. */
  step(stop: () => boolean): boolean;
}

/** How long the editor must have been quiet (ms), and how long one slice may run (ms). */
export interface IdleTiming {
  readonly quietMs: number;
  readonly sliceMs: number;
}

export const IDLE_TIMING: IdleTiming = { quietMs: 100, sliceMs: 2 };

/** Tasks by key, run one slice at a time while the editor is quiet. */
export class IdleWork {
  readonly #tasks = new Map<string, IdleTask>();
  readonly #timing: IdleTiming;
  readonly #now: () => number;
  #lastActivity: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(timing: IdleTiming = IDLE_TIMING, now: () => number = () => performance.now()) {
    this.#timing = timing;
    this.#now = now;
    this.#lastActivity = now();
  }

  /** The editor sent something: the tasks wait for the next quiet moment. */
  touch(): void {
    this.#lastActivity = this.#now();
  }

  /** Queues `task` under `key`, in place of a task queued under it that has not finished. */
  add(key: string, task: IdleTask): void {
    this.#tasks.set(key, task);
    this.#schedule(this.#timing.quietMs);
  }

  /** Whether a task is queued under `key`. */
  has(key: string): boolean {
    return this.#tasks.has(key);
  }

  /** How many tasks are left. */
  get size(): number {
    return this.#tasks.size;
  }

  /** Drops every task (the server is shutting down). */
  clear(): void {
    this.#tasks.clear();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delay: number): void {
    if (this.#timer || this.#tasks.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#slice();
    }, Math.max(1, delay));
    // Idle work never keeps the process alive.
    this.#timer.unref?.();
  }

  #slice(): void {
    const quietFor = this.#now() - this.#lastActivity;
    if (quietFor < this.#timing.quietMs) {
      this.#schedule(this.#timing.quietMs - quietFor);
      return;
    }
    const end = this.#now() + this.#timing.sliceMs;
    const stop = () => this.#now() >= end;
    for (const [key, task] of this.#tasks) {
      let done: boolean;
      try {
        done = task.step(stop);
      } catch {
        done = true; // A failing task is dropped; it was only ever ahead of a request that will do the work itself.
      }
      if (done && this.#tasks.get(key) === task) this.#tasks.delete(key);
      if (stop()) break;
    }
    // The next slice comes after the messages that arrived meanwhile have been handled (timers run after I/O).
    this.#schedule(1);
  }
}
