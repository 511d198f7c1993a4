// The server answers a keystroke's diagnostic pull from the edit's window (issue 6): typing a clause reference into
// a generated contract, character by character, gives after each keystroke the diagnostics the server gives once it
// has taken the text into its index (a hover at the edit makes it), with ranges in the edited text; the status-bar counts
// follow. A hover away from the edit is answered without taking the text in, as once it is.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { startInFolder, type ServerSession } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;

interface Item {
  readonly code: string;
  readonly message: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

describe('keystroke diagnostics through the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clausemark-edit-'));
  const { text, truth } = generateContract({ seed: 7400, targetBytes: 60_000 });
  const path = join(dir, 'contract.clause.md');
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  let session: ServerSession;
  let version = 1;

  beforeAll(async () => {
    session = await startInFolder(join(repo, 'server/out/main.js'), dir, { uri, text });
  });
  afterAll(async () => {
    expect(await session.close()).toBe(0);
  });

  const pull = async () => (await session.request<{ items: Item[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;
  const position = (offset: number, of: string) => {
    const before = of.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };

  it('gives after each keystroke what a full check of the text gives', async () => {
    await pull();
    const word = ' or Section 998';
    let current = text;
    for (let i = 0; i < word.length; i++) {
      const at = truth.edit.offset + i;
      const pos = position(at, current);
      await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: pos, end: pos }, text: word[i] }] });
      current = current.slice(0, at) + word[i] + current.slice(at);
      const fast = await pull();
      if (i === word.length - 1 || i % 5 === 0) {
        // A hover at the edit takes the text into the index; the pull then comes from a full check.
        await session.request('textDocument/hover', { textDocument: { uri }, position: pos });
        expect(await pull()).toEqual(fast);
      }
    }
    const items = await pull();
    const broken = items.find((d) => d.code === 'ref.broken' && d.message.includes('"998"'));
    expect(broken?.range.start).toEqual(position(truth.edit.offset + word.indexOf('Section'), current));
  });

  it('answers completion in an edited text: nothing in plain text, the terms after [[', async () => {
    const pos = position(truth.edit.offset, text);
    await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: pos, end: pos }, text: ' plain' }] });
    const after = { line: pos.line, character: pos.character + ' plain'.length };
    expect(await session.request('textDocument/completion', { textDocument: { uri }, position: after })).toBeNull();
    await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: after, end: after }, text: ' [[' }] });
    const list = await session.request<{ items: unknown[] } | null>('textDocument/completion', { textDocument: { uri }, position: { line: after.line, character: after.character + 3 } });
    expect(list?.items.length).toBeGreaterThan(0);
  });

  it('answers completion after a clause reference typed character by character, as once the text is taken into the index', async () => {
    const start = position(truth.edit.offset, text);
    const typed = ' under Section 1';
    for (let i = 0; i < typed.length; i++) {
      const at = { line: start.line, character: start.character + i };
      await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: at, end: at }, text: typed[i] }] });
      await session.request('textDocument/diagnostic', { textDocument: { uri } });
    }
    const cursor = { line: start.line, character: start.character + typed.length };
    // Each list has its own id (the items' data, for resolving): the rest must be the same.
    const ask = async () => {
      const list = await session.request<{ items: { label: string; data?: unknown }[] } | null>('textDocument/completion', { textDocument: { uri }, position: cursor });
      return list && { ...list, items: list.items.map(({ data: _data, ...item }) => item) };
    };
    const pending = await ask();
    await session.request('textDocument/hover', { textDocument: { uri }, position: cursor });
    expect(await ask()).toEqual(pending);
    expect(pending?.items.map((item) => item.label)).toContain('1');
  });

  it('gives the semantic tokens of an edited text, as once the text is taken into the index', async () => {
    const pos = position(truth.edit.offset, text);
    await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: pos, end: pos }, text: ' and Section 996' }] });
    const tokens = async () => (await session.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } })).data;
    const pending = await tokens();
    await session.request('textDocument/hover', { textDocument: { uri }, position: pos });
    expect(await tokens()).toEqual(pending);
    expect(pending.length).toBeGreaterThan(5 * 100);
  });

  it('sends the semantic tokens after a keystroke as an edit of those sent before', async () => {
    const full = await session.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const pos = position(truth.edit.offset, text);
    await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: pos, end: pos }, text: ' or § 994' }] });
    const delta = await session.request<{ resultId: string; edits?: { start: number; deleteCount: number; data?: number[] }[]; data?: number[] }>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: full.resultId });
    expect(delta.edits).toBeDefined();
    const applied = [...full.data];
    for (const e of [...delta.edits!].sort((a, b) => b.start - a.start)) applied.splice(e.start, e.deleteCount, ...(e.data ?? []));
    // What the edit gives is what a whole answer gives; the edit holds a few tokens of thousands.
    const whole = await session.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    expect(applied).toEqual(whole.data);
    expect(delta.edits!.reduce((n, e) => n + (e.data?.length ?? 0), 0)).toBeLessThan(50);
    // A result id the server no longer holds: the whole tokens.
    const stale = await session.request<{ data?: number[] }>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: full.resultId });
    expect(stale.data).toEqual(whole.data);
  });

  it('gives the outline, folding ranges, code lenses and links of an edited text, as once the text is taken into the index', async () => {
    const other = pathToFileURL(join(dir, 'outline.clause.md')).href;
    const body = ['# 1. Scope', '', 'The first paragraph says what this is.', '', 'A second paragraph, typed into.', '', '> [!EXPLAIN]', '> Why.', '', '# 2. Term', '', '"Scope Term" means a term of scope.', '', 'Last words on the Scope Term and each Scope Term, see [§1](contract.clause.md#1).', ''].join('\n');
    await session.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'clausemark', version: 1, text: body } });
    await session.request('textDocument/diagnostic', { textDocument: { uri: other } });
    const at = position(body.indexOf('typed into'), body);
    await session.notify('textDocument/didChange', { textDocument: { uri: other, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: 'now by the Scope Term\nand then ' }] });
    await session.request('textDocument/diagnostic', { textDocument: { uri: other } });
    const ask = async () =>
      Promise.all(['documentSymbol', 'foldingRange', 'codeLens', 'documentLink'].map((kind) => session.request(`textDocument/${kind}`, { textDocument: { uri: other } })));
    // Where no finding stands, no quick fix: answered without the model.
    expect(await session.request('textDocument/codeAction', { textDocument: { uri: other }, range: { start: at, end: at }, context: { diagnostics: [] } })).toEqual([]);
    const pending = await ask();
    await session.request('textDocument/hover', { textDocument: { uri: other }, position: at });
    expect(await ask()).toEqual(pending);
    expect(JSON.stringify(pending)).toContain('"endLine":8');
    expect(JSON.stringify(pending)).toContain('3 uses');
    expect(JSON.stringify(pending)).toContain('contract.clause.md');
  });

  it('answers a hover, a definition, highlights and references away from a keystroke as once the text is taken into the index, with counts the keystroke changed', async () => {
    const other = pathToFileURL(join(dir, 'hover.clause.md')).href;
    const body = ['# 1. Scope', '', '"Scope Term" means a term of scope.', '', 'A middle paragraph, typed into.', '', '# 2. Use', '', 'Each Scope Term, as in Section 1, counts.', ''].join('\n');
    await session.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'clausemark', version: 1, text: body } });
    await session.request('textDocument/diagnostic', { textDocument: { uri: other } });
    let current = body;
    const type = async (after: string, typed: string, v: number) => {
      const at = position(current.indexOf(after) + after.length, current);
      await session.notify('textDocument/didChange', { textDocument: { uri: other, version: v }, contentChanges: [{ range: { start: at, end: at }, text: typed }] });
      current = current.replace(after, after + typed);
      await session.request('textDocument/diagnostic', { textDocument: { uri: other } });
      return at;
    };
    const ask = async () => {
      const term = position(current.lastIndexOf('Scope Term') + 2, current);
      const reference = position(current.indexOf('Section 1') + 2, current);
      return Promise.all([
        session.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: other }, position: term }),
        session.request('textDocument/definition', { textDocument: { uri: other }, position: term }),
        session.request('textDocument/hover', { textDocument: { uri: other }, position: reference }),
        session.request<unknown[]>('textDocument/documentHighlight', { textDocument: { uri: other }, position: term }),
        session.request<unknown[]>('textDocument/references', { textDocument: { uri: other }, position: term, context: { includeDeclaration: true } }),
      ]);
    };
    // Words typed elsewhere: the hovers and the definition come from the indexed text, moved.
    const at = await type('typed into', ' plainly', 2);
    const pending = await ask();
    await session.request('textDocument/hover', { textDocument: { uri: other }, position: at }); // At the edit: taken in.
    expect(await ask()).toEqual(pending);
    expect(pending[0]?.contents.value).toContain('Used 1 time in 1 document');
    expect(JSON.stringify(pending[1])).toContain('"line":2');
    // A use of the term typed: its hover counts it.
    await type('plainly', ' by the Scope Term', 3);
    const counted = await ask();
    expect(counted[0]?.contents.value).toContain('Used 2 times in 1 document');
    expect(counted[3]).toHaveLength(3); // The definition, the use typed and the use hovered.
    expect(counted[4]).toHaveLength(3);
    await session.request('textDocument/hover', { textDocument: { uri: other }, position: position(current.indexOf('plainly'), current) });
    expect(await ask()).toEqual(counted);
  });

  it('keeps the status-bar counts of an edited text', async () => {
    const before = await session.request<{ terms: number; clauses: number; errors: number }>('clausemark/documentStats', { uri });
    const pos = position(truth.edit.offset, text);
    await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: pos, end: pos }, text: ' Section 997' }] });
    const after = await session.request<{ terms: number; clauses: number; errors: number }>('clausemark/documentStats', { uri });
    expect(after).toMatchObject({ terms: before.terms, clauses: before.clauses, errors: before.errors + 1 });
  });
});
