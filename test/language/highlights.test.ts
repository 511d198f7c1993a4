// Tests of document highlights: each case is a document in which `$0` marks the cursor, ⟦…⟧ every expected read
// and ⟪…⟫ every expected write (a declaration); other files of the workspace may exist but are never highlighted.

import { describe, expect, it } from 'vitest';
import { getHighlights } from '../../server/src/language/features/highlights.js';
import { memoryWorkspace } from '../helpers/workspace.js';

/** Strips `$0`, ⟦…⟧ and ⟪…⟫ marks and gives the text, the cursor and the expected highlights in document order. */
function marked(source: string) {
  const expected: { text: string; kind: 'read' | 'write'; start: number }[] = [];
  let text = '';
  let cursor = -1;
  const open: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '$' && source[i + 1] === '0') {
      cursor = text.length;
      i++;
    } else if (ch === '⟦' || ch === '⟪') open.push(text.length);
    else if (ch === '⟧' || ch === '⟫') {
      const start = open.pop()!;
      expected.push({ text: text.slice(start), kind: ch === '⟧' ? 'read' : 'write', start });
    } else text += ch;
  }
  return { text, cursor, expected: expected.sort((a, b) => a.start - b.start).map((e) => `${e.kind}:${e.text}`) };
}

function check(doc: string, files: Record<string, string> = {}) {
  const { text, cursor, expected } = marked(doc);
  const { index, uri } = memoryWorkspace(text, files);
  const got = getHighlights(index, uri, cursor).map((h) => `${h.kind}:${text.slice(h.span.start, h.span.end)}`);
  return { got, expected };
}

const cases: [string, string, Record<string, string>?][] = [
  ['a term: its names are writes, its uses reads', '"⟪Agent⟫" means a program.\n\nAn ⟦Ag$0ent⟧ acts; ⟦Agents⟧ too, and ⟦[[Agent|the bot]]⟧.'],
  ['an alias, from the definition', '"⟪Stateful Runtime Environment⟫" or "⟪S$0RE⟫" means a runtime.\n\nThe ⟦SRE⟧ is a ⟦Stateful Runtime Environment⟧.'],
  [
    'an imported term: only this document, no write here',
    '---\nimports: [glossary.clause.md]\n---\n\nEach ⟦Ag$0ent⟧ acts, ⟦Agents⟧ too.',
    { 'glossary.clause.md': '"Agent" means a program. An Agent acts.\n', 'a.clause.md': '---\nimports: [glossary.clause.md]\n---\n\nAn Agent.\n' },
  ],
  [
    'a pointer and its target are one term',
    '"⟪Azure Exclusivity Clause⟫" has the meaning set forth in Section 1.1.\n\n# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll calls (the "⟪Azure Exclusivity Clause⟫").\n\n1.2. The ⟦Azure Exclusivity $0Clause⟧ survives.',
  ],
  ['a front-matter source: the key is the write', '---\nsources:\n  ⟪neowin⟫:\n    title: A story\n---\n\nA story [@⟦neo$0win⟧] and [@⟦neowin⟧, p. 2; @other].'],
  [
    'a source in a bibliography file: reads only',
    '---\nbibliography: sources.yaml\n---\n\nA story [@⟦neo$0win⟧] and [@⟦neowin⟧].',
    { 'sources.yaml': '- id: neowin\n  title: A story\n' },
  ],
  ['a clause: number and id are writes, references reads', '# ⟪1.⟫ Exclusivity ⟪{#exclusivity}⟫\n\nSee ⟦[the terms](#exclusivity)⟧ and ⟦Sect$0ion 1⟧.'],
  ['a party: front matter writes, POSITION reads', '---\nparties:\n  - name: ⟪Amazon⟫\n    aliases: [⟪AWS⟫]\n---\n\n"Agent" means a program.\n\n> [!POSITION ⟦A$0WS⟧]\n> Fine.'],
  ['CRLF line ends', '"⟪Agent⟫" means a program.\r\n\r\nAn ⟦Ag$0ent⟧ acts.\r\n⟦Agents⟧.\r\n'],
  ['astral characters before the cursor', '"⟪Agent⟫" means 𝒜.\n\n😀 𝕏 ⟦Ag$0ent⟧ 🚀 ⟦Agent⟧.'],
  ['plain text: nothing', '"Agent" means a program.\n\nNothing $0here.'],
];

describe('document highlights', () => {
  it.each(cases)('%s', (_name, doc, files) => {
    const { got, expected } = check(doc, files);
    expect(got).toEqual(expected);
  });
});
