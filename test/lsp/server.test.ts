// Protocol tests: the bundled server spawned over stdio, as an editor would run it. Initialize, open a document of
// the example workspace, pull and push diagnostics, the status-bar counts, and a clean shutdown.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, waitFor, type ServerSession } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;
const example = join(repo, 'examples/frontier-dispute');
const msUri = pathToFileURL(join(example, 'microsoft-openai.clause.md')).href;
const msText = readFileSync(join(example, 'microsoft-openai.clause.md'), 'utf8');

function initialize(session: ServerSession, pull: boolean) {
  return session.request<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(example).href,
    workspaceFolders: [{ uri: pathToFileURL(example).href, name: 'frontier-dispute' }],
    capabilities: {
      textDocument: { ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}), hover: { contentFormat: ['markdown'] } },
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: true },
    },
    initializationOptions: { trusted: true },
  });
}

describe('the server over stdio, pulling diagnostics', () => {
  let session: ServerSession;
  beforeAll(async () => {
    session = startServerProcess(join(repo, 'server/out/main.js'), repo);
    const init = await initialize(session, true);
    expect(init.capabilities).toMatchObject({ textDocumentSync: { change: 2 }, diagnosticProvider: { workspaceDiagnostics: true } });
    await session.notify('initialized', {});
    await session.notify('textDocument/didOpen', { textDocument: { uri: msUri, languageId: 'clausemark', version: 1, text: msText } });
  });
  afterAll(async () => {
    expect(await session.close()).toBe(0);
  });

  it('answers a document diagnostic pull with no error on the example', async () => {
    const report = await session.request<{ kind: string; items: { severity: number; code: string; source: string }[] }>('textDocument/diagnostic', { textDocument: { uri: msUri } });
    expect(report.kind).toBe('full');
    expect(report.items.filter((d) => d.severity === 1)).toEqual([]);
    for (const d of report.items) expect(d.source).toBe('clausemark');
  });

  it('reports a new finding after an incremental edit', async () => {
    const line = msText.split('\n').length - 1;
    await session.notify('textDocument/didChange', {
      textDocument: { uri: msUri, version: 2 },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\nSee [[Compute Credit and > [!EXPLIAN]\n' }],
    });
    const report = await session.request<{ items: { code: string; range: { start: { line: number } }; codeDescription: { href: string } }[] }>('textDocument/diagnostic', { textDocument: { uri: msUri } });
    const unclosed = report.items.find((d) => d.code === 'syntax.unclosed');
    expect(unclosed?.range.start.line).toBe(line + 1);
    expect(unclosed?.codeDescription.href).toMatch(/docs\/rules\.md#syntax\.unclosed$/);
  });

  it('gives the status-bar counts', async () => {
    const stats = await session.request<{ terms: number; clauses: number }>('clausemark/documentStats', { uri: msUri });
    expect(stats.terms).toBeGreaterThan(3);
    expect(stats.clauses).toBeGreaterThan(10);
  });

  it('answers workspace diagnostics for the files that are not open', async () => {
    const report = await session.request<{ items: { uri: string }[] }>('workspace/diagnostic', { previousResultIds: [] });
    const uris = report.items.map((i) => i.uri);
    expect(uris).toContain(pathToFileURL(join(example, 'amazon-openai.clause.md')).href);
    expect(uris).not.toContain(msUri);
  });

  it('survives a request for a document it does not know', async () => {
    const report = await session.request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: 'file:///nowhere/x.clause.md' } });
    expect(report.items).toEqual([]);
  });
});

describe('the server over stdio, pushing diagnostics to a client without pull', () => {
  it('publishes diagnostics for the opened document', async () => {
    const session = startServerProcess(join(repo, 'server/out/main.js'), repo);
    await initialize(session, false);
    await session.notify('initialized', {});
    const uri = pathToFileURL(join(example, 'scratch.clause.md')).href;
    await session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text: '---\nimports: [missing.clause.md]\n---\n' } });
    const diagnostics = (await waitFor(() => session.pushed.get(uri))) as { code: string }[];
    expect(diagnostics.map((d) => d.code)).toEqual(['import.missing']);
    expect(await session.close()).toBe(0);
  });
});
