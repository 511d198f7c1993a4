// Protocol tests of the editor features: the bundled server over stdio on the example workspace, one request of
// each kind where the mapping between offsets and LSP positions is not trivial (hover, definition across files,
// references, rename edits in several files, completion text edits, symbols, tokens, links, lenses).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/src/language/config.js';
import { startServerProcess, type ServerSession } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;
const example = join(repo, 'examples/frontier-dispute');
const uriOf = (name: string) => pathToFileURL(join(example, name)).href;
const ms = uriOf('microsoft-openai.clause.md');
const msText = readFileSync(join(example, 'microsoft-openai.clause.md'), 'utf8');

/** The LSP position of the `n`th occurrence of `needle` in the Microsoft document, plus `delta` characters. */
function positionOf(needle: string, delta = 1, n = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) at = msText.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not in the document`);
  const before = msText.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

let session: ServerSession;
beforeAll(async () => {
  session = startServerProcess(join(repo, 'server/out/main.js'), repo);
  await session.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(example).href,
    workspaceFolders: [{ uri: pathToFileURL(example).href, name: 'frontier-dispute' }],
    capabilities: {
      // Completion as VS Code's client announces it: list defaults, and details and documentation on resolve.
      textDocument: {
        diagnostic: {},
        completion: {
          completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
          completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
        },
      },
      workspace: { configuration: true },
    },
  });
  await session.notify('initialized', {});
  await session.notify('textDocument/didOpen', { textDocument: { uri: ms, languageId: 'clausemark', version: 1, text: msText } });
  await session.request('textDocument/diagnostic', { textDocument: { uri: ms } }); // Waits for the first indexing.
});
afterAll(async () => {
  expect(await session.close()).toBe(0);
});

describe('features over stdio', () => {
  it('hovers a term use with its definition and the parties positions, as untrusted markdown', async () => {
    const hover = await session.request<{ contents: { kind: string; value: string }; range: { start: { line: number } } }>('textDocument/hover', {
      textDocument: { uri: ms },
      position: positionOf('Stateless API Calls', 3, 0),
    });
    expect(hover.contents.kind).toBe('markdown');
    expect(hover.contents.value).toContain('Stateless API Call');
    expect(hover.contents.value).toMatch(/Microsoft/);
    expect(hover.contents.value).toMatch(/OpenAI/);
    expect(hover.contents.value).not.toMatch(/command:|<script/i);
    expect(hover.range.start.line).toBe(positionOf('Stateless API Calls', 0, 0).line);
  });

  it('goes from a use of an imported term to its definition in the glossary', async () => {
    const found = await session.request<{ uri: string; range: unknown }[]>('textDocument/definition', { textDocument: { uri: ms }, position: positionOf('OpenAI Models', 2) });
    expect(found.map((l) => l.uri)).toContain(uriOf('glossary.clause.md'));
  });

  it('finds references of a term in every document', async () => {
    const found = await session.request<{ uri: string }[]>('textDocument/references', {
      textDocument: { uri: ms },
      position: positionOf('Stateless API Call', 2, 0),
      context: { includeDeclaration: true },
    });
    const uris = new Set(found.map((l) => l.uri));
    expect(uris.has(ms)).toBe(true);
    expect(uris.has(uriOf('amazon-openai.clause.md'))).toBe(true);
  });

  it('renames a term with edits in every file that uses it', async () => {
    const prepared = await session.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: ms }, position: positionOf('Stateless API Call', 2, 0) });
    expect(prepared.placeholder).toBe('Stateless API Call');
    const edit = await session.request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', {
      textDocument: { uri: ms },
      position: positionOf('Stateless API Call', 2, 0),
      newName: 'One-Shot API Call',
    });
    expect(Object.keys(edit.changes)).toEqual(expect.arrayContaining([ms, uriOf('amazon-openai.clause.md')]));
    expect(edit.changes[ms]!.some((e) => e.newText.startsWith('One-Shot API Call'))).toBe(true);
  });

  it('answers a request it does not know with the protocol error for an unknown method', async () => {
    await expect(session.request('clausemark/noSuchRequest', {})).rejects.toMatchObject({ code: -32601 });
    await session.notify('clausemark/noSuchNotification', {});
    // And goes on serving.
    expect(await session.request('textDocument/definition', { textDocument: { uri: ms }, position: positionOf('OpenAI Models', 2) })).not.toEqual([]);
  });

  it('refuses to rename plain text with a message', async () => {
    await expect(session.request('textDocument/prepareRename', { textDocument: { uri: ms }, position: { line: 0, character: 0 } })).rejects.toThrow(/./);
  });

  it('completes terms after [[, the edit range given once for the list', async () => {
    const text = `${msText}\nSee [[Stat`;
    await session.notify('textDocument/didChange', { textDocument: { uri: ms, version: 2 }, contentChanges: [{ text }] });
    const lines = text.split('\n');
    type Item = { label: string; textEdit?: unknown; textEditText?: string; detail?: string; documentation?: { value: string }; data?: unknown };
    const result = await session.request<{ itemDefaults: { editRange: { start: { character: number }; end: { character: number } } }; items: Item[] }>('textDocument/completion', {
      textDocument: { uri: ms },
      position: { line: lines.length - 1, character: lines[lines.length - 1]!.length },
    });
    expect(result.items.map((i) => i.label)).toContain('Stateless API Call');
    expect(result.itemDefaults.editRange.start.character).toBe('See [['.length);
    expect(result.itemDefaults.editRange.end.character).toBe('See [[Stat'.length);
    // The list carries labels only; the editor resolves the item it shows, and gets its detail and definition then.
    const item = result.items.find((i) => i.label === 'Stateless API Call')!;
    expect(item.textEdit).toBeUndefined();
    expect(item.detail).toBeUndefined();
    expect(item.documentation).toBeUndefined();
    const resolved = await session.request<Item>('completionItem/resolve', item);
    expect(resolved.detail).toMatch(/Stateless API Call/);
    expect(resolved.documentation?.value).toMatch(/Stateless API Call/);
    // An item of an older list resolves to itself.
    await session.request('textDocument/completion', { textDocument: { uri: ms }, position: { line: lines.length - 1, character: lines[lines.length - 1]!.length } });
    expect(await session.request('completionItem/resolve', item)).toEqual(item);
    await session.notify('textDocument/didChange', { textDocument: { uri: ms, version: 3 }, contentChanges: [{ text: msText }] });
  });

  it('caps a long completion list and marks it incomplete, so the editor asks again as the user types', async () => {
    const clauses = Array.from({ length: LIMITS.completions + 50 }, (_, i) => `# ${i + 100}. Clause ${i + 100}\n\nText.\n`).join('\n');
    const text = `${msText}\n${clauses}\nSee §`;
    await session.notify('textDocument/didChange', { textDocument: { uri: ms, version: 4 }, contentChanges: [{ text }] });
    const lines = text.split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const result = await session.request<{ isIncomplete: boolean; items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: ms }, position });
    expect(result.isIncomplete).toBe(true);
    expect(result.items).toHaveLength(LIMITS.completions);
    await session.notify('textDocument/didChange', { textDocument: { uri: ms, version: 5 }, contentChanges: [{ text: msText }] });
  });

  it('gives the clause tree, semantic tokens, links, folding ranges and code lenses', async () => {
    const symbols = await session.request<{ name: string; children: unknown[] }[]>('textDocument/documentSymbol', { textDocument: { uri: ms } });
    expect(symbols.length).toBeGreaterThan(0);
    const tokens = await session.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: ms } });
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length).toBeGreaterThan(50);
    const folds = await session.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: ms } });
    expect(folds.every((f) => f.endLine > f.startLine)).toBe(true);
    const lenses = await session.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: ms } });
    expect(lenses.some((l) => /use/.test(l.command.title))).toBe(true);
    const links = await session.request<{ target: string }[]>('textDocument/documentLink', { textDocument: { uri: ms } });
    expect(links.some((l) => l.target.startsWith(uriOf('glossary.clause.md')))).toBe(true);
    const workspace = await session.request<{ name: string }[]>('workspace/symbol', { query: 'stateless' });
    expect(workspace.map((s) => s.name)).toContain('Stateless API Call');
  });
});
