// The parallel workspace load (issue 6): `loadWorkspaceParallel` through a read pool gives the index `loadWorkspace`
// gives — the same documents in the same order, the same models, sources and diagnostics — and `--jobs 2` prints what
// `--jobs 1` prints, in process and as the built command, with a reading progress line on a terminal.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWorkspace } from '../../bench/generate.js';
import { loadWorkspace, loadWorkspaceParallel, type LoadedWorkspace } from '../../server/src/cli/loadWorkspace.js';
import { runCli, runCliAsync } from '../../server/src/cli/main.js';
import { ReadPool } from '../../server/src/host/readPool.js';
import { DEFAULT_CONFIG, documentDiagnostics } from '../../server/src/language/index.js';

const repo = new URL('../..', import.meta.url).pathname;
const workerFile = join(repo, 'server/out/readWorker.js');
const EXAMPLE = 'examples/frontier-dispute';

const generated = mkdtempSync(join(tmpdir(), 'clausemark-parallel-'));
// 3 glossaries and 24 small contracts (about 3 KB each), a bibliography and clausemark.json.
writeWorkspace(generated, { seed: 11, files: 24, fileBytes: 2_500, glossaries: 3, termsPerGlossary: 20, sources: 30 });

const pools: ReadPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(generated, { recursive: true, force: true });
});
const pool = (size = 2) => {
  const p = new ReadPool({ workerFile, size });
  pools.push(p);
  return p;
};

/** Everything the index holds and says, in the order it holds it. */
function snapshot({ index, documents, roots }: LoadedWorkspace) {
  return {
    documents,
    roots,
    models: [...index.documents()].map((d) => ({ uri: d.uri, version: d.version, model: d.model, tooLarge: d.tooLarge })),
    sources: [...index.sourceFiles()].map((f) => ({ uri: f.uri, entries: f.entries, problems: f.problems })),
    diagnostics: [...index.documents()].map((d) => documentDiagnostics(index, d.uri, DEFAULT_CONFIG)),
  };
}

describe('loadWorkspaceParallel', { timeout: 120_000 }, () => {
  it.each([
    ['the example workspace', EXAMPLE, repo],
    ['a generated workspace of 27 documents', generated, generated],
  ])('loads %s as loadWorkspace does', async (_, path, cwd) => {
    const sync = snapshot(loadWorkspace([path], cwd));
    const parallel = snapshot(await loadWorkspaceParallel([path], cwd, pool(), { minBytes: 0 }));
    expect(parallel.models.length).toBeGreaterThan(2);
    expect(parallel).toEqual(sync);
  });

  it('loads with one worker, and with no worker that can start, as loadWorkspace does', async () => {
    const sync = snapshot(loadWorkspace([generated], generated));
    expect(snapshot(await loadWorkspaceParallel([generated], generated, pool(1), { minBytes: 0 }))).toEqual(sync);
    const broken = new ReadPool({ workerFile: join(repo, 'no/such/worker.js'), size: 2, onError: () => {} });
    pools.push(broken);
    expect(snapshot(await loadWorkspaceParallel([generated], generated, broken, { minBytes: 0 }))).toEqual(sync);
  });

  it('gives a document above maxFileSize the empty model and its one note, as loadWorkspace does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clausemark-parallel-limit-'));
    writeFileSync(join(dir, 'clausemark.json'), '{ "maxFileSize": 60 }');
    writeFileSync(join(dir, 'big.clause.md'), '# 1. Scope\n\nEvery [[Compute Credit]] is billed under Section 9.\n');
    writeFileSync(join(dir, 'small.clause.md'), '# 1. A\n\n"T" means t.\n');
    try {
      const sync = snapshot(loadWorkspace([dir], dir));
      expect(sync.models[0]!.tooLarge).toBeGreaterThan(60);
      expect(snapshot(await loadWorkspaceParallel([dir], dir, pool(), { minBytes: 0 }))).toEqual(sync);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing path as loadWorkspace does', async () => {
    await expect(loadWorkspaceParallel(['nowhere'], repo, pool())).rejects.toThrow(/No such file or folder: nowhere/);
  });
});

describe('--jobs', { timeout: 120_000 }, () => {
  it.each([
    [['check', EXAMPLE, '--format', 'json'], repo],
    [['check', '.'], generated],
    [['index', EXAMPLE], repo],
    [['report', EXAMPLE, '--kind', 'terms', '--format', 'json'], repo],
  ])('%j with --jobs 2 prints what --jobs 1 prints', async (args, cwd) => {
    const one = runCli([...args, '--jobs', '1'], cwd);
    const two = await runCliAsync([...args, '--jobs', '2'], cwd, {}, { workerFile });
    expect(one.stdout.length).toBeGreaterThan(0);
    expect(two).toEqual(one);
  });

  it('shows "read N/M files", then "checked N/M files", in place on a terminal, and clears the line', async () => {
    const written: string[] = [];
    const result = await runCliAsync(['check', '.', '--jobs', '2'], generated, { stderr: { isTTY: true, write: (t: string) => written.push(t) } }, { workerFile });
    expect(result.stdout).toMatch(/ in 27 files/);
    expect(written[0]).toBe('\r\x1b[2Kread 1/27 files');
    expect(written).toContain('\r\x1b[2Kread 27/27 files');
    expect(written.indexOf('\r\x1b[2Kchecked 1/27 files')).toBeGreaterThan(written.indexOf('\r\x1b[2Kread 27/27 files'));
    expect(written.at(-1)).toBe('\r\x1b[2K');
    expect(written.every((w) => !w.includes('\n'))).toBe(true);
  });

  it('starts no worker for a small workspace unless --jobs asks, and says once when none can start', async () => {
    const noWorker = { workerFile: join(repo, 'no/such/worker.js') };
    const expected = runCli(['check', EXAMPLE], repo);
    const quiet: string[] = [];
    expect(await runCliAsync(['check', EXAMPLE], repo, { stderr: { write: (t: string) => quiet.push(t) } }, noWorker)).toEqual(expected);
    expect(quiet).toEqual([]);
    const told: string[] = [];
    expect(await runCliAsync(['check', EXAMPLE, '--jobs', '2'], repo, { stderr: { write: (t: string) => told.push(t) } }, noWorker)).toEqual(expected);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^clausemark: .*worker.*\n$/);
  });

  it('refuses --jobs 0 and --jobs x with one line', async () => {
    for (const jobs of ['0', 'x', '1.5']) {
      const result = await runCliAsync(['check', EXAMPLE, '--jobs', jobs], repo, {}, { workerFile });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--jobs must be a whole number/);
    }
  });

  it('the built command: check --jobs 2 prints what --jobs 1 prints, and ends', () => {
    const cli = join(repo, 'server/out/cli.js');
    const run = (jobs: string) => spawnSync(process.execPath, [cli, 'check', generated, '--jobs', jobs], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    const one = run('1');
    const two = run('2');
    expect(two.error).toBeUndefined();
    expect(one.stdout).toMatch(/ in 27 files/);
    expect({ stdout: two.stdout, stderr: two.stderr, status: two.status }).toEqual({ stdout: one.stdout, stderr: one.stderr, status: one.status });
  });
});
