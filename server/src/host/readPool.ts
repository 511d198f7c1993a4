// Reads large documents in worker threads (issue 6, "cold"): the blocks an earlier reading does not already have are
// sent to a pool of workers in batches of about 256 KB, each worker reads its batch with remark, and only the compact
// readings come back (never syntax trees); the main thread assembles the model. Small readings stay on the main
// thread, where a worker's round trip would cost more than it saves. A worker that fails or dies is replaced and its
// batch read on the main thread: the answer is the same model as `parseDocument`'s, only sooner. A worker with
// nothing left to read is ended as soon as its last batch comes back, before the model is assembled (each keeps a
// heap and allocator arenas of its own, 50 to 100 MB after reading a large document, which would otherwise stack on
// the main thread's peak of linking and checking), and started again by the next large read.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { finishReading, MAX_RUN_CHARS, missingRuns, planReading, type Block, type BlockRead, type DocumentModel, type ReadingPlan } from '../language/reading.js';

/** A batch of blocks sent to a worker: runs of consecutive blocks, each with its joint text (read with one parse). */
export interface ReadTask {
  readonly id: number;
  readonly linkDefinitions: string;
  readonly runs: readonly { readonly text: string; readonly blocks: readonly Block[] }[];
}

/** A worker's answer: the readings of its batch, in order, or why it failed. */
export type ReadAnswer = { readonly id: number; readonly reads: readonly BlockRead[] } | { readonly id: number; readonly error: string };

export interface ReadPoolOptions {
  /** The built worker script (`server/out/readWorker.js`). */
  readonly workerFile: string;
  /** Number of workers; default: the machine's parallelism, at most 8. */
  readonly size?: number;
  /** Below this many characters to read, a document is read on the main thread. Default 256 KB. */
  readonly threshold?: number;
  /** Characters per batch. Default 256 KB. */
  readonly batch?: number;
  /** Told when a worker fails (logged by the host). */
  readonly onError?: (message: string) => void;
  /**
   * Milliseconds with nothing to read after which the workers are ended (started again when needed). Default 0: each
   * worker as soon as nothing is queued for it (not on a timer, which would fire only after the caller's synchronous
   * work on the model), during the open, not under the first keystrokes.
   */
  readonly idleMs?: number;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Pending {
  readonly task: ReadTask;
  readonly resolve: (reads: readonly BlockRead[] | undefined) => void;
}

/** Per-read options of `ReadPool.read`. */
export interface ReadOptions {
  /** Overrides the pool's threshold for this document (0: always in workers, e.g. the files of a workspace). */
  readonly threshold?: number;
  /** Readings found elsewhere (a persistent cache) for the plan's blocks; the rest are read in workers. */
  readonly lookup?: (plan: ReadingPlan) => readonly (BlockRead | undefined)[];
}

/** A pool of reading workers, started lazily on the first large document. */
export class ReadPool {
  readonly #options: Required<Omit<ReadPoolOptions, 'onError'>> & Pick<ReadPoolOptions, 'onError'>;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  readonly #running = new Map<number, { slot: Slot; pending: Pending }>();
  #nextId = 1;
  #closed = false;
  /** Ends the workers when the pool has stayed idle for `idleMs`. */
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ReadPoolOptions) {
    this.#options = {
      size: Math.max(1, Math.min(8, options.size ?? availableParallelism())),
      threshold: 256 * 1024,
      batch: 256 * 1024,
      idleMs: 0,
      ...options,
    };
  }

  /** How many workers the pool runs (when started). */
  get size(): number {
    return this.#options.size;
  }

  /** Reads `text` as `parseDocument(text, origin, previous)` does, with the missing blocks read in workers. */
  async read(text: string, origin = '', previous?: DocumentModel, options: ReadOptions = {}): Promise<DocumentModel> {
    const plan = planReading(text, origin, previous);
    if (plan.same) return plan.same;
    const found = options.lookup?.(plan) ?? [];
    const reads = plan.reads.map((read, i) => read ?? found[i]);
    let chars = 0;
    reads.forEach((read, i) => {
      if (!read) chars += plan.blocks[i]!.end - plan.blocks[i]!.start;
    });
    if (this.#closed || chars === 0 || chars < (options.threshold ?? this.#options.threshold)) return finishReading(plan, reads);
    // Runs of consecutive missing blocks, gathered into batches of about `batch` characters.
    const batches: { from: number; to: number }[][] = [];
    let current: { from: number; to: number }[] = [];
    let size = 0;
    for (const run of missingRuns(plan.blocks, reads, MAX_RUN_CHARS)) {
      current.push(run);
      size += plan.blocks[run.to - 1]!.end - plan.blocks[run.from]!.start;
      if (size >= this.#options.batch) {
        batches.push(current);
        current = [];
        size = 0;
      }
    }
    if (current.length > 0) batches.push(current);
    await Promise.all(
      batches.map(async (batch) => {
        const task: ReadTask = {
          id: this.#nextId++,
          linkDefinitions: plan.linkDefinitions,
          runs: batch.map(({ from, to }) => ({ text: text.slice(plan.blocks[from]!.start, plan.blocks[to - 1]!.end), blocks: plan.blocks.slice(from, to) })),
        };
        const answer = await this.#run(task);
        let k = 0;
        for (const { from, to } of batch) for (let i = from; i < to; i++) reads[i] = answer?.[k++];
      }),
    );
    return finishReading(plan, reads);
  }

  /** How many workers are running now (none before the first large read, nor after an idle moment). */
  get workers(): number {
    return this.#slots.length;
  }

  /** Stops the workers; later reads happen on the main thread. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    for (const pending of this.#queue.splice(0)) pending.resolve(undefined);
    await Promise.all(this.#slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  #run(task: ReadTask): Promise<readonly BlockRead[] | undefined> {
    return new Promise((resolve) => {
      this.#queue.push({ task, resolve });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#queue.length > 0) clearTimeout(this.#idleTimer);
    while (this.#queue.length > 0 && !this.#closed) {
      const slot = this.#slots.find((s) => !s.busy) ?? (this.#slots.length < this.#options.size ? this.#start() : undefined);
      if (!slot) return;
      const pending = this.#queue.shift()!;
      slot.busy = true;
      this.#running.set(pending.task.id, { slot, pending });
      slot.worker.postMessage(pending.task);
    }
    if (this.#queue.length === 0 && this.#options.idleMs <= 0) this.#endIdle();
    else this.#whenIdle();
  }

  /** Ends the workers that have nothing to do now: their heaps are freed while the main thread assembles the model. */
  #endIdle(): void {
    for (const slot of this.#slots.filter((s) => !s.busy)) {
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      void slot.worker.terminate();
    }
  }

  /** With nothing queued or running, ends the workers after `idleMs` (unless work comes first). */
  #whenIdle(): void {
    if (this.#queue.length > 0 || this.#running.size > 0 || this.#slots.length === 0 || this.#closed) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#queue.length > 0 || this.#running.size > 0) return;
      // Out of the slots first: their exit is then no failure.
      for (const slot of this.#slots.splice(0)) void slot.worker.terminate();
    }, this.#options.idleMs);
    this.#idleTimer.unref?.();
  }

  #start(): Slot | undefined {
    let worker: Worker;
    try {
      worker = new Worker(this.#options.workerFile);
    } catch (error) {
      this.#options.onError?.(`Clausemark could not start a reading worker: ${String(error)}`);
      this.#closed = true;
      for (const pending of this.#queue.splice(0)) pending.resolve(undefined);
      return undefined;
    }
    worker.unref();
    const slot: Slot = { worker, busy: false };
    worker.on('message', (answer: ReadAnswer) => {
      const running = this.#running.get(answer.id);
      if (!running) return;
      this.#running.delete(answer.id);
      slot.busy = false;
      if ('error' in answer) this.#options.onError?.(`A reading worker failed: ${answer.error}`);
      running.pending.resolve('reads' in answer ? answer.reads : undefined);
      this.#pump();
    });
    const fail = (why: string) => {
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      for (const [id, running] of this.#running) {
        if (running.slot !== slot) continue;
        this.#running.delete(id);
        running.pending.resolve(undefined);
      }
      if (!this.#closed) {
        this.#options.onError?.(`A reading worker stopped (${why}); its blocks are read on the main thread`);
        this.#pump();
      }
    };
    worker.on('error', (error) => fail(String(error)));
    worker.on('exit', (code) => {
      if (this.#slots.includes(slot)) fail(`exit code ${code}`);
    });
    this.#slots.push(slot);
    return slot;
  }
}
