// Tests of go to definition: each case is a workspace of files in which `$0` marks the cursor and ⟦…⟧ marks every
// expected location (an empty ⟦⟧ at the start of a file: the file itself). The marks are removed before parsing.

import { describe, expect, it } from 'vitest';
import { getDefinition } from '../../server/src/language/features/definition.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

interface Marked {
  text: string;
  cursor: number;
  spans: { start: number; end: number }[];
}

/** Strips `$0` and ⟦…⟧ marks from a file. */
function marked(source: string): Marked {
  const spans: { start: number; end: number }[] = [];
  let text = '';
  let cursor = -1;
  const open: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '$' && source[i + 1] === '0') {
      cursor = text.length;
      i++;
    } else if (ch === '⟦') open.push(text.length);
    else if (ch === '⟧') spans.push({ start: open.pop()!, end: text.length });
    else text += ch;
  }
  return { text, cursor, spans };
}

/** Runs go to definition at `$0` of `doc.clause.md` and returns what was found and what the marks expect, as `file:"text"`. */
function check(doc: string, files: Record<string, string> = {}) {
  const all = { ...files, 'doc.clause.md': doc };
  const parsed = Object.fromEntries(Object.entries(all).map(([path, text]) => [path, marked(text)]));
  const { index, uri } = memoryWorkspace(parsed['doc.clause.md']!.text, Object.fromEntries(Object.entries(parsed).filter(([p]) => p !== 'doc.clause.md').map(([p, m]) => [p, m.text])));
  const pathOf = (u: string) => u.slice(uriOf('').length);
  const show = (path: string, span: { start: number; end: number }) => `${path}@${span.start}:${JSON.stringify(parsed[path]?.text.slice(span.start, span.end))}`;
  const got = getDefinition(index, uri, parsed['doc.clause.md']!.cursor).map((l) => show(pathOf(l.uri), l.span));
  const want = Object.entries(parsed).flatMap(([path, m]) => m.spans.map((s) => show(path, s)));
  return { got: got.sort(), want: want.sort() };
}

const glossary = '"⟦Agent⟧" means a program.\n';

const cases: [string, string, Record<string, string>?][] = [
  ['a term use, to the definition name', '"⟦Agent⟧" means a program.\n\nAn Ag$0ent acts.'],
  ['a plural use', '"⟦Agent⟧" means a program.\n\nAll Agen$0ts act.'],
  ['an alias, to the alias', '"Stateful Runtime Environment" or "⟦SRE⟧" means a runtime.\n\nThe S$0RE runs.'],
  ['an explicit link', '"⟦Stateless API Call⟧" means a request.\n\nAll [[Stateless API Call|stateless $0calls]].'],
  ['a [[link]] to no term: nowhere', 'Some [[Compute $0Credit]] here.'],
  ['an imported term, into the glossary', '---\nimports: [glossary.clause.md]\n---\n\nEach Ag$0ent acts.', { 'glossary.clause.md': glossary }],
  [
    'a pointer definition, also to the definition in the clause it points to',
    '---\nimports: [msa.clause.md]\n---\n\nThe Azure Exclusivity $0Clause applies.',
    {
      'msa.clause.md':
        '"⟦Azure Exclusivity Clause⟧" has the meaning set forth in Section 1.1.\n\n# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll calls go through Azure (the "⟦Azure Exclusivity Clause⟧").\n',
    },
  ],
  [
    'a pointer whose clause defines nothing: the clause head',
    '"⟦Credit⟧" has the meaning set forth in Section 2.\n\n⟦# 2. Credits⟧\n\nNothing here.\n\nThe Cre$0dit.',
  ],
  [
    'a use next to a pointer, in its own document: the real definition only',
    '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll calls go through Azure (the "⟦Azure Exclusivity Clause⟧").\n\n1.2. The Azure Exclusivity $0Clause survives.',
  ],
  ['on a definition name: itself', '"⟦Ag$0ent⟧" means a program.\n\nAn Agent.'],
  [
    'on a pointer definition name: itself and the real definition',
    '"⟦Azure Exclusivity $0Clause⟧" has the meaning set forth in Section 1.1.\n\n# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll calls (the "⟦Azure Exclusivity Clause⟧").',
  ],
  ['a citation, to the front-matter source', '---\nsources:\n  ⟦neowin⟧:\n    title: A story\n---\n\nA story [@neo$0win].'],
  ['a citation on its @', '---\nsources:\n  ⟦neowin⟧:\n    title: A story\n---\n\nA story [$0@neowin, p. 2].'],
  [
    'a citation, into a CSL-YAML bibliography',
    '---\nbibliography: refs/sources.yaml\n---\n\nA move [see @dcd-$02025].',
    { 'refs/sources.yaml': '- id: other\n  title: X\n- id: ⟦dcd-2025⟧\n  title: OpenAI completes for-profit move\n' },
  ],
  [
    'a citation, into a CSL-JSON bibliography set in clausemark.json',
    'A move [@dc$0d].',
    { 'clausemark.json': '{ "bibliography": "refs.json" }', 'refs.json': '[{ "id": "⟦dcd⟧", "title": "T" }]' },
  ],
  ['an unknown key: nowhere', 'A move [@nob$0ody].'],
  ['a clause reference, to the clause head', '# 1. Exclusivity\n\n⟦## 1.1 Azure routing⟧\n\nAll calls.\n\nSee §1.$01.'],
  ['a reference to a paragraph clause, to its paragraph', '⟦1.2. Microsoft retains rights.⟧\n\nSee Section 1.$02.'],
  ['a reference by explicit id', '⟦# 1. Exclusivity {#exclusivity}⟧\n\nAll calls.\n\nSee [the terms](#exclu$0sivity).'],
  ['a reference into another file', 'See [§4](other.clause.md#$04).', { 'other.clause.md': '⟦# 4. Term⟧\n\nFive years.\n' }],
  ['a broken reference: nowhere', 'See Section $09.'],
  ['on a clause number: its head', '⟦# 1$0. Exclusivity⟧\n\nAll calls.'],
  ['an import path, to the file', '---\nimports: [gloss$0ary.clause.md]\n---\n\nText.', { 'glossary.clause.md': '⟦⟧"Agent" means a program.\n' }],
  ['a bibliography path, to the file', '---\nbibliography: refs/sour$0ces.yaml\n---\n\nText.', { 'refs/sources.yaml': '⟦⟧- id: a\n  title: A\n' }],
  ['a missing import: nowhere', '---\nimports: [miss$0ing.clause.md]\n---\n\nText.'],
  [
    'a party in a POSITION callout, by alias, to the front matter',
    '---\nparties:\n  - name: ⟦Amazon⟧\n    aliases: [AWS]\n---\n\n"Agent" means a program.\n\n> [!POSITION A$0WS]\n> Fine.',
  ],
  ['an undeclared party: nowhere', '"Agent" means a program.\n\n> [!POSITION Goo$0gle]\n> Fine.'],
  ['CRLF line ends', '"⟦Agent⟧" means a program.\r\n\r\nAn Ag$0ent acts.\r\n'],
  ['astral characters before the cursor', '"⟦Agent⟧" means a program 𝒜.\n\n😀 𝕏 The 🚀 Ag$0ent acts.'],
];

describe('go to definition', () => {
  it.each(cases)('%s', (_name, doc, files) => {
    const { got, want } = check(doc, files);
    expect(got).toEqual(want);
  });

  it('plain text: nowhere', () => {
    expect(check('"Agent" means a program.\n\nNothing $0here.').got).toEqual([]);
  });

  it('a document not in the index: nowhere', () => {
    const { index } = memoryWorkspace('"Agent" means a program.');
    expect(getDefinition(index, uriOf('absent.clause.md'), 0)).toEqual([]);
  });
});
