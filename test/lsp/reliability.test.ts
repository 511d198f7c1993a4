// Protocol tests of reliability and security: the bundled server spawned over stdio on small folders. Injected faults
// (CLAUSEMARK_TEST_FAULT=rule,hover): the faulty hover errors and is logged, diagnostics still come with the other
// rules' findings, the next hover works and the process lives on. An untrusted workspace reads no import, no
// bibliography, no clausemark.json and indexes no folder. The size limit from the settings. The watcher reads
// nothing through a symbolic link out of the folder, and a bibliography broken while it is written keeps its sources.

import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, waitFor, type ServerSession } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;
const serverPath = join(repo, 'server/out/main.js');

interface LspDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly severity: number;
}

/** A new folder holding `files` (by relative path). */
function folder(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'clausemark-lsp-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Starts the server on `dir` (with `env` set while it spawns), initialized with pull diagnostics. */
async function start(dir: string, options: { trusted?: boolean; env?: Record<string, string>; settings?: () => unknown } = {}): Promise<ServerSession> {
  const saved = { ...process.env };
  Object.assign(process.env, options.env ?? {});
  const session = startServerProcess(serverPath, repo);
  process.env = saved;
  if (options.settings) session.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => options.settings!()));
  await session.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    capabilities: { textDocument: { diagnostic: {}, hover: { contentFormat: ['markdown'] } }, workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions: { trusted: options.trusted ?? true },
  });
  await session.notify('initialized', {});
  return session;
}

const uriIn = (dir: string, path: string) => pathToFileURL(join(dir, path)).href;
const open = (session: ServerSession, uri: string, text: string) =>
  session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text } });
const pull = async (session: ServerSession, uri: string) =>
  (await session.request<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;
/** Polls an asynchronous `check` until it gives a value, failing after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const position = (text: string, needle: string, shift = 1) => {
  const before = text.slice(0, text.indexOf(needle) + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
};

describe('injected faults (CLAUSEMARK_TEST_FAULT=rule,hover)', { timeout: 30_000 }, () => {
  const text = '"Agent" means a program.\n\nEach Agent spends a [[Compute Credit]].\n';
  let dir: string;
  let session: ServerSession;
  beforeAll(async () => {
    dir = folder({ 'fault.clause.md': text, 'ok.clause.md': text });
    session = await start(dir, { env: { CLAUSEMARK_TEST_FAULT: 'rule,hover,bogus' } });
    await open(session, uriIn(dir, 'fault.clause.md'), text);
    await open(session, uriIn(dir, 'ok.clause.md'), text);
  }, 30_000);
  afterAll(async () => {
    expect(await session.close()).toBe(0);
  });

  it('says that faults are injected', async () => {
    await pull(session, uriIn(dir, 'ok.clause.md'));
    expect(session.logs).toContainEqual('Clausemark: test faults injected (CLAUSEMARK_TEST_FAULT): rule, hover');
  });

  it('a rule that throws gives one finding naming it; the other rules still report', async () => {
    const items = await pull(session, uriIn(dir, 'fault.clause.md'));
    expect(items.filter((d) => d.code === 'test.fault')).toEqual([expect.objectContaining({ message: 'Rule test.fault failed: Error: injected rule fault', severity: 1 })]);
    expect(items.map((d) => d.code)).toContain('term.undefined');
  });

  it('a hover that throws answers that request with an error and is logged; the next hover works; the process lives', async () => {
    const failing = session.request('textDocument/hover', { textDocument: { uri: uriIn(dir, 'fault.clause.md') }, position: position(text, 'Agent spends') });
    await expect(failing).rejects.toThrow('Clausemark: hover failed: injected hover fault');
    await waitFor(() => session.logs.find((l) => l.startsWith('Clausemark: hover failed: Error: injected hover fault')));
    const hover = await session.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uriIn(dir, 'ok.clause.md') }, position: position(text, 'Agent spends') });
    expect(hover.contents.value).toContain('**Agent**');
    expect(session.process.exitCode).toBeNull();
    const stats = await session.request<{ terms: number }>('clausemark/documentStats', { uri: uriIn(dir, 'ok.clause.md') });
    expect(stats.terms).toBe(1);
  });

  it('answers its process id', async () => {
    expect(await session.request('clausemark/pid', null)).toBe(session.process.pid);
  });
});

describe('an untrusted workspace', { timeout: 30_000 }, () => {
  const doc = '---\nimports: [glossary.clause.md]\nbibliography: refs.yaml\n---\n\nThe [[Agent]] cites [@a].\n';
  let dir: string;
  let session: ServerSession;
  beforeAll(async () => {
    dir = folder({
      'doc.clause.md': doc,
      'glossary.clause.md': '"Agent" means a program.\n',
      'refs.yaml': '- id: a\n  title: A\n',
      'other.clause.md': '"Widget" means a part.\n',
      'clausemark.json': '{ "rules": { "term.undefined": "off", "cite.unknown": "off", "import.missing": "off" } }',
    });
    session = await start(dir, { trusted: false });
    await open(session, uriIn(dir, 'doc.clause.md'), doc);
  }, 30_000);
  afterAll(async () => {
    expect(await session.close()).toBe(0);
  });

  it('reads no import, no bibliography and no clausemark.json', async () => {
    const items = await pull(session, uriIn(dir, 'doc.clause.md'));
    const missing = items.filter((d) => d.code === 'import.missing').map((d) => d.message);
    expect(missing).toEqual([
      'Import "glossary.clause.md": is not read in an untrusted workspace',
      'Bibliography "refs.yaml": is not read in an untrusted workspace',
    ]);
    // The rule levels of clausemark.json would switch these off: it was not read.
    expect(items.map((d) => d.code)).toEqual(expect.arrayContaining(['term.undefined', 'cite.unknown']));
  });

  it('indexes no folder: no other file in workspace diagnostics or symbols, not even after a watcher event', async () => {
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriIn(dir, 'other.clause.md'), type: 1 }] });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const report = await session.request<{ items: { uri: string }[] }>('workspace/diagnostic', { previousResultIds: [] });
    expect(report.items.map((i) => i.uri)).toEqual([]);
    expect(await session.request<unknown[]>('workspace/symbol', { query: 'Widget' })).toEqual([]);
    expect(await session.request<unknown[]>('workspace/symbol', { query: 'Agent' })).toEqual([]);
  });

  it('reads nothing from disk when the document is closed', async () => {
    await session.notify('textDocument/didClose', { textDocument: { uri: uriIn(dir, 'doc.clause.md') } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await session.request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: uriIn(dir, 'doc.clause.md') } })).toMatchObject({ items: [] });
  });
});

describe('a long workspace diagnostic pull (CLAUSEMARK_TEST_FAULT=slow: 20 ms a document)', { timeout: 60_000 }, () => {
  it('lets a hover in between, and answers every document', async () => {
    const files: Record<string, string> = { 'open.clause.md': '"Agent" means a program.\n\nEach Agent acts alone.\n' };
    for (let k = 0; k < 30; k++) files[`contracts/c${k}.clause.md`] = `# 1. Scope\n\nThe Supplier delivers under Section ${k + 2}.\n`;
    const dir = folder(files);
    const session = await start(dir, { env: { CLAUSEMARK_TEST_FAULT: 'slow' } });
    try {
      const uri = uriIn(dir, 'open.clause.md');
      await open(session, uri, files['open.clause.md']!);
      await pull(session, uri);
      const order: string[] = [];
      const workspace = session.request<{ items: { uri: string; items: LspDiagnostic[] }[] }>('workspace/diagnostic', { previousResultIds: [] }).then((r) => (order.push('workspace'), r));
      const hover = session.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: position(files['open.clause.md']!, 'Agent acts') }).then((h) => (order.push('hover'), h));
      const [report, answer] = await Promise.all([workspace, hover]);
      // 30 documents at 20 ms each: the hover is answered while the pull goes on.
      expect(order).toEqual(['hover', 'workspace']);
      expect(answer?.contents.value).toContain('Agent');
      expect(report.items.map((i) => i.uri).sort()).toEqual(Object.keys(files).filter((f) => f.startsWith('contracts/')).map((f) => uriIn(dir, f)).sort());
      expect(report.items.every((i) => i.items.some((d) => d.code === 'ref.broken'))).toBe(true);
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the size limit from the settings', { timeout: 30_000 }, () => {
  it('gives a larger document one note and no analysis, and analyses it once the setting is raised', async () => {
    const text = '# 1. Scope\n\nEvery [[Compute Credit]] is billed under Section 9.\n';
    const dir = folder({ 'doc.clause.md': text });
    let settings: unknown = { maxFileSize: 40 };
    const session = await start(dir, { settings: () => settings });
    const uri = uriIn(dir, 'doc.clause.md');
    await open(session, uri, text);
    expect(await pull(session, uri)).toEqual([expect.objectContaining({ code: 'limit.file-size', severity: 3 })]);
    settings = { maxFileSize: 'big' };
    await session.notify('workspace/didChangeConfiguration', { settings: null });
    await eventually(async () => ((await pull(session, uri)).some((d) => d.code === 'term.undefined') ? true : undefined));
    expect((await pull(session, uri)).map((d) => d.code)).not.toContain('limit.file-size');
    expect(await session.close()).toBe(0);
  });

  it('indexes a file of the folder above the limit of clausemark.json without analysing it', async () => {
    const dir = folder({ 'big.clause.md': `"Agent" means a program.\n\n${'Each Agent acts. '.repeat(20)}\n`, 'clausemark.json': '{ "maxFileSize": 100 }' });
    const session = await start(dir);
    const report = await session.request<{ items: { uri: string; items: LspDiagnostic[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
    expect(report.items.find((i) => i.uri === uriIn(dir, 'big.clause.md'))!.items.map((d) => d.code)).toEqual(['limit.file-size']);
    expect(await session.request<unknown[]>('workspace/symbol', { query: 'Agent' })).toEqual([]);
    expect(await session.close()).toBe(0);
  });
});

describe('the watcher', { timeout: 30_000 }, () => {
  it('reads nothing through a symbolic link out of the folder', async () => {
    const outside = folder({ 'secret.clause.md': '"Secret" means the hidden thing.\n', 'clausemark.json': '{ "rules": { "term.undefined": "off" } }' });
    const dir = folder({ 'doc.clause.md': 'The [[Secret]].\n' });
    const session = await start(dir);
    await open(session, uriIn(dir, 'doc.clause.md'), 'The [[Secret]].\n');
    await pull(session, uriIn(dir, 'doc.clause.md'));
    symlinkSync(join(outside, 'secret.clause.md'), join(dir, 'link.clause.md'));
    symlinkSync(join(outside, 'clausemark.json'), join(dir, 'clausemark.json'));
    await session.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriIn(dir, 'link.clause.md'), type: 1 }, { uri: uriIn(dir, 'clausemark.json'), type: 1 }, { uri: pathToFileURL(join(outside, 'secret.clause.md')).href, type: 2 }],
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await session.request<unknown[]>('workspace/symbol', { query: 'Secret' })).toEqual([]);
    expect((await pull(session, uriIn(dir, 'doc.clause.md'))).map((d) => d.code)).toContain('term.undefined');
    expect(await session.close()).toBe(0);
  });

  it('answers the workspace pull after a change with the files it affects checked again and the others as they were', async () => {
    const glossary = '"Widget" means a small device.\n\n"Gadget" means a larger device.\n';
    const contract = (uses: string) => `---\nimports: [glossary.clause.md]\n---\n\n# 1. Supply\n\nThe supplier delivers ${uses}.\n`;
    const dir = folder({ 'glossary.clause.md': glossary, 'a.clause.md': contract('a Gadget'), 'b.clause.md': contract('boxes [[Nothing]]') });
    const session = await start(dir);
    type Report = { items: { uri: string; items: LspDiagnostic[] }[] };
    const workspace = async () => {
      const r = await session.request<Report>('workspace/diagnostic', { previousResultIds: [] });
      return new Map(r.items.map((i) => [i.uri, i.items.map((d) => `${d.code} ${d.message}`)]));
    };
    const before = await workspace();
    expect(before.get(uriIn(dir, 'glossary.clause.md'))!.join('\n')).toMatch(/term\.unused .*Widget/);
    // A contract on disk starts using Widget: the glossary loses its finding; the other contract keeps its own.
    writeFileSync(join(dir, 'a.clause.md'), contract('a Gadget and a Widget'));
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriIn(dir, 'a.clause.md'), type: 2 }] });
    const after = await eventually(async () => {
      const r = await workspace();
      return r.get(uriIn(dir, 'glossary.clause.md'))!.some((d) => /Widget/.test(d)) ? undefined : r;
    });
    expect(after.get(uriIn(dir, 'b.clause.md'))).toEqual(before.get(uriIn(dir, 'b.clause.md')));
    expect(after.get(uriIn(dir, 'b.clause.md'))!.join('\n')).toMatch(/term\.undefined/);
    expect(await session.close()).toBe(0);
  });

  it('keeps the sources of a bibliography broken while it is written, and says so on the file', async () => {
    const good = '- id: a\n  title: A\n- id: b\n  title: B\n';
    const doc = '---\nbibliography: refs.yaml\n---\n\nSee [@a] and [@b].\n';
    const dir = folder({ 'doc.clause.md': doc, 'refs.yaml': good });
    const session = await start(dir);
    const uri = uriIn(dir, 'doc.clause.md');
    await open(session, uri, doc);
    expect((await pull(session, uri)).map((d) => d.code)).not.toContain('cite.unknown');
    writeFileSync(join(dir, 'refs.yaml'), good.slice(0, 24));
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriIn(dir, 'refs.yaml'), type: 2 }] });
    const report = await eventually(async () => {
      const r = await session.request<{ items: { uri: string; items: LspDiagnostic[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
      return r.items.find((i) => i.uri === uriIn(dir, 'refs.yaml') && i.items.length > 0);
    });
    expect(report.items[0]!.message).toMatch(/until the file can be read whole, the source "b" is kept as last read$/);
    expect((await pull(session, uri)).map((d) => d.code)).not.toContain('cite.unknown');
    expect(await session.close()).toBe(0);
  });
});
