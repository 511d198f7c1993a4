// Result ids of pulled diagnostics (`lsp/diagnosticResults.ts`): the ids given in sequences of reports, and, through
// the server over stdio, a pull that names the report the client holds answered "unchanged" while a file's
// diagnostics stay the same (after a keystroke elsewhere in it, and in the workspace pull), in full once they differ
// or once the file was deleted in between.

import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticResults, sameDiagnostic, sameJson } from '../../server/src/lsp/diagnosticResults.js';
import { startInFolder, type ServerSession } from '../helpers/lspClient.js';

const repo = new URL('../..', import.meta.url).pathname;

const diagnostic = (line: number, message: string, related = 0): Diagnostic => ({
  range: { start: { line, character: 4 }, end: { line, character: 9 } },
  severity: 1,
  code: 'ref.broken',
  source: 'clausemark',
  message,
  ...(related ? { relatedInformation: Array.from({ length: related }, (_, i) => ({ location: { uri: 'file:///a', range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } }, message: 'here' })) } : {}),
});

describe('sameJson', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['equal primitives', 'a', 'a', true],
    ['different numbers', 1, 2, false],
    ['null and an object', null, {}, false],
    ['an array and an object', [], {}, false],
    ['arrays of different lengths', [1], [1, 2], false],
    ['nested equal', { a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] }, true],
    ['nested different', { a: [1, { b: 'c' }] }, { a: [1, { b: 'd' }] }, false],
    ['a key more', { a: 1 }, { a: 1, b: undefined }, false],
    ['other keys, as many', { a: 1 }, { b: 1 }, false],
    ['diagnostics built twice', [diagnostic(2, 'x', 3)], [diagnostic(2, 'x', 3)], true],
    ['a related location moved', [diagnostic(2, 'x', 3)], [diagnostic(2, 'x', 2)], false],
  ];
  it.each(cases)('%s', (_name, a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
    expect(sameJson(b, a)).toBe(same);
  });
});

describe('sameDiagnostic', () => {
  const base = { ...diagnostic(2, 'x', 2), codeDescription: { href: 'https://x/rules.md#ref.broken' }, tags: [1], data: { name: 'Agent', blockSpan: { start: -4, end: 20 } } } as Diagnostic;
  const related = base.relatedInformation!;
  // Each case changes one thing the server sets (or adds one it does not), and says whether the two are the same.
  const cases: [string, Diagnostic, boolean][] = [
    ['built again', { ...base, range: { start: { ...base.range.start }, end: { ...base.range.end } }, data: { name: 'Agent', blockSpan: { start: -4, end: 20 } } }, true],
    ['the start character', { ...base, range: { ...base.range, start: { line: 2, character: 5 } } }, false],
    ['the end line', { ...base, range: { ...base.range, end: { line: 3, character: 9 } } }, false],
    ['the message', { ...base, message: 'y' }, false],
    ['the code', { ...base, code: 'ref.ambiguous' }, false],
    ['the severity', { ...base, severity: 2 }, false],
    ['the source', { ...base, source: 'other' }, false],
    ['the rule link', { ...base, codeDescription: { href: 'https://x/rules.md#other' } }, false],
    ['no related places', { ...base, relatedInformation: undefined }, false],
    ['a related place fewer', { ...base, relatedInformation: related.slice(1) }, false],
    ['a related message', { ...base, relatedInformation: [related[0]!, { ...related[1]!, message: 'there' }] }, false],
    ['a related file', { ...base, relatedInformation: [related[0]!, { ...related[1]!, location: { ...related[1]!.location, uri: 'file:///b' } }] }, false],
    ['a related range', { ...base, relatedInformation: [related[0]!, { ...related[1]!, location: { ...related[1]!.location, range: base.range } }] }, false],
    ['the tags', { ...base, tags: [2] }, false],
    ['an offset in the data', { ...base, data: { name: 'Agent', blockSpan: { start: -4, end: 21 } } }, false],
    ['no data', { ...base, data: undefined }, false],
    ['a field the server does not set', { ...base, extra: 1 } as Diagnostic, false],
  ];
  it.each(cases)('%s', (_name, other, same) => {
    expect(sameDiagnostic(base, other)).toBe(same);
    expect(sameDiagnostic(other, base)).toBe(same);
    expect(sameJson(base, other)).toBe(same);
  });
});

describe('DiagnosticResults', () => {
  // Each step: the file, its diagnostics now, the id the client names (a step's id, by its number), and what is
  // expected: 'full' with the id of step k (the same report) or a new one ('new'), or 'unchanged'.
  type Step = [uri: string, items: Diagnostic[], previous: number | undefined, kind: 'full' | 'unchanged', sameIdAs: number | 'new'];
  const a = [diagnostic(2, 'Section 9 names no clause')];
  const b = [diagnostic(2, 'Section 99 names no clause')];
  const steps: Step[] = [
    ['file:///one', a, undefined, 'full', 'new'], // 0: the first report
    ['file:///one', a, 0, 'unchanged', 0], // 1: the same array, its id named
    ['file:///one', [diagnostic(2, 'Section 9 names no clause')], 0, 'unchanged', 0], // 2: equal items, built again
    ['file:///one', a, undefined, 'full', 0], // 3: no id named: in full, same id
    ['file:///one', b, 0, 'full', 'new'], // 4: different items
    ['file:///one', a, 4, 'full', 'new'], // 5: back to the first items: a new id (only the last report is kept)
    ['file:///two', a, 5, 'full', 'new'], // 6: another file's id named: in full, an id of its own
    ['file:///two', a, 6, 'unchanged', 6], // 7
    ['file:///one', a, 5, 'unchanged', 5], // 8: the first file kept its own
    ['file:///one', [], 5, 'full', 'new'], // 9: no diagnostics left
    ['file:///one', [], 9, 'unchanged', 9], // 10
  ];
  it('gives each sequence of reports the ids and kinds expected', () => {
    const results = new DiagnosticResults('test');
    const ids: string[] = [];
    steps.forEach(([uri, items, previous, kind, sameIdAs], i) => {
      const report = results.report(uri, items, previous === undefined ? undefined : ids[previous]);
      ids.push(report.resultId!);
      expect({ step: i, kind: report.kind }).toEqual({ step: i, kind });
      if (sameIdAs === 'new') expect(ids.slice(0, i), `step ${i}`).not.toContain(report.resultId);
      else expect(report.resultId, `step ${i}`).toBe(ids[sameIdAs]);
      if (report.kind === 'full') expect(report.items).toBe(items);
    });
    expect(results.size).toBe(2);
    results.forget('file:///two');
    expect(results.size).toBe(1);
  });

  it('never gives an id another server gave', () => {
    const first = new DiagnosticResults('p1').report('file:///one', [], undefined).resultId;
    expect(new DiagnosticResults('p2').report('file:///one', [], first)).toMatchObject({ kind: 'full' });
  });
});

describe('result ids through the server', { timeout: 30_000 }, () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'clausemark-results-')));
  const text = '"Agent" means a program.\n\nEach Agent acts under Section 9.\n\nLater text here.\n';
  const other = '# 1. Scope\n\nThe Agent acts under Section 7.\n';
  writeFileSync(join(dir, 'open.clause.md'), text);
  writeFileSync(join(dir, 'other.clause.md'), other);
  const uri = pathToFileURL(join(dir, 'open.clause.md')).href;
  const otherUri = pathToFileURL(join(dir, 'other.clause.md')).href;
  let session: ServerSession;
  let version = 1;

  interface Report {
    kind: 'full' | 'unchanged';
    resultId?: string;
    items?: { code: string; message: string }[];
  }
  const pull = (previousResultId?: string) => session.request<Report>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
  const type = (line: number, character: number, typed: string) =>
    session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: typed }] });

  beforeAll(async () => {
    session = await startInFolder(join(repo, 'server/out/main.js'), dir, { uri, text });
  });
  afterAll(async () => {
    expect(await session.close()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a document pull "unchanged" until its diagnostics change', async () => {
    const first = await pull();
    expect(first).toMatchObject({ kind: 'full', resultId: expect.any(String) });
    expect(first.items!.map((d) => d.code)).toContain('ref.broken');
    expect(await pull(first.resultId)).toEqual({ kind: 'unchanged', resultId: first.resultId });
    // A keystroke on a later line moves no diagnostic: still unchanged, answered from the edit's window.
    await type(4, 5, 'r');
    expect(await pull(first.resultId)).toEqual({ kind: 'unchanged', resultId: first.resultId });
    // A digit typed into the clause reference changes its finding: in full, with a new id.
    await type(2, 31, '9');
    const changed = await pull(first.resultId);
    expect(changed).toMatchObject({ kind: 'full' });
    expect(changed.resultId).not.toBe(first.resultId);
    expect(changed.items!.find((d) => d.code === 'ref.broken')?.message).toContain('99');
    // A client that names no id, or an id it did not get from this server, gets the report in full.
    expect(await pull()).toMatchObject({ kind: 'full', resultId: changed.resultId });
    expect(await pull('elsewhere.1')).toMatchObject({ kind: 'full', resultId: changed.resultId });
  });

  it('answers the workspace pull "unchanged" for a file whose diagnostics stay the same', async () => {
    type WorkspaceReport = { items: (Report & { uri: string })[] };
    const first = await session.request<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [] });
    const held = first.items.find((i) => i.uri === otherUri)!;
    expect(held).toMatchObject({ kind: 'full', resultId: expect.any(String) });
    expect(held.items!.map((d) => d.code)).toContain('ref.broken');
    // Another file comes: the pull (held until something changes) answers again.
    writeFileSync(join(dir, 'third.clause.md'), '# 1. Third\n\nNothing here.\n');
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'third.clause.md')).href, type: 1 }] });
    const second = await session.request<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [{ uri: otherUri, value: held.resultId }] });
    expect(second.items.find((i) => i.uri === otherUri)).toEqual({ kind: 'unchanged', uri: otherUri, version: null, resultId: held.resultId });
    expect(second.items.find((i) => i.uri.endsWith('third.clause.md'))).toMatchObject({ kind: 'full', items: [] });
    // The file changes on disk: in full again, with a new id.
    writeFileSync(join(dir, 'other.clause.md'), other.replace('Section 7', 'Section 8'));
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: otherUri, type: 2 }] });
    const third = await session.request<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [{ uri: otherUri, value: held.resultId }] });
    const changed = third.items.find((i) => i.uri === otherUri)!;
    expect(changed).toMatchObject({ kind: 'full' });
    expect(changed.resultId).not.toBe(held.resultId);
    expect(changed.items!.find((d) => d.code === 'ref.broken')?.message).toContain('"8"');
    // Deleted, then written again as it was: its id was forgotten with it, so the report comes in full.
    rmSync(join(dir, 'other.clause.md'));
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: otherUri, type: 3 }] });
    const gone = await session.request<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [{ uri: otherUri, value: changed.resultId }] });
    expect(gone.items.map((i) => i.uri)).not.toContain(otherUri);
    writeFileSync(join(dir, 'other.clause.md'), other.replace('Section 7', 'Section 8'));
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: otherUri, type: 1 }] });
    const back = await session.request<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [{ uri: otherUri, value: changed.resultId }] });
    const again = back.items.find((i) => i.uri === otherUri)!;
    expect(again).toMatchObject({ kind: 'full', items: changed.items });
    expect(again.resultId).not.toBe(changed.resultId);
  });
});
