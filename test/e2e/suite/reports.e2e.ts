// End-to-end tests of the reports inside a real VS Code on the example workspace: the defined-terms report and the
// definition graph opened from the command palette (with screenshots), the panel refreshing on an edit, an export,
// and Check Workspace filling the Problems panel. Black-box: commands and the VS Code API; edits are never saved.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { screenshot } from './screenshot';

const workspace = process.env.CLAUSEMARK_E2E_WORKSPACE ?? path.resolve(__dirname, '../../../../examples/frontier-dispute');
const fileUri = (name: string) => vscode.Uri.file(path.join(workspace, name));

/** What a show command answers (client/src/reports.ts). */
interface ShownReport {
  readonly kind: string;
  readonly html: string;
  readonly ready: boolean;
  readonly viewportWidth?: number;
  readonly graphWidth?: number;
}

/** Polls `check` until it returns a value (the state it waits for), failing after `ms`. */
async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function activate(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ client?: { isRunning(): boolean } }>('clausemark.clausemark');
  assert.ok(extension, 'the extension is not installed');
  const api = await extension.activate();
  await until('the language client to run', () => api.client?.isRunning());
}

/** Opens a file of the example beside nothing else, with the sidebar and the panel closed so that the report has room. */
async function openAlone(name: string): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('notifications.clearAll');
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
}

/** The page's policy, as the webview's `<meta>` states it. */
function policyOf(html: string): string {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(meta, 'the page has no Content-Security-Policy');
  return meta[1]!.replace(/&#39;/g, "'");
}

/** Checks what every report page must be: one policy with one nonce, and only nonce-carrying scripts and styles. */
function assertStrictPage(html: string): void {
  const policy = policyOf(html);
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  assert.ok(nonce, `no script nonce in ${policy}`);
  // The webview's own source (`'self' https://*.vscode-cdn.net` in VS Code 1.100) for styles and images, one nonce.
  assert.match(policy, /^default-src 'none'; style-src [^;']*(?:'self'[^;']*)? 'nonce-([^']+)'; script-src 'nonce-\1'; img-src [^;']*(?:'self'[^;']*)? data:;/);
  assert.doesNotMatch(policy, /unsafe-(inline|eval)/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)];
  assert.equal(scripts.length, 1, 'the page has exactly one script, ours');
  for (const tag of [...scripts, ...html.matchAll(/<style\b([^>]*)>/gi)]) assert.equal(tag[1], ` nonce="${nonce}"`);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'an inline event handler');
  assert.equal((html.match(/http-equiv="Content-Security-Policy"/g) ?? []).length, 1, 'one policy only');
}

/** Closes the report panels, so that later tests and screenshots see the editor as they left it. */
async function closeReportPanels(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('clausemark.report'));
  await vscode.window.tabGroups.close(tabs);
}

export const tests = {
  async 'contributes the report commands to the command palette'() {
    await activate();
    const commands = await vscode.commands.getCommands(true);
    const ids = ['clausemark.showTerms', 'clausemark.showSources', 'clausemark.showDisputes', 'clausemark.showGraph', 'clausemark.showClauses', 'clausemark.exportReport', 'clausemark.checkWorkspace'];
    for (const id of ids) assert.ok(commands.includes(id), `${id} is not registered`);
    const contributed = vscode.extensions.getExtension('clausemark.clausemark')!.packageJSON.contributes as { commands: { command: string; title: string; category: string }[] };
    const titles = new Map(contributed.commands.map((c) => [c.command, `${c.category}: ${c.title}`]));
    assert.equal(titles.get('clausemark.showTerms'), 'Clausemark: Show Defined Terms');
    assert.equal(titles.get('clausemark.showGraph'), 'Clausemark: Show Definition Graph');
    assert.equal(titles.get('clausemark.exportReport'), 'Clausemark: Export Report…');
  },

  async 'opens the defined-terms report beside the editor with the example terms'() {
    await activate();
    await openAlone('microsoft-openai.clause.md');
    const shown = await vscode.commands.executeCommand<ShownReport>('clausemark.showTerms');
    assert.ok(shown?.ready, 'the webview did not say it painted');
    for (const term of ['Stateless API Call', 'Frontier', 'Agent', 'stateless', 'stateful', 'OpenAI Models']) assert.ok(shown.html.includes(`>${term}</`), `"${term}" is not in the report`);
    assert.match(shown.html, /<span class="cm-place" data-uri="file:\/\/[^"]+microsoft-openai\.clause\.md" data-offset="\d+"/);
    assertStrictPage(shown.html);
    // Beside the editor: the editor keeps column one, the report is in another group.
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => ({ t, column: g.viewColumn }))).find((x) => x.t.label === 'Clausemark: Defined Terms');
    assert.ok(tab && tab.column !== vscode.ViewColumn.One, 'the report is not beside the editor');
    await screenshot('report-terms', { settleMs: 500 });
  },

  async 'opens the definition graph with the example terms as nodes, fitted to the panel'() {
    await activate();
    await openAlone('microsoft-openai.clause.md');
    const shown = await vscode.commands.executeCommand<ShownReport>('clausemark.showGraph');
    assert.ok(shown?.ready, 'the webview did not say it painted');
    assert.match(shown.html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="cm-graph"/);
    for (const term of ['Stateless API Call', 'Frontier', 'Agent', 'stateless', 'stateful']) {
      assert.match(shown.html, new RegExp(`<g class="cm-node[^"]*" data-uri="file://[^"]+" data-offset="\\d+"[^>]*aria-label="Open the definition of ${term}"`), `no node for "${term}"`);
    }
    assertStrictPage(shown.html);
    assert.ok(shown.graphWidth && shown.viewportWidth, 'the webview did not measure the graph');
    assert.ok(shown.graphWidth <= shown.viewportWidth, `the graph (${shown.graphWidth}px) is wider than the panel (${shown.viewportWidth}px)`);
    // The pictures: the report's group maximized, so the graph is drawn at its own size; then in a dark theme.
    const group = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.label === 'Clausemark: Definition Graph'));
    assert.ok(group, 'no group holds the graph');
    const workbench = vscode.workspace.getConfiguration('workbench');
    await vscode.commands.executeCommand(['workbench.action.focusFirstEditorGroup', 'workbench.action.focusSecondEditorGroup', 'workbench.action.focusThirdEditorGroup'][group.viewColumn - 1]!);
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    try {
      await screenshot('report-graph', { settleMs: 1000 });
      await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
      await screenshot('report-graph-dark', { settleMs: 1500 });
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    }
  },

  async 'refreshes the open report when a Clausemark document changes'() {
    await activate();
    const editor = await openAlone('microsoft-openai.clause.md');
    await vscode.commands.executeCommand<ShownReport>('clausemark.showTerms');
    const html = () => vscode.commands.executeCommand<string | undefined>('clausemark.test.lastReportHtml', 'terms');
    assert.ok(!(await html())?.includes('Zebra Clause'));
    try {
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, '\n\n"Zebra Clause" means a clause added in the editor and never saved.\n')));
      await until('the report to show the new term', async () => (await html())?.includes('>Zebra Clause</'));
    } finally {
      await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(editor.document.isDirty, false);
    await until('the report to drop the term again', async () => !(await html())?.includes('Zebra Clause'));
  },

  async 'exports a report to a file without asking when given the kind, format and target'() {
    await activate();
    const folder = mkdtempSync(path.join(tmpdir(), 'clausemark-export-'));
    try {
      const csv = vscode.Uri.file(path.join(folder, 'terms.csv'));
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('clausemark.exportReport', { kind: 'terms', format: 'csv', target: csv });
      assert.equal(written?.fsPath, csv.fsPath);
      const rows = readFileSync(csv.fsPath, 'utf8').split('\r\n');
      assert.match(rows[0]!, /^term,/);
      assert.ok(rows.some((r) => r.startsWith('Stateless API Call,')));
      const svg = vscode.Uri.file(path.join(folder, 'graph.svg'));
      await vscode.commands.executeCommand('clausemark.exportReport', { kind: 'graph', format: 'svg', target: svg });
      assert.match(readFileSync(svg.fsPath, 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*Stateless API Call/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  },

  async 'checks the workspace and the Problems panel holds every finding it counts'() {
    await activate();
    const result = await vscode.commands.executeCommand<{ files: number; errors: number; warnings: number; infos: number; hints: number; cancelled: boolean } | undefined>('clausemark.checkWorkspace');
    assert.ok(result, 'the check gave no result');
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= 4, `only ${result.files} files checked`);
    const total = result.errors + result.warnings + result.infos + result.hints;
    assert.ok(total >= 4, `only ${total} findings`);
    // Every finding of a workspace file is in the panel, also for files no editor shows.
    const inWorkspace = () =>
      vscode.languages
        .getDiagnostics()
        .filter(([uri]) => uri.scheme === 'file' && uri.fsPath.startsWith(workspace + path.sep))
        .flatMap(([uri, list]) => list.filter((d) => d.source === 'clausemark').map((d) => ({ uri, d })));
    await until(`the Problems panel to hold the ${total} findings`, () => inWorkspace().length === total);
    const files = new Set(inWorkspace().map((x) => path.basename(x.uri.fsPath)));
    for (const name of ['glossary.clause.md', 'amazon-openai.clause.md', 'microsoft-openai.clause.md']) assert.ok(files.has(name), `no finding of ${name} in the panel`);
    await vscode.commands.executeCommand('notifications.clearAll');
    await closeReportPanels();
  },
};
