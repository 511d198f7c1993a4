// A test client for the language server: spawns the built server over stdio, speaks JSON-RPC to it, and
// records what the server sends (diagnostics, log messages), so protocol tests read as request and answer.

import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';

/** A running server and the connection to it. */
export interface ServerSession {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** Diagnostics pushed by the server, by URI (latest wins). */
  readonly pushed: Map<string, unknown[]>;
  /** Log messages the server sent. */
  readonly logs: string[];
  /** Work-done progress values the server sent (`$/progress` params' `value`). */
  readonly progress: unknown[];
  /** Capabilities the server registered dynamically (`client/registerCapability`), in order. */
  readonly registrations: { id: string; method: string; registerOptions?: Record<string, unknown> }[];
  /** Sends a request. */
  request<R>(method: string, params: unknown): Promise<R>;
  /** Sends a notification. */
  notify(method: string, params: unknown): Promise<void>;
  /** Shuts the server down and waits for the process to end; resolves to its exit code. */
  close(): Promise<number | null>;
}

/** Starts `server/out/main.js --stdio`. */
export function startServerProcess(serverPath: string, cwd: string, nodeFlags: readonly string[] = []): ServerSession {
  const child = spawn(process.execPath, [...nodeFlags, serverPath, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const pushed = new Map<string, unknown[]>();
  const logs: string[] = [];
  const progress: unknown[] = [];
  const registrations: ServerSession['registrations'] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
    pushed.set(p.uri, p.diagnostics);
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', (p: { registrations: ServerSession['registrations'] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onNotification('$/progress', (p: { value: unknown }) => {
    progress.push(p.value);
  });
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    connection,
    process: child,
    pushed,
    logs,
    progress,
    registrations,
    request: (method, params) => connection.sendRequest(method, params),
    notify: (method, params) => connection.sendNotification(method, params),
    async close() {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      connection.dispose();
      if (child.exitCode === null) child.kill();
      return code;
    },
  };
}

/** Waits until `check` returns a value (polling the recorded state), or fails after `ms`. */
export async function waitFor<T>(check: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting for the server');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts the built server `serverPath` as a pulling client of a trusted workspace folder `dir` would, and opens
 * `open` in it (version 1) when given. `registers`: the client registers diagnostic providers dynamically, as VS
 * Code's does (the server then pulls open documents' diagnostics in two sets, see `lsp/diagnosticSets.ts`).
 */
export async function startInFolder(serverPath: string, dir: string, open?: { uri: string; text: string }, registers = false): Promise<ServerSession> {
  const session = startServerProcess(serverPath, dir);
  await session.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }],
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: registers } }, workspace: { configuration: false, workspaceFolders: true } },
    initializationOptions: { trusted: true },
  });
  await session.notify('initialized', {});
  if (open) await session.notify('textDocument/didOpen', { textDocument: { uri: open.uri, languageId: 'clausemark', version: 1, text: open.text } });
  return session;
}
