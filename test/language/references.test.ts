// Tests of find all references: each case is a workspace of files in which `$0` marks the cursor, ⟦…⟧ every
// expected reference and ⟪…⟫ every declaration (returned only with includeDeclaration). The marks are removed before
// parsing; the result must be exactly the marked places, sorted by file then offset.

import { describe, expect, it } from 'vitest';
import { getReferences } from '../../server/src/language/features/references.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

interface Marked {
  text: string;
  cursor: number;
  uses: { start: number; end: number }[];
  declarations: { start: number; end: number }[];
}

/** Strips `$0`, ⟦…⟧ and ⟪…⟫ marks from a file. */
function marked(source: string): Marked {
  const uses: Marked['uses'] = [];
  const declarations: Marked['declarations'] = [];
  let text = '';
  let cursor = -1;
  const open: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '$' && source[i + 1] === '0') {
      cursor = text.length;
      i++;
    } else if (ch === '⟦' || ch === '⟪') open.push(text.length);
    else if (ch === '⟧') uses.push({ start: open.pop()!, end: text.length });
    else if (ch === '⟫') declarations.push({ start: open.pop()!, end: text.length });
    else text += ch;
  }
  return { text, cursor, uses, declarations };
}

/** Runs find all references at `$0` of `doc.clause.md`, both ways, and gives found and expected as `file@offset:"text"`. */
function check(doc: string, files: Record<string, string> = {}) {
  const all = { ...files, 'doc.clause.md': doc };
  const parsed = Object.fromEntries(Object.entries(all).map(([path, text]) => [path, marked(text)]));
  const others = Object.fromEntries(Object.entries(parsed).filter(([p]) => p !== 'doc.clause.md').map(([p, m]) => [p, m.text]));
  const { index, uri } = memoryWorkspace(parsed['doc.clause.md']!.text, others);
  const pathOf = (u: string) => u.slice(uriOf('').length);
  const show = (path: string, span: { start: number; end: number }) => `${path}@${span.start}:${JSON.stringify(parsed[path]?.text.slice(span.start, span.end))}`;
  const run = (includeDeclaration: boolean) => getReferences(index, uri, parsed['doc.clause.md']!.cursor, includeDeclaration).map((l) => show(pathOf(l.uri), l.span));
  const expected = (includeDeclaration: boolean) =>
    Object.entries(parsed)
      .sort(([a], [b]) => (uriOf(a) < uriOf(b) ? -1 : 1))
      .flatMap(([path, m]) => [...m.uses, ...(includeDeclaration ? m.declarations : [])].sort((a, b) => a.start - b.start).map((s) => show(path, s)));
  return { with: run(true), without: run(false), wantWith: expected(true), wantWithout: expected(false) };
}

const glossary = '"⟪Agent⟫" means a program. An ⟦Agent⟧ acts.\n';
const importer = '---\nimports: [glossary.clause.md]\n---\n\n⟦Agents⟧ and an ⟦Agent⟧.\n';
const sources = '- id: ⟪neowin⟫\n  title: A story\n- id: other\n  title: B\n';

const cases: [string, string, Record<string, string>?][] = [
  ['a term, from a use', '"⟪Agent⟫" means a program.\n\nAn ⟦Ag$0ent⟧ acts; ⟦Agents⟧ too, and ⟦[[Agent|the bot]]⟧.'],
  ['a term, from its definition', '"⟪Ag$0ent⟫" means a program.\n\nAn ⟦Agent⟧ acts.'],
  ['a term and its alias are one', '"⟪Stateful Runtime Environment⟫" or "⟪SRE⟫" means a runtime.\n\nThe ⟦S$0RE⟧ is a ⟦Stateful Runtime Environment⟧.'],
  [
    'a term across the workspace, imports included',
    '---\nimports: [glossary.clause.md]\n---\n\nEach ⟦Ag$0ent⟧ acts.',
    { 'glossary.clause.md': glossary, 'a.clause.md': importer, 'z.clause.md': 'No Agent here: no import.\n' },
  ],
  [
    'a pointer and the definition it leads to are one term',
    '"⟪Azure Exclusivity Clause⟫" has the meaning set forth in Section 1.1.\n\n# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll calls (the "⟪Azure Exclusivity Clause⟫").\n\n1.2. The ⟦Azure Exclusivity $0Clause⟧ survives.',
    { 'a.clause.md': '---\nimports: [doc.clause.md]\n---\n\nThe ⟦Azure Exclusivity Clause⟧ matters.\n' },
  ],
  ['a [[link]] to no term: every such link', 'Some ⟦[[Compute $0Credit]]⟧ and ⟦[[compute credit]]⟧, not [[Other]].'],
  [
    'a source, from a citation: every citation in every document that sees it',
    '---\nbibliography: sources.yaml\n---\n\nA story [@⟦neo$0win⟧] and [see @⟦neowin⟧, p. 2; @other].',
    { 'sources.yaml': sources, 'a.clause.md': '---\nbibliography: sources.yaml\n---\n\nAgain [@⟦neowin⟧].\n', 'b.clause.md': 'Not seen here [@neowin].\n' },
  ],
  ['a source, from its front-matter entry', '---\nsources:\n  ⟪neo$0win⟫:\n    title: A story\n---\n\nA story [@⟦neowin⟧].'],
  ['an unknown key: every citation of it', 'A [@⟦nob$0ody⟧] and [@⟦nobody⟧, p. 3].'],
  [
    'a clause, from a reference: every reference to it, workspace-wide',
    '# 1. Exclusivity {#exclusivity}\n\n## ⟪1.1⟫ Azure routing\n\nSee ⟦§1.$01⟧ and ⟦Section 1.1⟧, not §1.\n',
    { 'a.clause.md': 'See ⟦[it](doc.clause.md#1.1)⟧ and ⟦[that](doc.clause.md#1.1)⟧.\n' },
  ],
  ['a clause, from its number', '# ⟪1$0.⟫ Exclusivity ⟪{#exclusivity}⟫\n\nSee ⟦[the terms](#exclusivity)⟧ and ⟦Section 1⟧.'],
  ['a broken reference: nothing', 'See Section $09.'],
  [
    'a party: front matter and every POSITION naming it, by name or alias',
    '---\nparties:\n  - name: ⟪Ama$0zon⟫\n    aliases: [⟪AWS⟫]\n---\n\n"Agent" means a program.\n\n> [!POSITION ⟦AWS⟧]\n> Fine.\n\n> [!POSITION ⟦amazon⟧]\n> Also fine.',
  ],
  ['CRLF line ends', '"⟪Agent⟫" means a program.\r\n\r\nAn ⟦Ag$0ent⟧ acts.\r\n⟦Agents⟧.\r\n'],
  ['astral characters before the cursor', '"⟪Agent⟫" means 𝒜.\n\n😀 𝕏 ⟦Ag$0ent⟧ 🚀 ⟦Agent⟧.'],
];

describe('find all references', () => {
  it.each(cases)('%s', (_name, doc, files) => {
    const result = check(doc, files);
    expect(result.with).toEqual(result.wantWith);
    expect(result.without).toEqual(result.wantWithout);
  });

  it('plain text: nothing', () => {
    expect(check('"Agent" means a program.\n\nNothing $0here.').with).toEqual([]);
  });

  it('results are sorted by uri then offset and never repeated', () => {
    const { index, uri } = memoryWorkspace('---\nimports: [glossary.clause.md]\n---\n\nEach Agent acts.', { 'glossary.clause.md': '"Agent" means a program. An Agent.\n', 'a.clause.md': importer.replace(/[⟦⟧]/g, '') });
    const offset = index.document(uri)!.model.text.indexOf('Agent acts');
    const found = getReferences(index, uri, offset, true);
    const keys = found.map((l) => `${l.uri}#${String(l.span.start).padStart(6, '0')}`);
    expect(keys).toEqual([...new Set(keys)].sort());
    expect(found.length).toBe(5);
  });
});
