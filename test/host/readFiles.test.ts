// Reading many files into the index (`readFilesInto`, shared by the command line's parallel load and the server's
// workspace indexing): the models of `setDocument` in the files' order, with and without workers; a file the caller
// no longer wants (an editor opened it meanwhile) left out; an unreadable file reported and the rest read; and,
// without workers, other work let in while it reads.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { readText } from '../../server/src/host/files.js';
import { readFilesInto, type FileToRead } from '../../server/src/host/readFiles.js';
import { ReadPool } from '../../server/src/host/readPool.js';
import { WorkspaceIndex } from '../../server/src/language/index.js';

const repo = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clausemark-read-files-'));
const files: FileToRead[] = Array.from({ length: 12 }, (_, i) => {
  const path = join(dir, `c${String(i).padStart(2, '0')}.clause.md`);
  writeFileSync(path, generateContract({ seed: 40 + i, targetBytes: 6_000 + i * 1_500 }).text);
  return { uri: pathToFileURL(path).href, path };
});
const pool = new ReadPool({ workerFile: join(repo, 'server/out/readWorker.js'), size: 2 });
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const read = (file: FileToRead) => readText(file.path);
/** The index's documents: URI and model, in the order the index holds them. */
const held = (index: WorkspaceIndex) => [...index.documents()].map((d) => ({ uri: d.uri, model: d.model }));

function expected(only: readonly FileToRead[] = files): ReturnType<typeof held> {
  const index = new WorkspaceIndex();
  for (const file of only) index.setDocument(file.uri, read(file));
  return held(index);
}

describe('readFilesInto', { timeout: 60_000 }, () => {
  it('gives the index what setDocument gives, in the files order, in workers and on this thread, with every count reported', async () => {
    for (const withPool of [pool, undefined]) {
      const index = new WorkspaceIndex();
      const counts: number[] = [];
      await readFilesInto(index, files, withPool, { readText: read, minBytes: 0, onRead: (done, total) => counts.push(done * 100 + total) });
      expect(held(index)).toEqual(expected());
      expect(counts).toEqual(files.map((_, i) => (i + 1) * 100 + files.length));
    }
  });

  it('leaves out a file that is not wanted when it would be read or when its model arrives', async () => {
    const asked = new Map<string, number>();
    const index = new WorkspaceIndex();
    // c01 is unwanted from the start; c05 becomes unwanted after it was read (an editor opened it meanwhile).
    const wanted = (uri: string) => {
      asked.set(uri, (asked.get(uri) ?? 0) + 1);
      return !uri.endsWith('c01.clause.md') && !(uri.endsWith('c05.clause.md') && asked.get(uri)! > 1);
    };
    await readFilesInto(index, files, pool, { readText: read, minBytes: 0, wanted });
    expect(held(index)).toEqual(expected(files.filter((_, i) => i !== 1 && i !== 5)));
  });

  it('reports a file it cannot read and reads the others; without onError the first failure is thrown', async () => {
    const broken = [...files.slice(0, 3), { uri: pathToFileURL(join(dir, 'gone.clause.md')).href, path: join(dir, 'gone.clause.md') }, ...files.slice(3, 6)];
    const errors: string[] = [];
    const index = new WorkspaceIndex();
    await readFilesInto(index, broken, pool, { readText: read, minBytes: 0, onError: (file, error) => errors.push(`${file.path.slice(dir.length)}: ${String(error)}`) });
    expect(errors).toEqual([expect.stringMatching(/^\/gone\.clause\.md: .*Cannot read .*gone\.clause\.md: ENOENT/)]);
    expect(held(index)).toEqual(expected(files.slice(0, 6)));
    await expect(readFilesInto(new WorkspaceIndex(), broken, pool, { readText: read, minBytes: 0 })).rejects.toThrow(/ENOENT/);
  });

  it('puts nothing in the index for a file the caller handled itself (too large to read)', async () => {
    const index = new WorkspaceIndex();
    await readFilesInto(index, files.slice(0, 4), pool, { readText: (file) => (file === files[2] ? undefined : read(file)), minBytes: 0 });
    expect(held(index).map((d) => d.uri)).toEqual([0, 1, 3].map((i) => files[i]!.uri));
  });

  it('without workers, lets timers run while it reads', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const slow = (file: FileToRead) => {
      const until = performance.now() + 4;
      while (performance.now() < until);
      return read(file);
    };
    await readFilesInto(new WorkspaceIndex(), files, undefined, { readText: slow });
    clearInterval(timer);
    // 12 files of at least 4 ms each, a pause every 10 ms: at least 3 pauses, each lets the 1 ms timer fire.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});
