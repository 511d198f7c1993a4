// The Node flags a client starts the server with (`serverNodeFlags` of server/src/protocol.ts): no pretenuring of
// allocation sites on every machine, and one V8 background thread and a bounded heap growth on machines of two cores
// or fewer; and a server started with either set answers (the Node it runs on knows every flag).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../../server/src/protocol.js';
import { startServerProcess } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;

describe('serverNodeFlags', () => {
  const cases: [cores: number, flags: string[]][] = [
    [1, ['--v8-pool-size=1', '--heap-growing-percent=50', '--no-allocation-site-pretenuring']],
    [2, ['--v8-pool-size=1', '--heap-growing-percent=50', '--no-allocation-site-pretenuring']],
    [3, ['--no-allocation-site-pretenuring']],
    [4, ['--no-allocation-site-pretenuring']],
    [64, ['--no-allocation-site-pretenuring']],
  ];
  it.each(cases)('on %i cores: %j', (cores, flags) => {
    expect(serverNodeFlags(cores)).toEqual(flags);
  });

  it.each([1, 8])('starts a server that answers a hover, with the flags for %i cores on its command line', { timeout: 30_000 }, async (cores) => {
    const session = startServerProcess(join(repo, 'server/out/main.js'), repo, serverNodeFlags(cores));
    try {
      await session.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {}, initializationOptions: { trusted: true } });
      await session.notify('initialized', {});
      const uri = pathToFileURL(join(repo, 'flags.clause.md')).href;
      const text = '"Agent" means a program.\n\nEach Agent acts alone.\n';
      await session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text } });
      const hover = await session.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } });
      expect(hover?.contents.value).toContain('a program');
      if (process.platform === 'linux') expect(readFileSync(`/proc/${session.process.pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(serverNodeFlags(cores)));
    } finally {
      expect(await session.close()).toBe(0);
    }
  });
});
