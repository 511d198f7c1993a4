// The reports in VS Code: one webview panel per report (defined terms, sources, disputes, definition graph, clause
// map) beside the editor, rendered by the server, with a strict CSP and one nonce script that reveals clicked places
// in the editor; `Export Report…` through a save dialog; `Check Workspace` with a progress notification.

import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State, WorkDoneProgress, type LanguageClient, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import {
  CheckWorkspaceRequest,
  REPORT_FORMATS_BY_KIND,
  ReportRequest,
  type CheckWorkspaceResult,
  type ReportRequestFormat,
  type ReportRequestKind,
  type ReportResult,
} from '../../server/src/protocol';

/** A report that has a panel of its own. */
type PanelKind = Exclude<ReportRequestKind, 'all'>;

/** Each panel report: its command and the title of its panel and of its entry in the export pick. */
const PANEL_REPORTS: readonly { kind: PanelKind; command: string; title: string; detail: string }[] = [
  { kind: 'terms', command: 'clausemark.showTerms', title: 'Defined Terms', detail: 'every term with its definition, sources, uses, scope and status' },
  { kind: 'sources', command: 'clausemark.showSources', title: 'Sources', detail: 'every source with its fields, where it is cited and what is missing' },
  { kind: 'disputes', command: 'clausemark.showDisputes', title: 'Disputes', detail: "each party's position on a contested term or clause, side by side" },
  { kind: 'graph', command: 'clausemark.showGraph', title: 'Definition Graph', detail: 'terms as nodes, "is defined using" as edges, cycles and contested terms marked' },
  { kind: 'clauses', command: 'clausemark.showClauses', title: 'Clause Map', detail: 'the clause tree with its incoming and outgoing references' },
];

const FORMAT_LABELS: Readonly<Record<ReportRequestFormat, { label: string; detail: string; filter: string }>> = {
  html: { label: 'HTML', detail: 'a self-contained page (no scripts, no external resources)', filter: 'HTML page' },
  md: { label: 'Markdown', detail: 'text for a pull request, a wiki or another contract', filter: 'Markdown' },
  json: { label: 'JSON', detail: "the report's data, for other tools", filter: 'JSON' },
  csv: { label: 'CSV', detail: 'one row per entry, for a spreadsheet', filter: 'CSV' },
  svg: { label: 'SVG', detail: 'the picture, for documents and slides', filter: 'SVG image' },
};

/** How long after the last edit a panel is refreshed, in milliseconds. */
const REFRESH_DEBOUNCE_MS = 400;

/** How long a show command waits for its webview to paint before it answers anyway, in milliseconds. */
const READY_TIMEOUT_MS = 15_000;

/** What a show command answers once the panel has painted (or the wait timed out): for tests and other extensions. */
export interface ShownReport {
  readonly kind: PanelKind;
  /** The HTML last set on the webview. */
  readonly html: string;
  /** True when the webview said it painted this HTML. */
  readonly ready: boolean;
  /** The webview's width and the definition graph's drawn width, in CSS pixels, as the webview measured them. */
  readonly viewportWidth?: number;
  readonly graphWidth?: number;
}

/** Registers the report commands; `getClient` gives the running client (it changes when the server restarts). */
export function registerReports(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  const panels = new Map<PanelKind, ReportPanel>();
  const server = new ServerAccess(getClient);

  for (const report of PANEL_REPORTS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(report.command, async (): Promise<ShownReport | undefined> => {
        let panel = panels.get(report.kind);
        if (!panel) {
          panel = new ReportPanel(report.kind, report.title, server);
          panels.set(report.kind, panel);
          const created = panel;
          created.onDispose(() => {
            if (panels.get(report.kind) === created) panels.delete(report.kind);
          });
        } else {
          panel.reveal();
        }
        await panel.refresh();
        return panel.shown(READY_TIMEOUT_MS);
      }),
    );
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('clausemark.exportReport', (args?: ExportArgs) => exportReport(server, args)),
    vscode.commands.registerCommand('clausemark.checkWorkspace', () => checkWorkspace(server)),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // Only under test: the HTML a report panel shows now, for the end-to-end tests of refreshing.
    context.subscriptions.push(
      vscode.commands.registerCommand('clausemark.test.lastReportHtml', (kind: unknown) => (typeof kind === 'string' ? panels.get(kind as PanelKind)?.currentHtml : undefined)),
    );
  }

  // Refresh: every open panel, a while after the last change to a document or a file that reports read.
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (panels.size === 0) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      for (const panel of panels.values()) void panel.refresh();
    }, REFRESH_DEBOUNCE_MS);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,bib,json,yaml,yml}');
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(schedule),
    watcher.onDidDelete(schedule),
    watcher.onDidChange(schedule),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && isReportInput(event.document)) schedule();
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (isReportInput(document)) schedule();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );

  // The command palette shows the report commands in a Clausemark editor, or in a workspace that has Clausemark files.
  const updateContext = async () => {
    const found = await vscode.workspace.findFiles('{**/*.clause.md,**/clausemark.json}', '**/node_modules/**', 1).then(
      (list) => list.length > 0,
      () => false,
    );
    await vscode.commands.executeCommand('setContext', 'clausemark.workspaceHasFiles', found);
  };
  void updateContext();
  context.subscriptions.push(watcher.onDidCreate(() => void updateContext()), watcher.onDidDelete(() => void updateContext()));
}

/** True for a document whose text a report reads: Markdown (Clausemark or not yet), bibliographies, `clausemark.json`. */
function isReportInput(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
  return document.languageId === 'clausemark' || document.languageId === 'markdown' || /\.(bib|ya?ml|json)$/i.test(document.uri.path);
}

/** Requests to the language server, with the errors a user can act on. */
class ServerAccess {
  constructor(private readonly getClient: () => LanguageClient | undefined) {}

  /** The running client, or undefined after telling the user why there is none. */
  async client(): Promise<LanguageClient | undefined> {
    const client = this.getClient();
    if (client && client.state === State.Starting) await client.start().catch(() => undefined);
    if (client?.isRunning()) return client;
    void vscode.window.showErrorMessage('Clausemark: the language server is not running. Run "Clausemark: Restart Language Server" and try again.');
    return undefined;
  }

  /** A rendered report, or an error text (never a throw). */
  async report(kind: ReportRequestKind, format: ReportRequestFormat, nonce?: string, token?: vscode.CancellationToken): Promise<ReportResult> {
    const client = this.getClient();
    if (!client) return { error: 'the language server is not running' };
    try {
      if (client.state === State.Starting) await client.start();
      if (!client.isRunning()) return { error: 'the language server is not running' };
      return await client.sendRequest(ReportRequest, { kind, format, ...(nonce ? { nonce } : {}) }, token);
    } catch (error) {
      return { error: errorText(error) };
    }
  }
}

/** A report's webview panel: renders, refreshes, and answers the messages of its script. */
class ReportPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private html = '';
  /** The report's body as last shown, to skip refreshes that change nothing. */
  private shownBody: string | undefined;
  /** Number of the render on screen, and of the latest render asked for (older answers are dropped). */
  private render = 0;
  private requested = 0;
  private stale = false;
  private readonly readyRenders = new Map<number, { viewportWidth?: number; graphWidth?: number }>();
  private readyWaiters: (() => void)[] = [];
  private disposed = false;

  constructor(
    private readonly kind: PanelKind,
    title: string,
    private readonly server: ServerAccess,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      'clausemark.report',
      `Clausemark: ${title}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [], enableFindWidget: true },
    );
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message).catch(() => undefined)),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.stale) void this.refresh();
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The HTML the webview shows now. */
  get currentHtml(): string {
    return this.html;
  }

  onDispose(listener: () => void): void {
    this.disposables.push(this.panel.onDidDispose(listener));
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.wakeReadyWaiters();
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }

  /** Renders the report again (a hidden panel waits until it is shown). */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    if (!this.panel.visible && this.html) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const request = ++this.requested;
    const nonce = randomBytes(18).toString('base64');
    const format = 'html';
    const result = await this.server.report(this.kind, format, nonce);
    if (this.disposed || request !== this.requested) return;
    const webview = this.panel.webview;
    let body: string;
    let css = '';
    if ('error' in result) {
      body = `<main><h1>${escapeHtml(this.panel.title)}</h1><p class="cm-error">The report could not be built: ${escapeHtml(result.error)}</p></main>`;
    } else {
      const parts = reportParts(result.text);
      if (!parts) {
        body = `<main><p class="cm-error">The server's report is not a page this view can show.</p></main>`;
      } else {
        body = parts.body;
        css = parts.css;
      }
    }
    if (body === this.shownBody && this.html) return; // Nothing changed: keep the page (and its scroll position) as it is.
    this.shownBody = body;
    this.render = request;
    this.html = page({ nonce, cspSource: webview.cspSource, title: this.panel.title, reportCss: css, body, render: request, graph: this.kind === 'graph' });
    webview.html = this.html;
  }

  /** Resolves once the webview painted the current render, or after `timeoutMs`. */
  async shown(timeoutMs: number): Promise<ShownReport> {
    const render = this.render;
    if (!this.readyRenders.has(render) && !this.disposed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.readyWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const measured = this.readyRenders.get(render);
    return { kind: this.kind, html: this.html, ready: measured !== undefined, ...measured };
  }

  private wakeReadyWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    waiters.forEach((wake) => wake());
  }

  /** A message from the page's script: checked field by field, never trusted. */
  private async receive(message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const m = message as Record<string, unknown>;
    switch (m.type) {
      case 'ready': {
        if (typeof m.render !== 'number' || m.render !== this.render) return;
        const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
        this.readyRenders.clear();
        this.readyRenders.set(this.render, {
          ...(finite(m.viewportWidth) ? { viewportWidth: m.viewportWidth } : {}),
          ...(finite(m.graphWidth) ? { graphWidth: m.graphWidth } : {}),
        });
        this.wakeReadyWaiters();
        return;
      }
      case 'reveal':
        if (typeof m.uri === 'string' && typeof m.offset === 'number') await revealPlace(m.uri, m.offset, this.panel.viewColumn);
        return;
      case 'openExternal':
        if (typeof m.url === 'string') await openExternalLink(m.url);
        return;
    }
  }
}

/** The report page's stylesheet and body, taken from the server's self-contained HTML page. */
function reportParts(text: string): { css: string; body: string } | undefined {
  const css = /<style(?: nonce="[^"]*")?>([\s\S]*?)<\/style>/.exec(text)?.[1];
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(text)?.[1];
  return css !== undefined && body !== undefined ? { css, body } : undefined;
}

/** Our stylesheet over the report's: the panel's spacing, focus rings, and the definition graph fitted to the panel. */
const PANEL_CSS = `
body.cm-webview { padding: 12px 20px 40px; }
body.cm-webview main { max-width: 1100px; }
body.cm-webview h1 { color: var(--vscode-foreground); }
body.cm-webview table { background: var(--vscode-editor-background); }
body.cm-webview th { color: var(--vscode-foreground); }
body.cm-webview a:focus-visible, body.cm-webview .cm-place:focus-visible, .cm-graph .cm-node:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
body.vscode-high-contrast .cm-place { text-decoration: underline; }
.cm-error { color: var(--vscode-errorForeground); padding: 6px 10px; border: 1px solid var(--vscode-inputValidation-errorBorder, currentColor);
  background: var(--vscode-inputValidation-errorBackground, transparent); }
.cm-toolbar { float: right; display: flex; gap: 8px; align-items: center; margin: 6px 0 0 12px; }
.cm-toolbar button { font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
  border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 2px 10px; cursor: pointer; }
.cm-toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.cm-toolbar button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.cm-graph-box { background: var(--vscode-editor-background); border-radius: 4px; }
body.cm-fit .cm-graph-box { overflow: hidden; }
body.cm-fit .cm-graph-box svg.cm-graph { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.cm-graph .cm-node:hover rect { stroke: var(--vscode-focusBorder); }
`;

/** The script of every report page: clicks and keys on places post `reveal`, web links post `openExternal`, nothing navigates. */
function pageScript(render: number, graph: boolean): string {
  return `(() => {
  'use strict';
  const vscode = acquireVsCodeApi();
  const RENDER = ${render};
  const state = Object.assign({ fit: true }, vscode.getState() || {});
  const save = () => vscode.setState({ scrollX: window.scrollX, scrollY: window.scrollY, fit: state.fit });
  const toggle = document.getElementById('cm-fit-toggle');
  const applyFit = () => {
    document.body.classList.toggle('cm-fit', ${graph ? 'state.fit' : 'false'});
    if (toggle) toggle.textContent = state.fit ? 'Actual size' : 'Fit to panel';
  };
  applyFit();
  if (toggle) toggle.addEventListener('click', () => { state.fit = !state.fit; applyFit(); save(); });
  if (typeof state.scrollY === 'number' && window.scrollY === 0) window.scrollTo(state.scrollX || 0, state.scrollY);
  let saving;
  window.addEventListener('scroll', () => { clearTimeout(saving); saving = setTimeout(save, 100); }, { passive: true });

  const placeOf = (node) => (node instanceof Element ? node.closest('[data-uri][data-offset]') : null);
  const reveal = (place) => {
    const offset = Number(place.getAttribute('data-offset'));
    const uri = place.getAttribute('data-uri');
    if (uri && Number.isSafeInteger(offset) && offset >= 0) vscode.postMessage({ type: 'reveal', uri, offset });
  };
  // Registered on the document, so it runs before the webview host's own link handler on the window, which it stops.
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || target.closest('#cm-fit-toggle')) return;
    const link = target.closest('a[href]');
    if (link) {
      event.preventDefault();
      event.stopPropagation();
      const href = link.getAttribute('href') || '';
      if (href.startsWith('#')) {
        let id = href.slice(1);
        try { id = decodeURIComponent(id); } catch (e) { /* the id as written */ }
        const to = document.getElementById(id);
        if (to) to.scrollIntoView();
      } else if (/^https?:\\/\\//i.test(href)) {
        vscode.postMessage({ type: 'openExternal', url: href });
      }
      return;
    }
    const place = placeOf(target);
    if (place) {
      event.preventDefault();
      reveal(place);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target instanceof Element ? event.target : null;
    if (!target || target.closest('a, button')) return;
    const place = placeOf(target);
    if (place) {
      event.preventDefault();
      reveal(place);
    }
  });
  // Painted: two frames after the first layout.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const svg = document.querySelector('svg.cm-graph');
    vscode.postMessage({
      type: 'ready',
      render: RENDER,
      viewportWidth: document.documentElement.clientWidth,
      graphWidth: svg ? svg.getBoundingClientRect().width : undefined,
    });
  }));
})();`;
}

/** The webview's page: our policy and stylesheet around the report's stylesheet and body, and the one script. */
function page(o: { nonce: string; cspSource: string; title: string; reportCss: string; body: string; render: number; graph: boolean }): string {
  const policy = `default-src 'none'; style-src ${o.cspSource} 'nonce-${o.nonce}'; script-src 'nonce-${o.nonce}'; img-src ${o.cspSource} data:; base-uri 'none'; form-action 'none';`;
  const toolbar = o.graph ? `<div class="cm-toolbar"><button type="button" id="cm-fit-toggle">Actual size</button></div>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style nonce="${o.nonce}">${o.reportCss}</style>
<style nonce="${o.nonce}">${PANEL_CSS}</style>
</head>
<body class="cm-report cm-webview">
${toolbar}${o.body}
<script nonce="${o.nonce}">${pageScript(o.render, o.graph)}</script>
</body>
</html>
`;
}

/** Opens a place a page asked for: a `file:` document inside a workspace folder, at the offset; anything else is refused. */
async function revealPlace(uriText: string, offset: number, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const uri = workspaceFile(uriText);
  if (!uri || !Number.isSafeInteger(offset) || offset < 0) {
    void vscode.window.showWarningMessage('Clausemark: the report asked to open a place outside the workspace; it was not opened.');
    return;
  }
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.positionAt(offset);
    const column = vscode.window.visibleTextEditors.find((e) => e.viewColumn !== undefined && e.viewColumn !== panelColumn)?.viewColumn ?? (panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(position, position), preview: false });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (error) {
    void vscode.window.showErrorMessage(`Clausemark: could not open ${uri.fsPath}: ${errorText(error)}`);
  }
}

/** The URI when it names a file inside a workspace folder (no dot segments, query or fragment), else undefined. */
export function workspaceFile(uriText: string): vscode.Uri | undefined {
  if (uriText.length > 4096) return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(uriText, true);
  } catch {
    return undefined;
  }
  if (uri.scheme !== 'file' || uri.query || uri.fragment || uri.authority) return undefined;
  if (path.posix.normalize(uri.path) !== uri.path || uri.path.includes('\0')) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const root = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(root) ? uri : undefined;
}

/** Opens an http(s) link of a report in the browser; any other scheme is refused. */
async function openExternalLink(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return;
  try {
    await vscode.env.openExternal(vscode.Uri.parse(parsed.href, true));
  } catch (error) {
    void vscode.window.showErrorMessage(`Clausemark: could not open ${parsed.href}: ${errorText(error)}`);
  }
}

/** Arguments of `clausemark.exportReport` for keybindings and scripts; without them the command asks. */
interface ExportArgs {
  readonly kind?: ReportRequestKind;
  readonly format?: ReportRequestFormat;
  /** Where to write (a `file:` URI string or Uri); without it, a save dialog. */
  readonly target?: string | vscode.Uri;
}

/** `Clausemark: Export Report…`: kind, then format, then a save dialog; writes the file and offers to open it. */
async function exportReport(server: ServerAccess, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  try {
    const kinds: { kind: ReportRequestKind; title: string; detail: string }[] = [
      ...PANEL_REPORTS,
      { kind: 'all', title: 'All Reports', detail: 'every report on one page' },
    ];
    const kind =
      args.kind && Object.prototype.hasOwnProperty.call(REPORT_FORMATS_BY_KIND, args.kind)
        ? args.kind
        : (
            await vscode.window.showQuickPick(
              kinds.map((k) => ({ label: k.title, detail: k.detail, report: k.kind })),
              { title: 'Clausemark: Export Report (1/2)', placeHolder: 'Which report?', matchOnDetail: true },
            )
          )?.report;
    if (!kind) return undefined;
    const formats = REPORT_FORMATS_BY_KIND[kind];
    const format =
      args.format && formats.includes(args.format)
        ? args.format
        : (
            await vscode.window.showQuickPick(
              formats.map((f) => ({ label: FORMAT_LABELS[f].label, description: `.${f}`, detail: FORMAT_LABELS[f].detail, format: f })),
              { title: 'Clausemark: Export Report (2/2)', placeHolder: 'In which format?' },
            )
          )?.format;
    if (!format) return undefined;
    if (!(await server.client())) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `clausemark-${kind}.${format}`;
    const target =
      args.target !== undefined
        ? typeof args.target === 'string'
          ? vscode.Uri.parse(args.target, true)
          : args.target
        : await vscode.window.showSaveDialog({
            title: 'Clausemark: Export Report',
            saveLabel: 'Export',
            ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
            filters: { [FORMAT_LABELS[format].filter]: [format] },
          });
    if (!target) return undefined;
    // A target handed in by another extension or a keybinding must be a local file, like one from the dialog.
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage(`Clausemark: a report can only be exported to a local file, not to ${target.scheme}: addresses.`);
      return undefined;
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Clausemark: exporting the report' }, () => server.report(kind, format));
    if ('error' in result) {
      void vscode.window.showErrorMessage(`Clausemark: the report could not be exported: ${result.error}`);
      return undefined;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
    void vscode.window.showInformationMessage(`Clausemark: exported the report to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then((choice) => {
      if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', target);
    });
    return target;
  } catch (error) {
    void vscode.window.showErrorMessage(`Clausemark: the report could not be exported: ${errorText(error)}`);
    return undefined;
  }
}

/** `Clausemark: Check Workspace`: the server checks every file under a cancellable notification; the counts are summarised. */
async function checkWorkspace(server: ServerAccess): Promise<CheckWorkspaceResult | undefined> {
  const client = await server.client();
  if (!client) return undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Clausemark: checking the workspace', cancellable: true },
      async (progress, token) => {
        // The server reports on a token of ours; its percentages become the notification's increments.
        const workDoneToken = `clausemark-check-${randomBytes(8).toString('hex')}`;
        let done = 0;
        const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const step = value as WorkDoneProgressBegin | WorkDoneProgressReport;
          const percentage = typeof step.percentage === 'number' ? Math.min(Math.max(step.percentage, done), 100) : done;
          progress.report({ ...(step.message ? { message: step.message } : {}), increment: percentage - done });
          done = percentage;
        });
        try {
          return await client.sendRequest(CheckWorkspaceRequest, { workDoneToken }, token);
        } finally {
          listener.dispose();
        }
      },
    );
    const findings = result.errors + result.warnings + result.infos + result.hints;
    const counts = [plural(result.errors, 'error'), plural(result.warnings, 'warning'), plural(result.infos + result.hints, 'note')].join(', ');
    const summary = `Clausemark: ${result.cancelled ? 'stopped after' : 'checked'} ${plural(result.files, 'file')}: ${findings === 0 ? 'no findings' : `${counts} in ${plural(result.filesWithFindings, 'file')}`}.`;
    if (findings > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
    const show = result.errors > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(summary);
    return result;
  } catch (error) {
    if (error instanceof vscode.CancellationError || (error as { code?: unknown })?.code === -32800) {
      void vscode.window.showInformationMessage('Clausemark: the workspace check was cancelled.');
      return undefined;
    }
    void vscode.window.showErrorMessage(`Clausemark: the workspace check failed: ${errorText(error)}`);
    return undefined;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
