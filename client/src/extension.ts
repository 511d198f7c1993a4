// The VS Code client: starts the Clausemark language server, shows the document's counts in the status bar,
// and registers the commands. Everything else (features, reports' data) comes from the server.

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DocumentStatsRequest, ServerPidRequest, serverNodeFlags, SETTINGS_SECTION } from '../../server/src/protocol';
import { registerReports } from './reports';
import { initializationFailed, MAX_RESTARTS, serverErrorHandler, type FaultNotices } from './serverFaults';

let client: LanguageClient | undefined;
let statusBar: vscode.StatusBarItem | undefined;
/** What the user was told about server failures this session: the restart warning is shown once. */
const notices: FaultNotices = { shown: [], restartWarned: false };

/** What `activate` returns: the running client and the messages shown about server failures, for the end-to-end tests. */
export interface ClausemarkApi {
  readonly client: LanguageClient | undefined;
  readonly notices: readonly string[];
}

/** Starts the language server and wires the client's commands and status bar. */
export async function activate(context: vscode.ExtensionContext): Promise<ClausemarkApi> {
  const output = vscode.window.createOutputChannel('Clausemark', { log: true });
  context.subscriptions.push(output);
  statusBar = vscode.window.createStatusBarItem('clausemark.counts', vscode.StatusBarAlignment.Right, 100);
  statusBar.name = 'Clausemark';
  context.subscriptions.push(statusBar);

  client = createClient(context, output);
  registerReports(context, () => client);
  context.subscriptions.push(
    vscode.commands.registerCommand('clausemark.restartServer', async () => {
      output.info('Restarting the Clausemark language server');
      if (client) await client.stop().catch(() => undefined);
      client = createClient(context, output);
      await client.start();
      await updateStatus();
    }),
    vscode.commands.registerCommand('clausemark.showOutput', () => output.show()),
    // The code lens above a definition: "N uses" opens the references view on the definition.
    vscode.commands.registerCommand('clausemark.showReferences', async (uri: string, position: { line: number; character: number }) => {
      await vscode.commands.executeCommand('editor.action.findReferences', vscode.Uri.parse(uri), new vscode.Position(position.line, position.character));
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.languages.onDidChangeDiagnostics(() => void updateStatus()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.commands.executeCommand('clausemark.restartServer')),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // Only under test: the server's process id, so that a test can stop the process and watch the restart.
    context.subscriptions.push(vscode.commands.registerCommand('clausemark.test.serverPid', () => client?.sendRequest(ServerPidRequest)));
  }
  await client.start();
  await updateStatus();
  return {
    get client() {
      return client;
    },
    notices: notices.shown,
  };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('server', 'out', 'main.js'));
  const flags = serverNodeFlags(os.availableParallelism());
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: flags } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...flags, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'clausemark' },
      { scheme: 'untitled', language: 'clausemark' },
      { scheme: 'file', language: 'markdown' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{md,bib,json,yaml,yml}'),
    },
    // Block readings are kept between sessions in the extension's storage (per workspace, else global).
    initializationOptions: { trusted: vscode.workspace.isTrusted, cacheDirectory: path.join(context.storageUri?.fsPath ?? context.globalStorageUri.fsPath, 'block-cache') },
    outputChannel: output,
    diagnosticPullOptions: { onChange: true, onSave: true },
    // A server that stops is restarted (the user is told once); after too many stops the client gives up and says so.
    errorHandler: serverErrorHandler(output, notices),
    initializationFailedHandler: initializationFailed(output, notices),
    connectionOptions: { maxRestartCount: MAX_RESTARTS },
  };
  const created = new LanguageClient('clausemark', 'Clausemark', serverOptions, clientOptions);
  created.onDidChangeState((event) => {
    if (event.newState === State.Stopped && event.oldState === State.Running) {
      output.warn('The Clausemark language server stopped.');
    }
  });
  return created;
}

/** Shows the active Clausemark document's counts: terms, clauses and findings. */
async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!statusBar || !client || !editor || !client.isRunning() || editor.document.languageId !== 'clausemark') {
    statusBar?.hide();
    return;
  }
  try {
    const stats = await client.sendRequest(DocumentStatsRequest, { uri: editor.document.uri.toString() });
    if (!stats) {
      statusBar.hide();
      return;
    }
    const findings = stats.errors + stats.warnings;
    statusBar.text = `$(law) ${stats.terms} terms · ${stats.clauses} clauses · ${findings === 0 ? '$(check)' : `$(warning) ${findings}`}`;
    statusBar.tooltip = `Clausemark: ${stats.terms} defined terms, ${stats.clauses} clauses, ${stats.citations} citations; ${stats.errors} errors, ${stats.warnings} warnings, ${stats.infos} notes`;
    statusBar.command = 'workbench.actions.view.problems';
    statusBar.show();
  } catch {
    statusBar.hide();
  }
}
