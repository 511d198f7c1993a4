// The caches through the server: a server given `cacheDirectory` stores an opened document's blocks (and, for a
// large one, the rules' findings), and a second server with the same directory opens the document from the cache
// (takes the findings) with the same diagnostics.

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
const largeUri = pathToFileURL(join(workspace, 'large.clause.md')).href;
/** Above the findings cache's threshold (100,000 characters), with findings of a few rules. */
const large = `${generateContract({ seed: 5, targetBytes: 120_000 }).text}\n\nSee §999 and [[Nothing Defined]] [@no-such-source].\n`;

type Report = { items: { code: string; range: unknown; message: string }[] };

/** A server with the cache, a document opened, and its pulled diagnostics. */
async function openIn(doc = { uri, text }, options: Record<string, unknown> = {}): Promise<{ session: ServerSession; report: Report }> {
  const session = startServerProcess(join(repo, 'server/out/main.js'), repo);
  await session.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true } },
    initializationOptions: { trusted: true, cacheDirectory, ...options },
  });
  await session.notify('initialized', {});
  await session.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'clausemark', version: 1, text: doc.text } });
  const report = await session.request<Report>('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
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

  it('keeps an opened document’s findings, and a second server takes them on reopen', async () => {
    const first = await openIn({ uri: largeUri, text: large }, { readWorkers: 0 });
    expect(first.session.logs.join('\n')).not.toMatch(/from the findings cache/);
    expect(await first.session.close()).toBe(0);
    expect(readdirSync(cacheDirectory).filter((n) => n.endsWith('.findings')).length).toBeGreaterThanOrEqual(1);

    const second = await openIn({ uri: largeUri, text: large }, { readWorkers: 0 });
    await waitFor(() => second.session.logs.find((m) => m.includes('from the findings cache')), 30_000);
    expect(second.report.items).toEqual(first.report.items);
    expect(second.report.items.map((d) => d.code)).toEqual(expect.arrayContaining(['ref.broken', 'term.undefined', 'cite.unknown']));
    expect(await second.session.close()).toBe(0);
  });
});
