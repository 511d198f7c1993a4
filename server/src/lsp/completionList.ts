// The protocol form of a completion answer: as small as the client allows. A list of up to 200 items is sent on
// every keystroke, so what every item would repeat (the range it replaces, the plain-text format) goes once in the
// list's `itemDefaults` when the client reads them (LSP 3.17), and what only the shown item needs (its detail and
// documentation) waits for `completionItem/resolve` when the client resolves those properties.

import {
  CompletionItemKind,
  InsertTextFormat,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver';
import type { CompletionEntry, CompletionResult } from '../language/index.js';

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  term: CompletionItemKind.Constant,
  source: CompletionItemKind.Reference,
  clause: CompletionItemKind.EnumMember,
  party: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

/** What the client accepts that makes a list smaller. */
export interface CompletionSupport {
  /** The list may give the edit range and the text format once (`itemDefaults.editRange`, `.insertTextFormat`). */
  readonly itemDefaults: boolean;
  /** An item's `detail` may come with `completionItem/resolve` instead of with the list. */
  readonly resolveDetail: boolean;
}

/** The full form: every item carries its edit, format and detail (a client that announces nothing else). */
export const FULL_COMPLETIONS: CompletionSupport = { itemDefaults: false, resolveDetail: false };

/** What the client announced in `initialize`. */
export function completionSupport(capabilities: ClientCapabilities | undefined): CompletionSupport {
  const completion = capabilities?.textDocument?.completion;
  const defaults = completion?.completionList?.itemDefaults ?? [];
  return {
    itemDefaults: defaults.includes('editRange') && defaults.includes('insertTextFormat'),
    resolveDetail: completion?.completionItem?.resolveSupport?.properties.includes('detail') === true,
  };
}

/** What `completionItem/resolve` adds to an item of the list `id`: the entries' details (when deferred) and documentation. */
export interface CompletionExtras {
  readonly id: number;
  /** The list's entries, kept as they are (copying their strings for every list would be garbage on every keystroke). */
  readonly items: readonly { readonly detail?: string; readonly documentation?: string }[];
  /** Whether the details were left out of the list. */
  readonly detail: boolean;
}

/**
 * The list for `result`, whose entries replace `range`; `id` names the list, so that resolving an item of an older
 * list adds nothing. Returns the list and what resolving its items adds.
 */
export function completionList(result: CompletionResult, range: Range, id: number, support: CompletionSupport): { list: CompletionList; extras: CompletionExtras } {
  const items = result.items.map((entry, i): CompletionItem => {
    const resolvable = entry.documentation !== undefined || (support.resolveDetail && entry.detail !== undefined);
    const item: CompletionItem = { label: entry.label, kind: COMPLETION_KIND[entry.kind] };
    if (entry.detail && !support.resolveDetail) item.detail = entry.detail;
    if (resolvable) item.data = [id, i];
    if (support.itemDefaults) {
      if (entry.insertText !== entry.label) item.textEditText = entry.insertText;
      if (entry.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    } else {
      item.textEdit = { range, newText: entry.insertText };
      item.insertTextFormat = entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
    }
    if (entry.sortText) item.sortText = entry.sortText;
    if (entry.filterText) item.filterText = entry.filterText;
    return item;
  });
  const list: CompletionList = { isIncomplete: result.incomplete === true, items };
  if (support.itemDefaults) list.itemDefaults = { editRange: range, insertTextFormat: InsertTextFormat.PlainText };
  return { list, extras: { id, items: result.items, detail: support.resolveDetail } };
}

/** `item` with what resolving adds (its detail, its documentation as plain text); itself when from another list. */
export function resolveCompletion(item: CompletionItem, extras: CompletionExtras): CompletionItem {
  const data = item.data as unknown;
  if (!Array.isArray(data) || data[0] !== extras.id || typeof data[1] !== 'number') return item;
  const entry = extras.items[data[1]];
  const detail = extras.detail ? entry?.detail : undefined;
  if (!entry || (detail === undefined && entry.documentation === undefined)) return item;
  return {
    ...item,
    ...(detail !== undefined ? { detail } : {}),
    ...(entry.documentation !== undefined ? { documentation: { kind: 'plaintext', value: entry.documentation } } : {}),
  };
}
