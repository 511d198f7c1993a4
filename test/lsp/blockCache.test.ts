// The block cache through the server: a server given `cacheDirectory` stores an opened document's blocks, and a
// second server with the same directory opens the document from the cache with the same diagnostics.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { startServerProcess, waitFor, type ServerSession } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'clausemark-lsp-cache-'));
const cacheDirectory = join(root, 'storage', 'block-cache');
const workspace = join(root, 'workspace');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const uri = pathToFileURL(join(workspace, 'contract.clause.md')).href;
const { text } = generateContract({ seed: 5, targetBytes: 40_000 });

type Report = { items: { code: string; range: unknown; message: string }[] };

/** A server with the cache, the document opened, and its pulled diagnostics. */
async function openIn(): Promise<{ session: ServerSession; report: Report }> {
  const session = startServerProcess(join(repo, 'server/out/main.js'), repo);
  await session.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true } },
    initializationOptions: { trusted: true, cacheDirectory },
  });
  await session.notify('initialized', {});
  await session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text } });
  const report = await session.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
  return { session, report };
}

describe('the server with a block cache directory', { timeout: 60_000 }, () => {
  it('stores an opened document, and a second server opens it from the cache', async () => {
    const first = await openIn();
    expect(first.session.logs.join('\n')).not.toMatch(/from the block cache/);
    expect(await first.session.close()).toBe(0); // Shutting down writes what waits to be stored.
    expect(readdirSync(cacheDirectory).filter((n) => n.endsWith('.pack'))).toHaveLength(1);

    const second = await openIn();
    const line = await waitFor(() => second.session.logs.find((m) => m.includes('from the block cache')), 30_000);
    const [, found, blocks] = /: (\d+) of (\d+) blocks/.exec(line)!;
    expect(Number(found)).toBe(Number(blocks));
    expect(second.report.items).toEqual(first.report.items);
    expect(await second.session.close()).toBe(0);
  });
});
