// The outline in the protocol's form after a keystroke on one line (`lsp/outlineForm.ts`): the indexed text's form
// with the edited line's symbols made again equals the form of a full reading of the edited text, after seeded
// keystrokes in a generated contract (in clauses, in numbered paragraphs' first sentences, in definitions); the
// symbols away from the edited line are shared with the indexed form; and a symbol standing at the change is refused.

import { describe, expect, it } from 'vitest';
import { generateContract, Rng } from '../../bench/generate.js';
import { DEFAULT_CONFIG, LineIndex, WorkspaceIndex, changeBetween, diagnosticsAfterEdit, EditedText, createLanguageService } from '../../server/src/language/index.js';
import { indexedOutline, outlineAfterLineEdit, toDocumentSymbols } from '../../server/src/lsp/outlineForm.js';
import type { DocumentSymbol } from 'vscode-languageserver';

const URI = 'file:///ws/contract.clause.md';

function count(symbols: readonly DocumentSymbol[], shared: ReadonlySet<DocumentSymbol>): { all: number; kept: number } {
  let all = 0;
  let kept = 0;
  const walk = (list: readonly DocumentSymbol[]) => {
    for (const s of list) {
      all++;
      if (shared.has(s)) kept++;
      else walk(s.children ?? []);
    }
  };
  walk(symbols);
  return { all, kept };
}

function symbolsOf(form: readonly DocumentSymbol[]): Set<DocumentSymbol> {
  const set = new Set<DocumentSymbol>();
  const walk = (list: readonly DocumentSymbol[]) => {
    for (const s of list) {
      set.add(s);
      walk(s.children ?? []);
    }
  };
  walk(form);
  return set;
}

describe('the outline in the protocol form after a keystroke on one line', () => {
  const { text } = generateContract({ seed: 7500, targetBytes: 25_000 });

  it('equals a full reading of the edited text, sharing the symbols away from the edited line (seeded keystrokes)', () => {
    const rng = new Rng(91);
    const next = () => rng.next();
    const inserts = ['a', ' ', '.', 'x y', ' Section 1', ''];
    // Places: anywhere in the body, and the first sentence of numbered paragraphs (their summaries change).
    const numbered = [...text.matchAll(/^\d+\.\d+ /gm)].map((m) => m.index! + m[0].length + 3);
    let answered = 0;
    let patched = 0;
    let kept = 0;
    let all = 0;
    // The index keeps the text: each edit is answered in its window against it.
    const index = new WorkspaceIndex();
    index.setDocument(URI, text);
    const service = createLanguageService(index, () => DEFAULT_CONFIG);
    service.diagnostics(URI);
    const lines = new LineIndex(text);
    for (let round = 0; round < 70; round++) {
      const at = round % 2 === 0 ? numbered[Math.floor(next() * numbered.length)]! : Math.floor(text.length * (0.1 + 0.85 * next()));
      const insert = inserts[Math.floor(next() * inserts.length)]!;
      const remove = insert === '' || next() < 0.2 ? 1 + Math.floor(next() * 3) : 0;
      const edited = text.slice(0, at) + insert + text.slice(at + remove);
      const change = changeBetween(text, edited);
      const answer = diagnosticsAfterEdit(index, URI, DEFAULT_CONFIG, new EditedText(text, change.from, change.oldEnd, edited.slice(change.from, change.newEnd)));
      if ('refused' in answer || !answer.window) continue;
      answered++;
      const unmoved = service.documentSymbolsInWindow(URI, answer.window);
      if (!unmoved || !unmoved.keepsLines) continue;
      const from = lines.position(change.from);
      const oldEnd = lines.position(change.oldEnd);
      if (from.line !== oldEnd.line) continue;
      const base = service.documentSymbols(URI);
      const form = indexedOutline(base, (o) => lines.position(o));
      const result = outlineAfterLineEdit(base, form, unmoved.entries, { line: from.line, from: from.character, oldEnd: oldEnd.character, delta: change.newEnd - change.oldEnd });
      const moved = service.documentSymbolsAfterEdit(URI, answer.window);
      // Refused exactly where moving the entries is refused (a position at or inside the change).
      expect(result === undefined).toBe(moved === undefined);
      if (!result) continue;
      patched++;
      const fresh = new WorkspaceIndex();
      fresh.setDocument(URI, edited);
      const freshLines = new LineIndex(edited);
      expect(result).toEqual(toDocumentSymbols(createLanguageService(fresh, () => DEFAULT_CONFIG).documentSymbols(URI), (o) => freshLines.position(o)));
      const shared = count(result, symbolsOf(form));
      kept += shared.kept;
      all += shared.all;
    }
    console.log(`outline after a keystroke on one line: ${patched} of ${answered} answered edits patched; ${kept} of ${all} top symbols visited shared`);
    expect(patched).toBeGreaterThan(20);
    expect(kept / all).toBeGreaterThan(0.8);
  }, 60_000);

  it('refuses a symbol that ends where text is inserted, as moving the entries does', () => {
    const doc = '# 1. Scope\n\n1.1 The first clause.\n\n# 2. Term\n\nLast words.\n';
    const lines = new LineIndex(doc);
    const entries = [{ name: '1.1', kind: 'clause' as const, span: { start: 12, end: 33 }, selectionSpan: { start: 12, end: 15 }, children: [] }];
    const form = toDocumentSymbols(entries, (o) => lines.position(o));
    const end = lines.position(33);
    expect(outlineAfterLineEdit(entries, form, entries, { line: end.line, from: end.character, oldEnd: end.character, delta: 1 })).toBeUndefined();
    // One character before the end: the end moves, the start stays.
    const before = outlineAfterLineEdit(entries, form, entries, { line: end.line, from: end.character - 1, oldEnd: end.character - 1, delta: 2 });
    expect(before?.[0]?.range).toEqual({ start: form[0]!.range.start, end: { line: end.line, character: end.character + 2 } });
  });
});
