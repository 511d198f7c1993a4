// End-to-end tests of the extension inside a real VS Code, on the example workspace: activation, diagnostics,
// the hover on "Stateless API Call", go to definition, a quick fix, rename, completion, and screenshots of what a user sees.
// Black-box: only the VS Code API; documents that the tests change are untitled, so the repository is untouched.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { screenshot } from './screenshot';

const workspace = process.env.CLAUSEMARK_E2E_WORKSPACE ?? path.resolve(__dirname, '../../../../examples/frontier-dispute');
const fileUri = (name: string) => vscode.Uri.file(path.join(workspace, name));

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

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function untitled(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'clausemark', content });
  return vscode.window.showTextDocument(doc, { preview: false });
}

function positionOf(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is not in ${doc.uri.toString()}`);
  return doc.positionAt(at + delta);
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'clausemark');
/** A diagnostic's rule id (VS Code turns a code with a documentation link into `{ value, target }`). */
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

export const tests = {
  async 'activates on the example workspace and starts the language server'() {
    await activate();
  },

  async 'shows diagnostics from the server in the Problems panel'() {
    await activate();
    const editor = await untitled('# 1. Scope\n\nEvery [[Compute Credit]] is billed under Section 9.\n');
    const found = await until('diagnostics of the untitled document', () => {
      const list = ours(editor.document.uri);
      return list.some((d) => codeOf(d) === 'term.undefined') && list.some((d) => codeOf(d) === 'ref.broken') ? list : undefined;
    });
    assert.ok(found.every((d) => d.range.start.line === 2));
    const link = found.find((d) => codeOf(d) === 'term.undefined')!.code as { target: vscode.Uri };
    assert.match(link.target.toString(), /docs\/rules\.md#term\.undefined$/);
    await open('microsoft-openai.clause.md');
    await until('diagnostics of the example', () => ours(fileUri('microsoft-openai.clause.md')).length > 0);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems', { settleMs: 800 });
  },

  async 'hovers "Stateless API Call" with its definition and both parties positions'() {
    await activate();
    const editor = await open('microsoft-openai.clause.md');
    const position = positionOf(editor.document, 'Stateless API Calls', 3);
    const hovers = await until('a hover', async () => {
      const list = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      return list.length > 0 ? list : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Stateless API Call/);
    assert.match(text, /means/);
    assert.match(text, /Microsoft/);
    assert.match(text, /OpenAI/);
    assert.doesNotMatch(text, /command:/);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover', { settleMs: 1500 });
  },

  async 'goes to the definition of an imported term in the glossary'() {
    await activate();
    const editor = await open('amazon-openai.clause.md');
    const position = positionOf(editor.document, 'Frontier', 2);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, position);
    const target = locations.map((l) => ('targetUri' in l ? l.targetUri : l.uri).fsPath);
    assert.ok(target.some((p) => p.endsWith('glossary.clause.md')), `definition went to ${target.join(', ')}`);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const active = await until('the glossary to open', () => (vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('glossary.clause.md') ? vscode.window.activeTextEditor : undefined));
    const line = active.document.lineAt(active.selection.active.line).text;
    assert.match(line, /Frontier/);
  },

  async 'applies the quick fix that defines an undefined term'() {
    await activate();
    const editor = await untitled('# Definitions\n\n"Agent" means a program.\n\n# 1. Use\n\nEach Agent spends a [[Compute Credit]].\n');
    const diagnostic = await until('term.undefined', () => ours(editor.document.uri).find((d) => codeOf(d) === 'term.undefined'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range);
    const define = actions.find((a) => a.title.startsWith('Define "Compute Credit"'));
    assert.ok(define?.edit, `no define action among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(define.edit));
    assert.match(editor.document.getText(), /"Compute Credit" means/);
    await until('term.undefined to go away', () => !ours(editor.document.uri).some((d) => codeOf(d) === 'term.undefined'));
  },

  async 'keeps each finding once while typing, and removes an unused definition after an edit above it'() {
    await activate();
    // term.unused comes in the server's second set of diagnostics (whole-document rules), ref.broken in the first.
    const editor = await untitled('"Agent" means a program.\n\n"Broker" means a firm.\n\nEach Agent acts under Section 9.\n\nEach Agent waits.\n');
    const uri = editor.document.uri;
    const codes = () => ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line}`).sort();
    await until('term.unused and ref.broken', () => codes().join() === 'ref.broken@4,term.unused@2');
    // A digit typed into the reference changes its finding; the other stays, once.
    assert.ok(await editor.edit((e) => e.insert(positionOf(editor.document, 'Section 9', 'Section 9'.length), '9')));
    await until('ref.broken to name 99', () => ours(uri).some((d) => codeOf(d) === 'ref.broken' && d.message.includes('99')));
    assert.deepEqual(codes(), ['ref.broken@4', 'term.unused@2']);
    // A word typed on the first line, before the unused definition: the finding the editor holds still fixes the right block.
    assert.ok(await editor.edit((e) => e.insert(positionOf(editor.document, 'a program.', 'a program'.length), ' of record')));
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(codes(), ['ref.broken@4', 'term.unused@2']);
    const unused = ours(uri).find((d) => codeOf(d) === 'term.unused')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, unused.range);
    const remove = actions.find((a) => a.title === 'Remove the unused definition of "Broker"');
    assert.ok(remove?.edit, `no remove action among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.equal(editor.document.getText(), '"Agent" means a program of record.\n\nEach Agent acts under Section 99.\n\nEach Agent waits.\n');
    await until('term.unused to go away', () => codes().join() === 'ref.broken@2');
  },

  async 'renames a term in its definition and every use'() {
    await activate();
    const editor = await untitled('"Party" means a signatory.\n\nEach Party signs; the Parties agree; a Party\'s consent.\n');
    await until('the document to be analysed', async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri))?.length > 0);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', editor.document.uri, positionOf(editor.document, 'Party', 1), 'Member');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(editor.document.getText(), '"Member" means a signatory.\n\nEach Member signs; the Members agree; a Member\'s consent.\n');
  },

  async 'completes a term after [[ with its range and, once resolved, its definition'() {
    await activate();
    const editor = await untitled('"Stateless API Call" means a request in which the model keeps nothing.\n\nEach [[Stat');
    await until('the document to be analysed', async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri))?.length > 0);
    const end = editor.document.positionAt(editor.document.getText().length);
    // The server sends the range once for the list (itemDefaults) and the detail on resolve; VS Code's client must
    // give each item its range, and resolving (the first 10 items here) must bring the detail and documentation.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end, undefined, 10);
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Stateless API Call');
    assert.ok(item, `no term among ${list.items.map((i) => JSON.stringify(i.label)).join(', ')}`);
    const range = item.range && 'replacing' in item.range ? item.range.replacing : item.range;
    assert.ok(range, 'the item has no range');
    assert.equal(range.start.character, 'Each [['.length);
    assert.equal(range.end.character, 'Each [[Stat'.length);
    assert.match(item.detail ?? '', /Stateless API Call/);
    const documentation = typeof item.documentation === 'string' ? item.documentation : item.documentation?.value;
    assert.match(documentation ?? '', /keeps nothing/);
  },

  async 'completes a clause number after "Section" typed into a clause, showing that clause as typed'() {
    await activate();
    const editor = await untitled('# 1. Fees\n\n1.1 The Customer pays monthly.\n\n1.2 Each invoice is due in thirty days.\n\n# 2. Term\n\nThis agreement lasts a year.\n');
    await until('the document to be analysed', async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri))?.length > 0);
    // Typed into clause 1.1's own sentence: the server answers from the lists it holds, with 1.1's text as it is now.
    const at = positionOf(editor.document, 'monthly', 'monthly'.length);
    const typed = ' as in Section ';
    assert.ok(await editor.edit((b) => b.insert(at, typed)));
    const cursor = at.translate(0, typed.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, cursor, undefined, 10);
    const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
    assert.deepEqual(list.items.map(label), ['1', '1.1', '1.2', '2']);
    const item = list.items.find((i) => label(i) === '1.1')!;
    const documentation = typeof item.documentation === 'string' ? item.documentation : item.documentation?.value;
    assert.match(`${item.detail ?? ''} ${documentation ?? ''}`, /pays monthly as in Section/);
  },

  async 'hovers a term away from words just typed, and counts a use of it just typed'() {
    await activate();
    const filler = 'These words stand here to fill the space between the parts of the text. '.repeat(6).trim();
    const editor = await untitled(`"Widget" means a part of the machine.\n\n${filler}\n\n# 1. Parts\n\nEach Widget fits.\n\n${filler}\n\nThe last Widget ships.\n`);
    await until('the document to be analysed', async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri))?.length > 0);
    const hover = async () => {
      const place = positionOf(editor.document, 'last Widget', 'last '.length + 2);
      const [found] = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, place);
      assert.ok(found, 'a hover');
      return { text: found.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n'), start: found.range?.start };
    };
    // Words typed in another clause: the hover is the term's, in its place (from the text the server holds, moved).
    const at = positionOf(editor.document, 'Each Widget fits', 'Each Widget fits'.length);
    assert.ok(await editor.edit((b) => b.insert(at, ' and turns')));
    const first = await hover();
    assert.match(first.text, /a part of the machine/);
    assert.match(first.text, /Used 2 times/);
    assert.deepEqual(first.start, positionOf(editor.document, 'last Widget', 'last '.length));
    // A use of the term typed: the hover counts it.
    assert.ok(await editor.edit((b) => b.insert(at.translate(0, ' and turns'.length), ' with a Widget')));
    assert.match((await hover()).text, /Used 3 times/);
  },

  async 'shows the clause tree in the outline'() {
    await activate();
    const editor = await open('microsoft-openai.clause.md');
    const symbols = await until('document symbols', async () => {
      const list = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
      return list && list.length > 0 ? list : undefined;
    });
    const names = JSON.stringify(symbols.map((s) => [s.name, s.children.map((c) => c.name)]));
    assert.match(names, /Exclusivity/);
    assert.match(names, /Stateless API Call/);
    await vscode.commands.executeCommand('outline.focus');
    await screenshot('outline', { settleMs: 1000 });
  },
};
