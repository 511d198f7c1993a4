// The protocol form of completion lists (`lsp/completionList.ts`): for each kind of entry (terms, sources, clauses,
// parties, the definition snippet), the small list a client such as VS Code accepts (`itemDefaults`, details on
// resolve) gives the same items, once the client applies the defaults as LSP 3.17 says and resolves an item, as the
// full list a client that announces nothing gets.

import { describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver';
import { getCompletions } from '../../server/src/language/features/completion.js';
import { completionList, completionSupport, FULL_COMPLETIONS, resolveCompletion } from '../../server/src/lsp/completionList.js';
import { memoryWorkspace } from '../helpers/workspace.js';

const BASE = `---
parties:
  - name: OpenAI
  - name: Amazon
    aliases: [AWS]
sources:
  geekwire-2026:
    title: How the deal actually works
    publisher: GeekWire
    issued: 2026-02-27
---

"Frontier Model" means a model that OpenAI releases as its most capable. It is large.

"Third-Party Cloud Provider" or "TPCP" means a provider other than Microsoft that hosts a Frontier Model.

# 4. Distribution {#distribution}

## 4.2 Amazon as provider

Amazon hosts the models.

`;

/** A line appended to BASE, `$0` at the cursor; and the labels it offers (a few, to show the kind is there). */
const cases: [string, string, readonly string[]][] = [
  ['terms', 'See [[Fro$0', ['Frontier Model', 'TPCP']],
  ['sources', 'Text [@gee$0', ['geekwire-2026']],
  ['clauses', 'See §$0', ['4', '4.2']],
  ['clause ids', 'See [the terms](#dis$0).', ['distribution']],
  ['parties', '> [!POSITION $0', ['OpenAI', 'AWS']],
  ['the definition snippet', '$0', ['"Term" means …']],
];

/** What VS Code 1.100's client (vscode-languageclient 11) announces for completion. */
const VSCODE = {
  textDocument: {
    completion: {
      completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
  },
};

/** The item as the client sees it: the list's defaults applied (LSP 3.17: an item's own value wins), then resolved. */
function asClientSees(list: CompletionList, item: CompletionItem, resolve: (item: CompletionItem) => CompletionItem): CompletionItem {
  const { textEditText, ...rest } = resolve(item);
  const defaults = list.itemDefaults;
  const range = defaults?.editRange as Range | undefined;
  return {
    ...rest,
    ...(rest.textEdit || !range ? {} : { textEdit: { range, newText: textEditText ?? item.label } }),
    insertTextFormat: item.insertTextFormat ?? defaults?.insertTextFormat,
  };
}

describe('completion lists in the protocol', () => {
  it('reads what VS Code announces, and a client that announces nothing', () => {
    expect(completionSupport(VSCODE)).toEqual({ itemDefaults: true, resolveDetail: true });
    expect(completionSupport({})).toEqual(FULL_COMPLETIONS);
    expect(completionSupport(undefined)).toEqual(FULL_COMPLETIONS);
    expect(completionSupport({ textDocument: { completion: { completionList: { itemDefaults: ['editRange'] } } } }).itemDefaults).toBe(false);
  });

  it.each(cases)('%s: the small list gives the same items as the full one', (_name, line, labels) => {
    const source = BASE + line;
    const cursor = source.indexOf('$0');
    const { index, uri } = memoryWorkspace(source.replace('$0', ''));
    const result = getCompletions(index, uri, cursor)!;
    expect(result.items.map((i) => i.label)).toEqual(expect.arrayContaining([...labels]));
    const range: Range = { start: { line: 3, character: 4 }, end: { line: 3, character: 7 } };

    const full = completionList(result, range, 7, FULL_COMPLETIONS);
    const small = completionList(result, range, 7, completionSupport(VSCODE));
    expect(small.list.itemDefaults?.editRange).toEqual(range);
    expect(small.list.isIncomplete).toBe(full.list.isIncomplete);
    for (const item of small.list.items) {
      expect(item.textEdit).toBeUndefined();
      expect(item.detail).toBeUndefined();
    }
    const fullSeen = full.list.items.map((item) => asClientSees(full.list, item, (i) => resolveCompletion(i, full.extras)));
    const smallSeen = small.list.items.map((item) => asClientSees(small.list, item, (i) => resolveCompletion(i, small.extras)));
    expect(smallSeen).toEqual(fullSeen);
    // Every entry's text, detail and documentation is there once resolved.
    result.items.forEach((entry, i) => {
      expect(fullSeen[i]!.textEdit).toEqual({ range, newText: entry.insertText });
      expect(fullSeen[i]!.detail).toBe(entry.detail);
      expect((fullSeen[i]!.documentation as { value: string } | undefined)?.value).toBe(entry.documentation);
    });
    // The range goes once instead of once per item (a list of one item may come out a few bytes longer).
    if (result.items.length > 1) expect(JSON.stringify(small.list).length).toBeLessThan(JSON.stringify(full.list).length);
  });

  it('resolves an item of an older list, or a foreign one, to itself', () => {
    const source = `${BASE}See [[`;
    const { index, uri } = memoryWorkspace(source);
    const result = getCompletions(index, uri, source.length)!;
    const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const older = completionList(result, range, 1, completionSupport(VSCODE));
    const newer = completionList(result, range, 2, completionSupport(VSCODE));
    const item = older.list.items[0]!;
    expect(resolveCompletion(item, newer.extras)).toBe(item);
    expect(resolveCompletion(item, older.extras).detail).toBe(result.items[0]!.detail);
    for (const data of [undefined, 'x', [2], [2, 'a'], [2, 999]]) {
      const foreign = { label: 'x', data };
      expect(resolveCompletion(foreign, newer.extras)).toBe(foreign);
    }
  });
});
