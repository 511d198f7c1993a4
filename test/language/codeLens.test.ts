// Tests of the code lenses above definitions. Each case is a document (and the other files of its workspace) and
// its lenses, drawn as `defined name: title`.

import { describe, expect, it } from 'vitest';
import { getCodeLenses } from '../../server/src/language/features/codeLens.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

function lensesOf(document: string, files: Record<string, string> = {}, name?: string): string[] {
  const { index, uri } = memoryWorkspace(document, files, name);
  return getCodeLenses(index, uri).map((l) => `${document.slice(l.span.start, l.span.end)}: ${l.title}`);
}

const PARTIES = '---\nparties: [Alpha, Beta]\n---\n\n';

const cases: [string, string, Record<string, string>, string[]][] = [
  ['no use is worth saying', '"Fairwater" means a network.', {}, ['Fairwater: 0 uses']],
  ['one use', '"Agent" means a program.\n\nThe Agent acts.', {}, ['Agent: 1 use']],
  ['uses by every name, plural and explicit link', '"Agent" or "Bot" means a program.\n\nAgents, a Bot and [[Agent|it]].', {}, ['Agent: 3 uses']],
  ['distinct sources cited in the definition', '"Agent" means a program [@a; @b] [@a].\n\n"Tool" means a thing [see @c, p. 2].', {}, ['Agent: 0 uses · 2 sources', 'Tool: 0 uses · 1 source']],
  [
    'contested by two parties (a party named twice counts once)',
    `${PARTIES}"Gadget" means a tool.\n\n> [!POSITION Alpha]\n> Yes.\n\n> [!POSITION alpha]\n> Still yes.\n\n"Widget" means a part.\n\n> [!POSITION Alpha]\n> Yes.\n\n> [!POSITION Beta]\n> No.\n\nA Widget.`,
    {},
    ['Gadget: 0 uses', 'Widget: 1 use · contested'],
  ],
  [
    'a pointer counts the definition it points to',
    '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n## 1.1 Routing\n\nAll calls go to Azure (the "Azure Exclusivity Clause") [@dcd].\n\nThe Azure Exclusivity Clause applies.',
    {},
    ['Azure Exclusivity Clause: 1 use · 1 source', 'Azure Exclusivity Clause: 1 use · 1 source'],
  ],
  [
    'two definitions on one line say which is which',
    'All work (the "Work") and all tools (the "Tools") are covered.\n\n"Agent" means a program.\n\nThe Work, the Tools and the Tools.',
    {},
    ['Work: Work: 1 use', 'Tools: Tools: 2 uses', 'Agent: 0 uses'],
  ],
  [
    'uses in other documents that import the term count',
    '"Agent" means a program.\n',
    { 'a.clause.md': '---\nimports: [doc.clause.md]\n---\n\nAn Agent.\n', 'b.clause.md': '---\nimports: [doc.clause.md]\n---\n\nTwo Agents.\n' },
    ['Agent: 2 uses'],
  ],
  ['CRLF and astral characters', '"𝔘nit 😀" means a unit [@k].\r\n\r\n😀 A 𝔘nit 😀.\r\n', {}, ['𝔘nit 😀: 1 use · 1 source']],
  ['no definitions, no lenses', '# 1. Title\n\nText [@a].', {}, []],
];

describe('code lenses', () => {
  it.each(cases)('%s', (_name, document, files, expected) => {
    expect(lensesOf(document, files)).toEqual(expected);
  });

  it('names the term each lens counts', () => {
    const document = '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n## 1.1 Routing\n\nAll calls (the "Azure Exclusivity Clause").\n';
    const { index, uri } = memoryWorkspace(document);
    expect(getCodeLenses(index, uri).map((l) => l.term)).toEqual([
      { uri, definition: 1 },
      { uri, definition: 1 },
    ]);
  });

  it('gives nothing for a document that is not indexed', () => {
    const { index } = memoryWorkspace('"A" means b.');
    expect(getCodeLenses(index, uriOf('other.clause.md'))).toEqual([]);
  });

  it('counts the example workspace', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../examples/frontier-dispute/', import.meta.url);
    const files: Record<string, string> = {};
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.clause.md') || file.endsWith('.yaml') || file === 'clausemark.json') files[file] = readFileSync(new URL(file, dir), 'utf8');
    }
    expect(lensesOf(files['microsoft-openai.clause.md']!, files, 'microsoft-openai.clause.md')).toEqual([
      'October 2025 Restructuring: 5 uses · 2 sources',
      'Stateless API Call: 7 uses · 1 source · contested',
      'Azure Exclusivity Clause: 2 uses · 1 source',
      'Azure Commitment: 5 uses · 1 source',
      'Equity Stake: 1 use · 1 source',
      'Azure Exclusivity Clause: 2 uses · 1 source',
      'Fairwater: 0 uses',
    ]);
  });
});
