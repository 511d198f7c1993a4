// The outline in the protocol's form. The indexed text's is made once per reading (its entry list is); after a
// keystroke that keeps every line break, the edited text's is that form with only the symbols whose ranges hold the
// edited line, or whose entry the edit changed (a new summary), made again, their positions on the line moved; the
// others are shared. On a 10 MB contract the outline is 11,000 symbols: moving and placing all of them after every
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

/**
 * An edit on one line that keeps every line break: `[from, oldEnd)` of its characters became `delta` longer. A
 * position on the line at or inside the edit (but the end of a replaced stretch) has no place after it.
 */
export interface LineEdit {
  readonly line: number;
  readonly from: number;
  readonly oldEnd: number;
  readonly delta: number;
}

/**
 * The protocol form of `now`, the indexed outline `base` (whose form is `form`) with some entries made again, after
 * `edit`; undefined where a symbol's position stands at or inside it. Symbols that do not hold the edited line and
 * whose entry is `base`'s are shared with `form`.
 */
export function outlineAfterLineEdit(base: readonly DocumentSymbolEntry[], form: readonly DocumentSymbol[], now: readonly DocumentSymbolEntry[], edit: LineEdit): DocumentSymbol[] | undefined {
  let ok = true;
  const at = (p: Position): Position => {
    if (p.line !== edit.line || p.character < edit.from) return p;
    if (p.character > edit.oldEnd || (p.character === edit.oldEnd && edit.oldEnd > edit.from)) return { line: p.line, character: p.character + edit.delta };
    ok = false;
    return p;
  };
  const range = (r: Range): Range => {
    const start = at(r.start);
    const end = at(r.end);
    return start === r.start && end === r.end ? r : { start, end };
  };
  const holds = (r: Range) => r.start.line <= edit.line && r.end.line >= edit.line;
  const patch = (entries: readonly DocumentSymbolEntry[], was: readonly DocumentSymbolEntry[], symbols: readonly DocumentSymbol[]): DocumentSymbol[] =>
    symbols.map((s, i) => {
      const e = entries[i]!;
      if (e === was[i] && !holds(s.range)) return s;
      const { detail: _detail, ...rest } = s;
      return {
        ...rest,
        ...(e.detail ? { detail: e.detail } : {}),
        range: range(s.range),
        selectionRange: range(s.selectionRange),
        children: patch(e.children, was[i]!.children, s.children ?? []),
      };
    });
  const patched = patch(now, base, form);
  return ok ? patched : undefined;
}
