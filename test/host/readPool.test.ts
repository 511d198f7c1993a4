// The read pool: documents read in worker threads are the models `parseDocument` gives, for cold and edited texts,
// and a pool whose worker cannot start or dies still answers, on the main thread, with one message; idle workers end
// and start again for the next read.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadPool } from '../../server/src/host/readPool.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import { generateContract } from '../../bench/generate.js';

const repo = new URL('../..', import.meta.url).pathname;
const workerFile = join(repo, 'server/out/readWorker.js');
const pools: ReadPool[] = [];
const pool = (options: Partial<ConstructorParameters<typeof ReadPool>[0]> = {}) => {
  const p = new ReadPool({ workerFile, size: 2, threshold: 0, batch: 8 * 1024, ...options });
  pools.push(p);
  return p;
};
afterAll(async () => Promise.all(pools.map((p) => p.close())));

const { text } = generateContract({ seed: 7, targetBytes: 60_000 });

const uri = 'file:///w/contract.clause.md';

describe('ReadPool', { timeout: 120_000 }, () => {
  it('reads a document in workers as parseDocument does', async () => {
    expect(await pool().read(text, uri)).toEqual(parseDocument(text, uri));
  });

  it('reads an edited document from the previous model, in workers, as a full parse', async () => {
    const p = pool();
    const first = await p.read(text, uri);
    const at = Math.floor(text.length / 2);
    const edited = `${text.slice(0, at)}\n\n# 99. Pasted {#pasted}\n\n"Pasted Term" means a term.\n\n${text.slice(at)}`;
    expect(await p.read(edited, uri, first)).toEqual(parseDocument(edited, uri));
  });

  it('answers on the main thread, with one message, when no worker can start', async () => {
    const messages: string[] = [];
    const p = pool({ workerFile: join(repo, 'no/such/worker.js'), onError: (m) => messages.push(m) });
    expect(await p.read(text, uri)).toEqual(parseDocument(text, uri));
    expect(messages.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps small documents on the main thread and gives the same model', async () => {
    const p = pool({ threshold: 1_000_000 });
    expect(await p.read('# 1. A\n\n"T" means t.\n', uri)).toEqual(parseDocument('# 1. A\n\n"T" means t.\n', uri));
  });

  it('reads many documents at once in the same pool', async () => {
    const p = pool();
    const texts = [1, 2, 3, 4, 5].map((seed) => generateContract({ seed, targetBytes: 20_000 }).text);
    const models = await Promise.all(texts.map((t, i) => p.read(t, `file:///w/${i}.clause.md`)));
    models.forEach((m, i) => expect(m).toEqual(parseDocument(texts[i]!, `file:///w/${i}.clause.md`)));
  });

  it('ends each worker once nothing is left to read, before the answer, and starts them again for the next read', async () => {
    const p = pool({ idleMs: 0 });
    expect(p.workers).toBe(0);
    expect(await p.read(text, uri)).toEqual(parseDocument(text, uri));
    // Ended when their last batch came back, not on a timer: the caller's work after the read has their memory.
    expect(p.workers).toBe(0);
    const at = Math.floor(text.length / 3);
    const edited = `${text.slice(0, at)}\n\n# 98. Later {#later}\n\n${text.slice(at)}`;
    expect(await p.read(edited, uri)).toEqual(parseDocument(edited, uri));
    expect(p.workers).toBe(0);
  });

  it('keeps its workers while reads follow each other', async () => {
    const p = pool({ idleMs: 60_000 });
    await p.read(text, uri);
    expect(p.workers).toBe(2);
    await p.read(text.slice(1), uri);
    expect(p.workers).toBe(2);
  });

  it('after close, reads on the main thread', async () => {
    const p = pool();
    await p.close();
    expect(await p.read(text, uri)).toEqual(parseDocument(text, uri));
  });
});
