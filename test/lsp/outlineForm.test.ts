// The outline in the protocol's form after a keystroke on one line (`lsp/outlineForm.ts`): the indexed text's form
// with the edited line's symbols made again equals the form of a full reading of the edited text, after seeded
// keystrokes in a generated contract (in clauses, in numbered paragraphs' first sentences, in definitions, at the end
// of a paragraph); the symbols away from the edited line are shared with the indexed form; a symbol whose content end
// the change meets is placed where the edited content ends.

import { describe, expect, it } from 'vitest';
import { generateContract, Rng } from '../../bench/generate.js';
import { DEFAULT_CONFIG, LineIndex, WorkspaceIndex, changeBetween, diagnosticsAfterEdit, EditedText, createLanguageService } from '../../server/src/language/index.js';
import { indexedOutline, outlineAfterLineEdit, toDocumentSymbols } from '../../server/src/lsp/outlineForm.js';
import type { DocumentSymbol } from 'vscode-languageserver';
import type { DocumentSymbolEntry } from '../../server/src/language/index.js';

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
    // Places: anywhere in the body, the first sentence of numbered paragraphs (their summaries change), the end of a
    // paragraph and the blank line after it (an entry's content end meets the change, on its line or the line before).
    const numbered = [...text.matchAll(/^\d+\.\d+ /gm)].map((m) => m.index! + m[0].length + 3);
    const ends = [...text.matchAll(/[^\n]\n\n/g)].map((m) => m.index! + 1);
    let answered = 0;
    let patched = 0;
    let metPatched = 0;
    let kept = 0;
    let all = 0;
    // The index keeps the text: each edit is answered in its window against it.
    const index = new WorkspaceIndex();
    index.setDocument(URI, text);
    const service = createLanguageService(index, () => DEFAULT_CONFIG);
    service.diagnostics(URI);
    const lines = new LineIndex(text);
    for (let round = 0; round < 160; round++) {
      const kind = round % 4;
      const end = ends[Math.floor(next() * ends.length)]!;
      const at = kind === 0 ? numbered[Math.floor(next() * numbered.length)]! : kind === 1 ? end : kind === 2 ? end + 1 : Math.floor(text.length * (0.1 + 0.85 * next()));
      const insert = inserts[Math.floor(next() * inserts.length)]!;
      const remove = insert === '' || next() < 0.2 ? 1 + Math.floor(next() * 3) : 0;
      const edited = text.slice(0, at) + insert + text.slice(at + remove);
      const change = changeBetween(text, edited);
      const answer = diagnosticsAfterEdit(index, URI, DEFAULT_CONFIG, new EditedText(text, change.from, change.oldEnd, edited.slice(change.from, change.newEnd)));
      if ('refused' in answer || !answer.window) continue;
      answered++;
      const unmoved = service.documentSymbolsInWindow(URI, answer.window);
      if (!unmoved || !unmoved.keepsLines) continue;
      const base = service.documentSymbols(URI);
      const form = indexedOutline(base, (o) => lines.position(o));
      const editedLines = new LineIndex(edited);
      const place = (e: DocumentSymbolEntry) => {
        const placed = unmoved.place(e);
        const range = (span: { start: number; end: number }) => ({ start: editedLines.position(span.start), end: editedLines.position(span.end) });
        return placed && { range: range(placed.span), selectionRange: range(placed.selectionSpan) };
      };
      const result = outlineAfterLineEdit(base, form, unmoved.entries, lines.position(change.from).line, unmoved.meets, place);
      const met = (list: readonly DocumentSymbolEntry[]): boolean => list.some((e) => unmoved.meets(e) || met(e.children));
      const moved = service.documentSymbolsAfterEdit(URI, answer.window);
      // Refused exactly where moving the entries is refused (a position at or inside the change, but a content end).
      expect(result === undefined).toBe(moved === undefined);
      if (!result) continue;
      patched++;
      if (met(unmoved.entries)) metPatched++;
      const fresh = new WorkspaceIndex();
      fresh.setDocument(URI, edited);
      const freshLines = new LineIndex(edited);
      expect(result).toEqual(toDocumentSymbols(createLanguageService(fresh, () => DEFAULT_CONFIG).documentSymbols(URI), (o) => freshLines.position(o)));
      const shared = count(result, symbolsOf(form));
      kept += shared.kept;
      all += shared.all;
    }
    console.log(`outline after a keystroke on one line: ${patched} of ${answered} answered edits patched (${metPatched} at a content end); ${kept} of ${all} top symbols visited shared`);
    expect(patched).toBeGreaterThan(20);
    expect(metPatched).toBeGreaterThan(5);
    expect(kept / all).toBeGreaterThan(0.8);
  }, 60_000);

  it('places a symbol whose content end the change meets where the edited content ends, and refuses what cannot be placed', () => {
    const doc = '# 1. Scope\n\n1.1 The first clause.\n\n# 2. Term\n\nLast words.\n';
    const lines = new LineIndex(doc);
    const entries: DocumentSymbolEntry[] = [{ name: '1.1', kind: 'clause', span: { start: 12, end: 33 }, selectionSpan: { start: 12, end: 15 }, children: [] }];
    const form = toDocumentSymbols(entries, (o) => lines.position(o));
    const line = lines.position(33).line;
    const newEnd = { line, character: lines.position(33).character + 5 };
    const placed = outlineAfterLineEdit(entries, form, entries, line, () => true, () => ({ range: { start: form[0]!.range.start, end: newEnd }, selectionRange: form[0]!.selectionRange }));
    expect(placed?.[0]?.range).toEqual({ start: form[0]!.range.start, end: newEnd });
    expect(outlineAfterLineEdit(entries, form, entries, line, () => true, () => undefined)).toBeUndefined();
    // Away from the edited line, not met, the same entry: shared, never placed.
    const shared = outlineAfterLineEdit(entries, form, entries, line + 2, () => false, () => undefined);
    expect(shared?.[0]).toBe(form[0]);
  });
});
