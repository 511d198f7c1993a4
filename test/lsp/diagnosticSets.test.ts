// Tests the two diagnostic sets (`lsp/diagnosticSets.ts`): the split by rule, and through the server over stdio, with
// a client that registers providers as VS Code's does, that a keystroke which moves no whole-document finding leaves
// that set "unchanged" while the other set carries what it changed, and that a closed document's findings come whole.

import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/language/index.js';
import { DiagnosticSplitter, DOCUMENT_RULE_DIAGNOSTICS, documentRuleIds, MAIN_DIAGNOSTICS, setOf } from '../../server/src/lsp/diagnosticSets.js';
import { startInFolder, waitFor, type ServerSession } from '../helpers/lspClient.js';

const repo = join(import.meta.dirname, '../..');

describe('the split by rule', () => {
  const split = new DiagnosticSplitter(documentRuleIds(RULES));
  const item = (code: string, line = 0) => ({ range: { start: { line, character: 0 }, end: { line, character: 1 } }, message: code, code });

  it.each([
    // [rule, set]: the rules that read the whole document, and some that look at single occurrences.
    ['term.unused', 'document'],
    ['term.contested', 'document'],
    ['term.circular', 'document'],
    ['clause.numbering', 'document'],
    ['cite.unused', 'document'],
    ['ref.broken', 'main'],
    ['term.undefined', 'main'],
    ['cite.unknown', 'main'],
    ['syntax.internal', 'main'],
    ['no.such-rule', 'main'],
  ])('puts %s in the %s set', (code, set) => {
    const halves = split.split([item(code)]);
    expect(halves[set as 'main' | 'document'].map((d) => d.code)).toEqual([code]);
    expect(halves[set === 'main' ? 'document' : 'main']).toEqual([]);
  });

  it('keeps each set in the order of the list, and splits a list into the same arrays each time', () => {
    const list = [item('ref.broken', 1), item('term.unused', 2), item('term.undefined', 3), item('term.contested', 4)];
    const halves = split.split(list);
    expect(halves.main.map((d) => d.range.start.line)).toEqual([1, 3]);
    expect(halves.document.map((d) => d.range.start.line)).toEqual([2, 4]);
    expect(split.split(list)).toBe(halves);
    expect(split.split([...list])).not.toBe(halves);
  });

  it('knows each identifier', () => {
    expect(setOf(DOCUMENT_RULE_DIAGNOSTICS)).toBe('document');
    expect(setOf(MAIN_DIAGNOSTICS)).toBe('main');
    expect(setOf(undefined)).toBe('main');
  });
});

describe('two sets through the server', { timeout: 30_000 }, () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'clausemark-sets-')));
  // "Broker" is never used (term.unused, a whole-document rule); Section 9 names no clause (ref.broken).
  const text = '"Agent" means a program.\n\n"Broker" means a firm.\n\nEach Agent acts under Section 9.\n\nEach Agent waits.\n\nLater text here.\n';
  writeFileSync(join(dir, 'open.clause.md'), text);
  const uri = pathToFileURL(join(dir, 'open.clause.md')).href;
  let session: ServerSession;
  let version = 1;

  interface Report {
    kind: 'full' | 'unchanged';
    resultId?: string;
    items?: { code: string; message: string; range: { start: { line: number; character: number } } }[];
  }
  const pull = (identifier: string, previousResultId?: string) =>
    session.request<Report>('textDocument/diagnostic', { textDocument: { uri }, identifier, ...(previousResultId ? { previousResultId } : {}) });
  const edit = (line: number, character: number, typed: string) =>
    session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: typed }] });
  const codes = (report: Report) => report.items!.map((d) => `${d.code}@${d.range.start.line}`);

  beforeAll(async () => {
    session = await startInFolder(join(repo, 'server/out/main.js'), dir, { uri, text }, true);
  });
  afterAll(async () => {
    expect(await session.close()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers the second set for the client’s documents, with no workspace pull', async () => {
    const registration = await waitFor(() => session.registrations.find((r) => r.method === 'textDocument/diagnostic'));
    expect(registration.registerOptions).toEqual({ documentSelector: null, identifier: DOCUMENT_RULE_DIAGNOSTICS, interFileDependencies: true, workspaceDiagnostics: false });
  });

  it('sends after a keystroke only the set it changed', async () => {
    // The registration's answer reaches the server before the first pull is answered (the pull waits for indexing),
    // but nothing orders them: the main set holds every finding until it does.
    let main = await pull(MAIN_DIAGNOSTICS);
    for (let i = 0; i < 50 && codes(main).includes('term.unused@2'); i++) main = await pull(MAIN_DIAGNOSTICS);
    const document = await pull(DOCUMENT_RULE_DIAGNOSTICS);
    expect(codes(main)).toEqual(['ref.broken@4']);
    expect(codes(document)).toEqual(['term.unused@2']);

    // A keystroke on a later line moves nothing the editor shows: both unchanged.
    await edit(8, 5, 'r');
    expect(await pull(MAIN_DIAGNOSTICS, main.resultId)).toEqual({ kind: 'unchanged', resultId: main.resultId });
    expect(await pull(DOCUMENT_RULE_DIAGNOSTICS, document.resultId)).toEqual({ kind: 'unchanged', resultId: document.resultId });

    // A digit typed into the clause reference changes its finding: the main set in full, the other unchanged.
    await edit(4, 31, '9');
    const changed = await pull(MAIN_DIAGNOSTICS, main.resultId);
    expect(changed).toMatchObject({ kind: 'full' });
    expect(changed.items!.find((d) => d.code === 'ref.broken')?.message).toContain('99');
    expect(await pull(DOCUMENT_RULE_DIAGNOSTICS, document.resultId)).toEqual({ kind: 'unchanged', resultId: document.resultId });

    // A line break above the unused definition moves its finding: that set in full.
    await edit(1, 0, '\n');
    const moved = await pull(DOCUMENT_RULE_DIAGNOSTICS, document.resultId);
    expect(moved.kind).toBe('full');
    expect(codes(moved)).toEqual(['term.unused@3']);

    // A space typed at the end of the first line, before the unused definition: the set is unchanged, data and all
    // (its offsets are relative to the finding), and the quick fix of the diagnostic the editor holds removes the
    // definition where it stands now.
    await edit(0, 24, ' ');
    expect(await pull(DOCUMENT_RULE_DIAGNOSTICS, moved.resultId)).toEqual({ kind: 'unchanged', resultId: moved.resultId });
    const held = moved.items![0]!;
    type Action = { title: string; edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } };
    const actions = await session.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: held.range, context: { diagnostics: [held] } });
    const remove = actions.find((a) => a.title === 'Remove the unused definition of "Broker"');
    expect(remove?.edit.changes[uri]).toEqual([{ range: { start: { line: 3, character: 0 }, end: { line: 5, character: 0 } }, newText: '' }]);
  });

  it('gives a closed document’s findings whole in the main set, and none in the other', async () => {
    type WorkspaceReport = { items: (Report & { uri: string })[] };
    expect(await session.request<WorkspaceReport>('workspace/diagnostic', { identifier: DOCUMENT_RULE_DIAGNOSTICS, previousResultIds: [] })).toEqual({ items: [] });
    // Closed, the document is the file on disk again, without the edits.
    await session.notify('textDocument/didClose', { textDocument: { uri } });
    expect(codes(await pull(MAIN_DIAGNOSTICS))).toEqual(['term.unused@2', 'ref.broken@4']);
    expect(await pull(DOCUMENT_RULE_DIAGNOSTICS)).toMatchObject({ kind: 'full', items: [] });
    const workspace = await session.request<WorkspaceReport>('workspace/diagnostic', { identifier: MAIN_DIAGNOSTICS, previousResultIds: [] });
    expect(codes(workspace.items.find((i) => i.uri === uri)!)).toEqual(['term.unused@2', 'ref.broken@4']);
  });
});
