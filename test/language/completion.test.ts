// Tests of completion: one table of cases, each a line (or a few) appended to one document, with a `$0` cursor and
// ⟦…⟧ around the span the completion replaces, and the labels expected first (or `undefined` where nothing is
// offered). Then the inserted text, details and documentation of each kind of entry.

import { describe, expect, it } from 'vitest';
import { getCompletions, mayComplete } from '../../server/src/language/features/completion.js';
import { FORMAT_SAMPLE } from '../fuzz/documents.js';
import { memoryWorkspace } from '../helpers/workspace.js';

const BASE = `---
parties:
  - name: Microsoft
  - name: Amazon
    aliases: [AWS, Amazon Web Services]
sources:
  neowin-2026:
    title: Microsoft is threatening to sue OpenAI
    publisher: Neowin
    issued: 2026-03-18
  ft-2026:
    title: FT report
imports: [glossary.clause.md]
---

"Stateless API Call" means a request in which the model keeps nothing. It is cheap.

"Stateful Runtime Environment" or "SRE" means a runtime that keeps memory.

# 1. Exclusivity {#exclusivity}

## 1.1 Azure routing

All calls go to Azure.

# 2. Fees

`;

const GLOSSARY = '---\nparties:\n  - name: OpenAI\n---\n\n"Agent" means a program that acts. It remembers.\n';

const TERMS = ['Agent', 'SRE', 'Stateful Runtime Environment', 'Stateless API Call'];
const SOURCES = ['ft-2026', 'neowin-2026'];
const CLAUSES = ['1', '1.1', '2'];
const PARTIES = ['Microsoft', 'Amazon', 'AWS', 'Amazon Web Services', 'OpenAI'];
const SNIPPET = ['"Term" means …'];

/** Builds the document: BASE then `line`, with the cursor and the replace marks taken out. */
function setUp(line: string, crlf = false) {
  let source = BASE + line;
  if (crlf) source = source.replace(/\r?\n/g, '\r\n');
  let text = '';
  let cursor = -1;
  let from = -1;
  let to = -1;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('$0', i)) {
      cursor = text.length;
      i++;
    } else if (source[i] === '⟦') from = text.length;
    else if (source[i] === '⟧') to = text.length;
    else text += source[i];
  }
  const { index, uri } = memoryWorkspace(text, { 'glossary.clause.md': GLOSSARY });
  return { index, uri, text, cursor, replace: from >= 0 ? { start: from, end: to } : undefined };
}

function complete(line: string, crlf = false) {
  const { index, uri, text, cursor, replace } = setUp(line, crlf);
  return { result: getCompletions(index, uri, cursor), text, replace };
}

const cases: [string, string, readonly string[] | undefined, { crlf?: boolean }?][] = [
  ['after [[', 'See [[⟦$0⟧', TERMS],
  ['inside an unclosed [[ with a partial name', 'See [[⟦Sta$0⟧', TERMS],
  ['inside a closed link: the whole target', 'See [[⟦Sta$0teless⟧]] here.', TERMS],
  ['inside a link with shown text: the target', 'See [[⟦Sta$0⟧|the calls]].', TERMS],
  ['after a closed link, a new one', 'See [[Agent]] and [[⟦S$0⟧', TERMS],
  ['not in the shown text of a link', 'See [[Agent|the pro$0', undefined],
  ['after [@', 'Text [@⟦$0⟧', SOURCES],
  ['after [@ with a partial key', 'Text [@⟦neo$0⟧].', SOURCES],
  ['in the middle of a key: the whole key', 'Text [@⟦neo$0win-2026⟧].', SOURCES],
  ['after ; @', 'Text [@ft-2026; @⟦$0⟧]', SOURCES],
  ['after a prefix and a space', 'Text [see @⟦$0⟧', SOURCES],
  ['after a locator and -@', 'Text [@ft-2026, p. 3; -@⟦n$0⟧', SOURCES],
  ['not an e-mail address outside brackets', 'Write to a@b$0', undefined],
  ['not an escaped bracket', 'Text \\[@$0', undefined],
  ['after §', 'See §⟦$0⟧', CLAUSES],
  ['after § and a space, with a partial number', 'See § ⟦1.$0⟧', CLAUSES],
  ['after Section', 'See Section ⟦$0⟧', CLAUSES],
  ['after section in lower case', 'as set out in section ⟦1$0⟧ above', CLAUSES],
  ['after CLAUSE in capitals', 'UNDER CLAUSE ⟦$0⟧', CLAUSES],
  ['after Sections', 'See Sections ⟦$0⟧', CLAUSES],
  ['not in a word ending in section', 'See subsection $0', undefined],
  ['not in a heading that writes its own number', '## Section $0', undefined],
  ['after ](#: ids first, then numbers of clauses without one', 'See [the terms](#⟦ex$0⟧).', ['exclusivity', '1.1', '2']],
  ['after [!POSITION', '> [!POSITION ⟦$0⟧', PARTIES],
  ['after [!position with a partial name, closed', '> [!position ⟦Am$0⟧]', PARTIES],
  ['at an empty line: a definition snippet', '⟦$0⟧', SNIPPET],
  ['at the start of a paragraph', '⟦$0⟧Some text.', SNIPPET],
  ['after an opening quote at a paragraph start', '⟦"Comp$0⟧', SNIPPET],
  ['after a curly opening quote', '⟦“$0⟧', ['“Term” means …']],
  ['not inside a paragraph', 'First line\n$0second line.', undefined],
  ['not in plain text', 'Some text $0here.', undefined],
  ['not in inline code', 'Use `[[$0x` here.', undefined],
  ['in text after a literal backtick', 'A ` sign and [[⟦$0⟧', TERMS],
  ['not in a fenced code block', '```markdown\nSee [[$0\n```\n', undefined],
  ['not in a fence inside a block quote', '> ~~~\n> [@$0\n> ~~~\n', undefined],
  ['after a closed fenced code block', '```\n[[x\n```\n\nSee [[⟦$0⟧', TERMS],
  ['not after a fence "closed" by a no-break space (still open)', '```\n[[x\n```\u00A0\n\nSee [[$0', undefined],
  ['after a fence closed by spaces and a tab', '```\n[[x\n``` \t\n\nSee [[⟦$0⟧', TERMS],
  ['not before text on a line after one of a no-break space (no blank line)', 'Words.\n\u00A0\n$0more words.', undefined],
  ['not in an HTML comment', '<!-- See [[$0 -->', undefined],
  ['CRLF: after [[', 'Line one.\nSee [[⟦Sta$0⟧\nLine three.', TERMS, { crlf: true }],
  ['CRLF: at an empty line', 'Line one.\n\n⟦$0⟧\n\nLine three.', SNIPPET, { crlf: true }],
  ['CRLF: after a closed fence', '```\nx\n```\n\nSee §⟦$0⟧', CLAUSES, { crlf: true }],
  ['astral characters before the cursor: [[', '😀𝒜 See [[⟦𝒜St$0⟧', TERMS],
  ['astral characters before the cursor: [@', '𝒜 🎉 Text [@⟦ne$0⟧', SOURCES],
  ['astral characters before the cursor: §', '𝒜𝒜 § ⟦$0⟧', CLAUSES],
];

describe('completion contexts', () => {
  it.each(cases)('%s', (_name, line, labels, options) => {
    const { result, text, replace } = complete(line, options?.crlf);
    if (labels === undefined) {
      expect(result).toBeUndefined();
      return;
    }
    expect(result).toBeDefined();
    expect(result!.items.map((i) => i.label).slice(0, labels.length)).toEqual(labels);
    expect(result!.replace).toEqual(replace);
    expect(text.slice(result!.replace.start, result!.replace.end)).toBe(text.slice(replace!.start, replace!.end));
  });
});

/** The text of `text`'s line before `offset` (what a server reads of the editor's text to skip plain text). */
function lineBefore(text: string, offset: number): string {
  return text.slice(Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1, offset);
}

describe('what the line before the cursor says of completion', () => {
  it.each(cases)('%s', (_name, line, labels, options) => {
    const { result, text } = complete(line, options?.crlf);
    const { cursor } = setUp(line, options?.crlf);
    if (labels !== undefined) expect(mayComplete(lineBefore(text, cursor))).toBe(true);
    else if (result === undefined && /plain text/.test(_name)) expect(mayComplete(lineBefore(text, cursor))).toBe(false);
  });

  it('may complete wherever completion gives something (every offset of the format sample and a contract)', () => {
    for (const text of [FORMAT_SAMPLE, BASE]) {
      const { index, uri } = memoryWorkspace(text, { 'glossary.clause.md': GLOSSARY });
      let offered = 0;
      let skipped = 0;
      for (let offset = 0; offset <= text.length; offset++) {
        const may = mayComplete(lineBefore(text, offset));
        if (getCompletions(index, uri, offset)) {
          offered++;
          expect(may, `offset ${offset}`).toBe(true);
        } else if (!may) skipped++;
      }
      // Completion is offered somewhere, and most plain text is answered from the line alone.
      expect(offered).toBeGreaterThan(10);
      expect(skipped).toBeGreaterThan(text.length / 2);
    }
  });
});

describe('completion entries', () => {
  const item = (line: string, label: string) => complete(line).result!.items.find((i) => i.label === label)!;

  it('terms: the first sentence as detail, closing ]] unless already closed, aliases named', () => {
    expect(item('See [[$0', 'Stateless API Call')).toEqual({
      label: 'Stateless API Call',
      kind: 'term',
      detail: '"Stateless API Call" means a request in which the model keeps nothing.',
      documentation: 'Defined in this document.\n\n"Stateless API Call" means a request in which the model keeps nothing. It is cheap.',
      insertText: 'Stateless API Call]]',
      snippet: false,
      sortText: '00003',
    });
    expect(item('See [[Sta$0]]', 'Stateless API Call').insertText).toBe('Stateless API Call');
    expect(item('See [[Sta$0|calls]]', 'Stateless API Call').insertText).toBe('Stateless API Call');
    expect(item('See [[$0', 'SRE').documentation).toMatch(/^Another name for "Stateful Runtime Environment"\. Defined in this document\./);
    expect(item('See [[$0', 'Agent').documentation).toMatch(/^Defined in glossary\.clause\.md\./);
  });

  it('sources: the title, publisher and date as detail', () => {
    expect(item('Text [@$0', 'neowin-2026')).toMatchObject({
      kind: 'source',
      detail: 'Microsoft is threatening to sue OpenAI · Neowin · 2026-03-18',
      insertText: 'neowin-2026',
      snippet: false,
    });
    expect(item('Text [@$0', 'ft-2026').detail).toBe('FT report');
  });

  it('clauses: the title as detail; parties: aliases named, ] added unless closed', () => {
    expect(item('See §$0', '1.1')).toMatchObject({ kind: 'clause', detail: 'Azure routing', insertText: '1.1' });
    expect(item('> [!POSITION $0', 'AWS')).toMatchObject({ kind: 'party', detail: 'another name for Amazon', insertText: 'AWS]' });
    expect(item('> [!POSITION Am$0]', 'Amazon')).toMatchObject({ detail: 'party, also AWS, Amazon Web Services', insertText: 'Amazon' });
    expect(item('> [!POSITION $0', 'OpenAI').documentation).toBe('Declared in glossary.clause.md.');
  });

  it('the definition snippet keeps the quote style and a typed name', () => {
    expect(item('$0', '"Term" means …')).toMatchObject({ kind: 'snippet', snippet: true, insertText: '"${1:Term}" means ${2:definition}.' });
    expect(item('"Compute $Credit$0', '"Term" means …')).toMatchObject({ insertText: '"${1:Compute \\$Credit}" means ${2:definition}.', filterText: '"Compute $Credit' });
    expect(item('“$0', '“Term” means …').insertText).toBe('“${1:Term}” means ${2:definition}.');
  });

  it('nothing in the front matter, nothing outside the text', () => {
    const { index, uri, text } = setUp('');
    expect(getCompletions(index, uri, text.indexOf('Microsoft'))).toBeUndefined();
    expect(getCompletions(index, uri, text.length + 1)).toBeUndefined();
    expect(getCompletions(index, 'file:///workspace/none.clause.md', 0)).toBeUndefined();
  });

  it('a term scoped to another clause is not offered', () => {
    const { index, uri } = memoryWorkspace('# 7. Affiliates\n\nFor purposes of this Section 7, "Affiliate" means a controlled entity.\n\n# 8. Other\n\nSee [[');
    const labels = getCompletions(index, uri, index.document(uri)!.model.text.length)!.items.map((i) => i.label);
    expect(labels).not.toContain('Affiliate');
  });
});
