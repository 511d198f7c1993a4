// A large document opened in the server is read in worker threads: a progress report while it is read, edits made
// meanwhile applied after it, and the same diagnostics as a server without workers (`readWorkers: 0`). The files of
// a workspace are indexed in the workers too, with an indexing progress report and the same workspace diagnostics.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateContract, writeWorkspace } from '../../bench/generate.js';
import { startServerProcess } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;
const workspace = join(repo, 'test/fixtures/empty-workspace-for-workers');
const uri = pathToFileURL(join(workspace, 'large.clause.md')).href;
const { text, truth } = generateContract({ seed: 11, targetBytes: 600_000 });

type Report = { items: { code: string; range: { start: { line: number; character: number } }; message: string }[] };

/** Opens the document, types the generator's planted edit at once, and pulls until the diagnostics show it. */
async function openAndEdit(readWorkers: number | undefined): Promise<{ report: Report; logs: string; progress: boolean }> {
  const session = startServerProcess(join(repo, 'server/out/main.js'), repo);
  await session.request('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, window: { workDoneProgress: true } },
    initializationOptions: { trusted: true, ...(readWorkers !== undefined ? { readWorkers } : {}) },
  });
  await session.notify('initialized', {});
  await session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text } });
  const lines = text.slice(0, truth.edit.offset).split('\n');
  const at = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  await session.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: truth.edit.insert }] });
  let report: Report | undefined;
  for (const end = Date.now() + 120_000; !report && Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const r = await session.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
    if (r.items.some((d) => d.code === 'ref.broken')) report = r;
  }
  if (!report) throw new Error('the edit never showed in the diagnostics');
  const logs = session.logs.join('\n');
  const progress = session.progress.some((v) => JSON.stringify(v).includes('Clausemark: reading'));
  expect(await session.close()).toBe(0);
  return { report, logs, progress };
}

describe('reading a large document in worker threads', { timeout: 240_000 }, () => {
  it('gives the diagnostics of a server without workers, edits made meanwhile included, with a progress report', async () => {
    const workers = await openAndEdit(undefined);
    expect(workers.logs).toMatch(/read .*large\.clause\.md in \d+ worker threads/);
    expect(workers.progress).toBe(true);
    const plain = await openAndEdit(0);
    expect(plain.logs).not.toMatch(/worker threads/);
    expect(workers.report.items).toEqual(plain.report.items);
  });
});

type WorkspaceReport = { items: { uri: string; items: { code: string; range: unknown; message: string }[] }[] };

/** Starts a server on a workspace folder, pulls the workspace diagnostics (they wait for the indexing) and ends it. */
async function indexWorkspace(folder: string, readWorkers: number | undefined): Promise<{ report: WorkspaceReport; logs: string; progress: unknown[] }> {
  const session = startServerProcess(join(repo, 'server/out/main.js'), repo);
  await session.request('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'generated' }],
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, window: { workDoneProgress: true } },
    initializationOptions: { trusted: true, ...(readWorkers !== undefined ? { readWorkers } : {}) },
  });
  await session.notify('initialized', {});
  const report = await session.request<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [] });
  report.items.sort((a, b) => (a.uri < b.uri ? -1 : 1));
  // Result ids are each server's own: what is compared is the reports' kinds and items.
  for (const item of report.items as { resultId?: string }[]) delete item.resultId;
  const logs = session.logs.join('\n');
  const progress = [...session.progress];
  expect(await session.close()).toBe(0);
  return { report, logs, progress };
}

describe('indexing a workspace in worker threads', { timeout: 240_000 }, () => {
  it('gives the workspace diagnostics of a server without workers, with an indexing progress report', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'clausemark-index-workers-'));
    try {
      // 40 contracts of about 8 KB and 2 glossaries: over the 256 KB from which every file goes to a worker.
      writeWorkspace(folder, { seed: 5, files: 40, fileBytes: 7_000, glossaries: 2, termsPerGlossary: 20, sources: 20 });
      const workers = await indexWorkspace(folder, undefined);
      expect(workers.logs).toMatch(/indexed 42 files in \d+ ms in [12] worker threads/);
      const plain = await indexWorkspace(folder, 0);
      expect(plain.logs).toMatch(/indexed 42 files in \d+ ms$/m);
      expect(workers.report.items.length).toBeGreaterThanOrEqual(42);
      expect(workers.report.items.some((i) => i.items.length > 0)).toBe(true);
      expect(workers.report.items).toEqual(plain.report.items);
      // Begun with the number of files, reported in rising percentages up to 100, ended.
      for (const { progress } of [workers, plain]) {
        const indexing = progress.filter((v) => JSON.stringify(v).includes('of 42 files') || JSON.stringify(v).includes('Clausemark: indexing'));
        expect(indexing[0]).toMatchObject({ kind: 'begin', title: 'Clausemark: indexing', message: '42 files' });
        const percents = indexing.slice(1).map((v) => (v as { percentage: number }).percentage);
        expect(percents.length).toBeGreaterThan(5);
        expect(percents).toEqual([...percents].sort((a, b) => a - b));
        expect(percents.at(-1)).toBe(100);
        expect(progress).toContainEqual({ kind: 'end' });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
