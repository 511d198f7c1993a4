// End-to-end test of a crash: the language server's process is killed (twice) from the test; each time the client
// starts a new server, hovers work again, and the user is told once, with one warning, not once per crash.
// The server's process id comes from the hidden command `clausemark.test.serverPid`, registered only under test;
// its command line shows the Node flags the client started it with (`serverNodeFlags` of server/src/protocol.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const workspace = process.env.CLAUSEMARK_E2E_WORKSPACE ?? path.resolve(__dirname, '../../../../examples/frontier-dispute');

interface Api {
  readonly client?: { isRunning(): boolean };
  readonly notices: readonly string[];
}

/** Polls `check` until it returns a value, failing after `ms`. */
async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 45_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function serverPid(): Promise<number | undefined> {
  try {
    return await vscode.commands.executeCommand<number | undefined>('clausemark.test.serverPid');
  } catch {
    return undefined;
  }
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

export const tests = {
  async 'starts the server with one V8 background thread on two cores, with Node\'s default on more, and no pretenuring on any'() {
    const extension = vscode.extensions.getExtension<Api>('clausemark.clausemark');
    assert.ok(extension, 'the extension is not installed');
    const api = await extension.activate();
    await until('the language client to run', () => api.client?.isRunning());
    const pid = await until('the server process id', serverPid);
    if (process.platform !== 'linux') return; // The command line is read from /proc.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const twoCores = os.availableParallelism() <= 2;
    assert.equal(args.includes('--v8-pool-size=1'), twoCores, `the server's command line: ${args.join(' ')}`);
    assert.equal(args.includes('--heap-growing-percent=50'), twoCores, `the server's command line: ${args.join(' ')}`);
    assert.ok(args.includes('--no-allocation-site-pretenuring'), `the server's command line: ${args.join(' ')}`);
  },

  async 'restarts a killed language server, hovers work again, and the user is told once'() {
    const extension = vscode.extensions.getExtension<Api>('clausemark.clausemark');
    assert.ok(extension, 'the extension is not installed');
    const api = await extension.activate();
    await until('the language client to run', () => api.client?.isRunning());
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(workspace, 'microsoft-openai.clause.md')));
    await vscode.window.showTextDocument(doc, { preview: false });
    const position = doc.positionAt(doc.getText().indexOf('Stateless API Calls') + 3);
    await until('a hover before the crash', async () => /Stateless API Call/.test(await hoverText(doc.uri, position)));
    const noticesBefore = api.notices.length;

    let previous = await until('the server process id', serverPid);
    for (const round of [1, 2]) {
      process.kill(previous, 'SIGKILL');
      await until(`the killed server (${round}) to be gone`, () => !alive(previous));
      const next = await until(`a new server process (${round})`, async () => {
        if (!api.client?.isRunning()) return undefined;
        const pid = await serverPid();
        return pid !== undefined && pid !== previous ? pid : undefined;
      });
      await until(`a hover from the new server (${round})`, async () => /Stateless API Call/.test(await hoverText(doc.uri, position)));
      previous = next;
    }

    const told = api.notices.slice(noticesBefore);
    assert.equal(told.length, 1, `messages shown: ${JSON.stringify(told)}`);
    assert.match(told[0]!, /^Clausemark's language server stopped and was restarted\./);
  },
};
