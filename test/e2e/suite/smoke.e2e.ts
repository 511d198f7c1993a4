// Smoke test of the end-to-end setup: VS Code opened the example workspace and maps *.clause.md to the `clausemark` language.
import * as assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { screenshot } from './screenshot';

// The runners pass the opened folder; by default it is the example workspace (out/suite → repository root).
const expectedWorkspace = process.env.CLAUSEMARK_E2E_WORKSPACE ?? path.resolve(__dirname, '../../../../examples/frontier-dispute');

const same = (a: string, b: string) => realpathSync.native(a) === realpathSync.native(b);

export const tests = {
  async 'opens the workspace and gives *.clause.md the clausemark language'() {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.ok(
      folders.some((f) => same(f.uri.fsPath, expectedWorkspace)),
      `workspace folders ${JSON.stringify(folders.map((f) => f.uri.toString()))} do not include ${expectedWorkspace}`,
    );

    // The extension under test is loaded from the development path (activating it needs client/out, not this test).
    assert.ok(vscode.extensions.getExtension('clausemark.clausemark'), 'extension clausemark.clausemark is not loaded');

    const [uri] = await vscode.workspace.findFiles('**/*.clause.md', '**/node_modules/**', 1);
    assert.ok(uri, 'no *.clause.md file in the workspace');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'clausemark', `${uri.fsPath} has language id '${doc.languageId}'`);

    await screenshot('smoke');
  },
};
