// The outline in the protocol's form. The indexed text's is made once per reading (its entry list is); after a
// keystroke that keeps every line break, the edited text's is that form with only the symbols whose ranges hold the
// edited line, whose entry the edit changed (a new summary) or whose content end the change meets (the writer typing
// at the end of a clause) made again and placed in the edited text; the others are shared. On a 10 MB contract the outline is 11,000 symbols: moving and placing all of them after every
// keystroke made megabytes of objects the next collection had to sweep.

import { SymbolKind, type DocumentSymbol, type Position, type Range } from 'vscode-languageserver';
import type { DocumentSymbolEntry } from '../language/index.js';

const SYMBOL_KIND: Record<DocumentSymbolEntry['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  clause: SymbolKind.Module,
  term: SymbolKind.Constant,
  sources: SymbolKind.Package,
  source: SymbolKind.String,
};

/** The protocol form of outline entries, placed by `position`. */
export function toDocumentSymbols(entries: readonly DocumentSymbolEntry[], position: (offset: number) => Position): DocumentSymbol[] {
  const convert = (e: DocumentSymbolEntry): DocumentSymbol => ({
    name: e.name || '(untitled)',
    ...(e.detail ? { detail: e.detail } : {}),
    kind: SYMBOL_KIND[e.kind],
    range: { start: position(e.span.start), end: position(e.span.end) },
    selectionRange: { start: position(e.selectionSpan.start), end: position(e.selectionSpan.end) },
    children: e.children.map(convert),
  });
  return entries.map(convert);
}

const forms = new WeakMap<readonly DocumentSymbolEntry[], DocumentSymbol[]>();

/** The protocol form of the indexed text's outline `entries`, placed by `position` (kept with the list). */
export function indexedOutline(entries: readonly DocumentSymbolEntry[], position: (offset: number) => Position): DocumentSymbol[] {
  let form = forms.get(entries);
  if (!form) forms.set(entries, (form = toDocumentSymbols(entries, position)));
  return form;
}

/** Where an outline entry stands in an edited text, in the protocol's form. */
export interface PlacedEntry {
  readonly range: Range;
  readonly selectionRange: Range;
}

/**
 * The protocol form of `now`, the outline of an edited text before it is moved (the indexed outline `base`, whose
 * form is `form`, with some entries made again), after an edit that keeps every line break and lies on `line` of the
 * indexed text. A symbol whose entry is `base`'s, whose range does not hold `line` and whose content end the change
 * does not `meet` keeps its positions and is shared with `form`; the others are placed again by `place`. Undefined
 * where `place` cannot place one.
 */
export function outlineAfterLineEdit(
  base: readonly DocumentSymbolEntry[],
  form: readonly DocumentSymbol[],
  now: readonly DocumentSymbolEntry[],
  line: number,
  meets: (entry: DocumentSymbolEntry) => boolean,
  place: (entry: DocumentSymbolEntry) => PlacedEntry | undefined,
): DocumentSymbol[] | undefined {
  let ok = true;
  const holds = (r: Range) => r.start.line <= line && r.end.line >= line;
  const patch = (entries: readonly DocumentSymbolEntry[], was: readonly DocumentSymbolEntry[], symbols: readonly DocumentSymbol[]): DocumentSymbol[] =>
    symbols.map((s, i) => {
      const e = entries[i]!;
      if (e === was[i] && !holds(s.range) && !meets(e)) return s;
      const placed = place(e);
      if (!placed) ok = false;
      const { detail: _detail, ...rest } = s;
      return {
        ...rest,
        ...(e.detail ? { detail: e.detail } : {}),
        range: placed?.range ?? s.range,
        selectionRange: placed?.selectionRange ?? s.selectionRange,
        children: patch(e.children, was[i]!.children, s.children ?? []),
      };
    });
  const patched = patch(now, base, form);
  return ok ? patched : undefined;
}
