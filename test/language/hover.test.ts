// Tests of hover: each case is a document with a `$0` cursor (and the other files of its workspace) and the
// Markdown expected beside it, as an inline snapshot read line by line, plus targeted assertions. Hovers are
// untrusted Markdown: hostile strings in terms, sources and URLs must come out escaped and never as links.

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadWorkspace } from '../../server/src/cli/loadWorkspace.js';
// @ts-expect-error: @citation-js/core ships no type declarations (as in hover.ts).
import { plugins as cslPlugins } from '@citation-js/core';
import { builtinCluster, builtinReference, citationEngine, cslHtmlToMarkdown, cslLocator, firstSentence, getHover, prepareHoverCitations, type HoverOptions } from '../../server/src/language/features/hover.js';
import { escapeMarkdown } from '../../server/src/language/features/markdownText.js';
import { readFixture } from '../helpers/fixture.js';
import { memoryWorkspace } from '../helpers/workspace.js';

/** The hover at `$0` of `doc` (as `doc.clause.md`), `files` beside it. */
function hoverAt(doc: string, files: Record<string, string> = {}, options: HoverOptions = {}) {
  const { text, cursor } = readFixture(doc);
  if (cursor < 0) throw new Error('no $0 in the document');
  const { index, uri } = memoryWorkspace(text, files);
  const hover = getHover(index, uri, cursor, options);
  return { hover, markdown: hover?.markdown ?? '', text, shown: hover ? text.slice(hover.span.start, hover.span.end) : undefined };
}

/**
 * The Markdown is safe to render from untrusted text: no raw HTML, no entity, every link destination http(s),
 * no `command:` link, no theme icon.
 */
function expectSafe(markdown: string): void {
  expect(markdown).not.toMatch(/(?<!\\)[<&]/);
  for (const m of markdown.matchAll(/\]\(([^)]*)\)/g)) expect(m[1]).toMatch(/^https?:\/\/[^\s<>()"]*$/);
  expect(markdown).not.toMatch(/\]\((?:command|javascript):/i);
  expect(markdown).not.toMatch(/(?<!\\)\$\(/);
  // Every `[` that opens a link is ours: the text inside never comes unescaped from the document.
  expect(markdown.replace(/\\./g, '')).not.toMatch(/\[[^\]]*\]\((?!https?:)/);
}

const SAMPLE = `---
parties:
  - name: Microsoft
  - name: Amazon
    aliases: [AWS, Amazon Web Services]
sources:
  neowin:
    type: article-newspaper
    title: Microsoft is threatening to sue OpenAI
    container-title: Neowin
    issued: 2026-03-18
    URL: https://www.neowin.net/news/microsoft-sue
  geekwire:
    title: How the deal actually works
    container-title: GeekWire
    author:
      - family: Bishop
        given: Todd
    issued: 2026
---

# Definitions

"Stateless API Call" means a request in which a model answers a single input and keeps
nothing after answering [@neowin].

> [!EXPLAIN]
> A one-shot question to the model.

> [!POSITION Microsoft]
> Every agent workload is built out of Stateless API Calls [@neowin].

> [!POSITION AWS]
> Persistent sessions are a different product [@geekwire, p. 2].

"Stateful Runtime Environment" or "SRE" means the runtime that keeps memory, unlike a
Stateless API Call [@geekwire, p. 2].

# 1. Exclusivity {#exclusivity}

## 1.1 Azure routing

All Stateless API Calls must be routed through Azure. The SRE is subject to §1.1 only if it
makes [[Stateless API Call|stateless calls]]. See also Section 2.
`;

/** The sample with the cursor put before the `n`-th (0-based) occurrence of `needle`, `shift` characters in. */
function sampleAt(needle: string, n = 0, shift = 1): string {
  let at = -1;
  for (let i = 0; i <= n; i++) at = SAMPLE.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  return SAMPLE.slice(0, at + shift) + '$0' + SAMPLE.slice(at + shift);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hover on a term use', () => {
  it('shows the term, its definition, place, explanation, positions with citations, sources and use count', () => {
    const { markdown, shown } = hoverAt(sampleAt('Stateless API Calls must'));
    expect(shown).toBe('Stateless API Calls');
    expect(markdown).toMatchInlineSnapshot(`
      "**Stateless API Call** · contested

      "Stateless API Call" means a request in which a model answers a single input and keeps nothing after answering.

      Defined in doc.clause.md · Definitions

      **Explanation:** A one-shot question to the model.

      **Positions**

      - **Microsoft**: Every agent workload is built out of Stateless API Calls. \\(“Microsoft Is Threatening to Sue OpenAI,” 2026\\)
      - **AWS**: Persistent sessions are a different product. \\(Bishop, 2026, p. 2\\)

      **Sources**

      - *Microsoft is threatening to sue OpenAI*, Neowin, 2026-03-18, [www.neowin.net](https://www.neowin.net/news/microsoft-sue)

      Used 4 times in 1 document."
    `);
    expectSafe(markdown);
  });

  it('on an alias, names the term first and its aliases after it, and shows its own term uses in italics', () => {
    const { markdown, shown } = hoverAt(sampleAt('SRE is subject'));
    expect(shown).toBe('SRE');
    expect(markdown).toMatchInlineSnapshot(`
      "**Stateful Runtime Environment** (also **SRE**)

      "Stateful Runtime Environment" or "SRE" means the runtime that keeps memory, unlike a *Stateless API Call*.

      Defined in doc.clause.md · Definitions

      **Sources**

      - *How the deal actually works*, GeekWire, 2026

      **Uses these terms**

      - *Stateless API Call* means a request in which a model answers a single input and keeps nothing after answering.

      Used 1 time in 1 document."
    `);
  });

  it('on an explicit link, covers the whole link', () => {
    const { shown, markdown } = hoverAt(sampleAt('[[Stateless API Call|', 0, 4));
    expect(shown).toBe('[[Stateless API Call|stateless calls]]');
    expect(markdown).toMatch(/^\*\*Stateless API Call\*\*/);
  });

  it('on a [[link]] to no term, says it is not defined', () => {
    const { markdown, shown } = hoverAt('Some [[Compute $0Credit]] here.');
    expect(shown).toBe('[[Compute Credit]]');
    expect(markdown).toMatchInlineSnapshot(`
      "**Compute Credit**

      No definition for term "Compute Credit""
    `);
  });

  it('nothing at plain text', () => {
    expect(hoverAt('"Agent" means a program.\n\nNothing $0here.').hover).toBeUndefined();
  });

  it('names the clause a definition is written in, and its scope', () => {
    const doc = '# 7. Affiliates\n\nFor purposes of this Section 7, "Affiliate" means a controlled entity. An Affiliate here.\n\n# 8. Other\n\nAn Affil$0iate there.';
    const { markdown } = hoverAt(doc);
    expect(markdown).toContain('Defined in doc.clause.md · §7 Affiliates');
    expect(markdown).toContain('Scoped to §7 Affiliates: For purposes of this Section 7');
    expect(markdown).toContain('⚠ This use stands outside that scope.');
  });

  it('counts uses across the workspace, imports included', () => {
    const glossary = '"Agent" means a program.\n\nAn Agent acts.\n';
    const other = '---\nimports: [glossary.clause.md]\n---\n\nAgents and Agents.\n';
    const { markdown } = hoverAt('---\nimports: [glossary.clause.md]\n---\n\nEach Ag$0ent acts.', { 'glossary.clause.md': glossary, 'other.clause.md': other });
    expect(markdown).toContain('Defined in glossary.clause.md:1');
    expect(markdown).toContain('Used 4 times in 3 documents.');
  });

  it('shows a pointer definition through the definition it points to', () => {
    const doc = [
      '# Definitions',
      '',
      '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.',
      '',
      '# 1. Exclusivity',
      '',
      '## 1.1 Azure routing',
      '',
      'All calls go through Azure (the "Azure Exclusivity Clause"). No Azure, no access.',
      '',
      '1.2. The Azure Exclusivity$0 Clause survived.',
    ].join('\n');
    const { markdown } = hoverAt(doc);
    expect(markdown).toMatchInlineSnapshot(`
      "**Azure Exclusivity Clause**

      All calls go through Azure \\(the "Azure Exclusivity Clause"\\).

      Defined in doc.clause.md · §1.1 Azure routing  
      Pointed to from doc.clause.md · Definitions: "Azure Exclusivity Clause" has the meaning set forth in Section 1.1.

      Used 1 time in 1 document."
    `);
  });
});

describe('hover on a definition', () => {
  it('adds the places it is used, up to ten, then how many more', () => {
    const uses = Array.from({ length: 12 }, (_, i) => `Use ${i} of the Agent.`).join('\n\n');
    const { markdown, shown } = hoverAt(`"Ag$0ent" means a program.\n\n${uses}\n`, { 'other.clause.md': 'no imports, no Agent here' });
    expect(shown).toBe('Agent');
    expect(markdown).toMatchInlineSnapshot(`
      "**Agent**

      "Agent" means a program.

      Defined in doc.clause.md:1

      Used 12 times in 1 document.

      **Used in**

      - doc.clause.md:3
      - doc.clause.md:5
      - doc.clause.md:7
      - doc.clause.md:9
      - doc.clause.md:11
      - doc.clause.md:13
      - doc.clause.md:15
      - doc.clause.md:17
      - doc.clause.md:19
      - doc.clause.md:21
      - and 2 more"
    `);
  });

  it('lists the hovered document first, then the others', () => {
    const glossary = '"Agent" means a program.\n';
    const user = '---\nimports: [glossary.clause.md]\n---\n\nAn Agent.\n';
    const { index } = memoryWorkspace(user, { 'glossary.clause.md': glossary, 'a.clause.md': user });
    const hover = getHover(index, 'file:///workspace/glossary.clause.md', 2)!;
    expect(hover.markdown).toContain('**Used in**\n\n- a.clause.md:5\n- doc.clause.md:5');
  });

  it('says when the term is never used', () => {
    expect(hoverAt('"Ag$0ent" means a program.').markdown).toContain('Not used anywhere.');
  });
});

describe('nested terms and cycles', () => {
  it('shows a cycle once and terminates', () => {
    const doc = '"Alpha" means a kind of Beta.\n\n"Beta" means a kind of Gamma.\n\n"Gamma" means a kind of Alpha.\n\nAn Al$0pha.';
    const { markdown } = hoverAt(doc);
    expect(markdown).toMatchInlineSnapshot(`
      "**Alpha**

      "Alpha" means a kind of *Beta*.

      Defined in doc.clause.md:1

      **Uses these terms**

      - *Beta* means a kind of Gamma.

      ↻ Circular: *Alpha* → *Beta* → *Gamma* → *Alpha*

      Used 2 times in 1 document."
    `);
    expect(markdown.match(/Circular/g)).toHaveLength(1);
  });

  it('shows a definition that uses itself as a cycle of one', () => {
    const { markdown } = hoverAt('"Agent" means a program that calls another Agent.\n\nAn Ag$0ent.');
    expect(markdown).toContain('↻ Circular: *Agent* → *Agent*');
    expect(markdown).not.toContain('Uses these terms');
  });

  it('a mutual cycle, hovered from either side', () => {
    const doc = '"Alpha" means a Beta.\n\n"Beta" means an Alpha.\n\n';
    expect(hoverAt(`${doc}An Al$0pha.`).markdown).toContain('↻ Circular: *Alpha* → *Beta* → *Alpha*');
    expect(hoverAt(`${doc}A Be$0ta.`).markdown).toContain('↻ Circular: *Beta* → *Alpha* → *Beta*');
  });

  it('lists each used term once, one level deep, at most eight', () => {
    const names = Array.from({ length: 12 }, (_, i) => `Term ${String.fromCharCode(65 + i)}`);
    const defs = names.map((n) => `"${n}" means a thing. It is more.`).join('\n\n');
    const doc = `${defs}\n\n"Big" means ${names.join(', ')} and ${names[0]} again.\n\nThe B$0ig.`;
    const { markdown } = hoverAt(doc);
    const nested = markdown.split('**Uses these terms**\n\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(nested).toHaveLength(9);
    expect(nested[0]).toBe('- *Term A* means a thing.');
    expect(nested[8]).toBe('- and 4 more');
  });

  it('a large cycle-free graph still terminates quickly', () => {
    const n = 400;
    const defs = Array.from({ length: n }, (_, i) => `"T${i}" means T${(i + 1) % n} and T${(i * 7 + 3) % n}.`).join('\n\n');
    const { markdown } = hoverAt(`${defs}\n\nThe T$00.`);
    expect(markdown).toContain('↻ Circular:');
  });
});

describe('hover on a citation', () => {
  it('shows the formatted entry, the citation with its locator and where else it is cited', () => {
    const { markdown, shown } = hoverAt(sampleAt('geekwire, p. 2].\n\n"Stateful', 0, 2));
    expect(shown).toBe('geekwire');
    expect(markdown).toMatchInlineSnapshot(`
      "**\\@geekwire** · p. 2

      Cited as \\(Bishop, 2026, p. 2\\)

      Bishop, T. \\(2026\\). How the deal actually works. *GeekWire*.

      Entry in doc.clause.md:13

      Cited 2 times in 1 document.

      **Also cited in**

      - doc.clause.md:37"
    `);
  });

  it('on the @ sign too, and with a link when the URL is http(s)', () => {
    const { markdown, shown } = hoverAt(sampleAt('@neowin].\n\n> [!EXPLAIN]', 0, 0));
    expect(shown).toBe('neowin');
    expect(markdown).toContain('Link: [www.neowin.net](https://www.neowin.net/news/microsoft-sue)');
    expect(markdown).toContain('Microsoft is threatening to sue OpenAI. \\(2026, March 18\\). *Neowin*. https://www.neowin.net/news/microsoft-sue');
  });

  it('says when the key is unknown', () => {
    expect(hoverAt('Text [@nobo$0dy, p. 3].').markdown).toMatchInlineSnapshot(`
      "**\\@nobody** · p. 3

      No source with key "nobody""
    `);
  });

  it('reads a CSL-YAML bibliography file and points to the entry there', () => {
    const bib = '- id: dcd-2025\n  type: article-newspaper\n  title: OpenAI completes for-profit move\n  container-title: Data Center Dynamics\n  issued:\n    date-parts: [[2025, 10, 28]]\n';
    const doc = '---\nbibliography: refs/sources.yaml\n---\n\nA restructuring [see @dcd-$02025, pp. 3-4].\n';
    const { markdown } = hoverAt(doc, { 'refs/sources.yaml': bib });
    expect(markdown).toMatchInlineSnapshot(`
      "**\\@dcd-2025** · pp. 3-4

      Cited as \\(see “OpenAI Completes For-Profit Move,” 2025, pp. 3–4\\)

      OpenAI completes for-profit move. \\(2025, October 28\\). *Data Center Dynamics*.

      Entry in refs/sources.yaml:1

      Cited 1 time in 1 document."
    `);
  });

  it('formats with another bundled style and locale', () => {
    const doc = '---\nsources:\n  k:\n    title: A report\n    publisher: ACME\n    author: [{ family: Doe, given: Jane }]\n    issued: 2024-05\n    URL: https://example.org/r\n---\n\nSee [@$0k, p. 7].\n';
    const harvard = hoverAt(doc, {}, { citationStyle: 'harvard1', locale: 'de-DE' }).markdown;
    expect(harvard).toContain('Cited as \\(Doe, 2024, S. 7\\)');
    expect(harvard).toContain('Doe, J. \\(2024\\) *A report*. ACME. Verfügbar unter: https://example.org/r.');
    const vancouver = hoverAt(doc, {}, { citationStyle: 'vancouver' }).markdown;
    // A numeric style's in-text citation is a number: the hover gives an author-date label instead.
    expect(vancouver).toContain('Cited as \\(Doe, 2024, p. 7\\)');
    expect(vancouver).toContain('Doe J. A report');
    // An unknown style falls back to APA.
    expect(hoverAt(doc, {}, { citationStyle: 'no-such-style' }).markdown).toContain('Doe, J. \\(2024, May\\). *A report*. ACME.');
  });

  it('falls back to the built-in formatter when the CSL engine fails', () => {
    vi.spyOn(citationEngine, 'reference').mockImplementation(() => {
      throw new Error('engine down');
    });
    vi.spyOn(citationEngine, 'cluster').mockImplementation(() => {
      throw new Error('engine down');
    });
    const { markdown } = hoverAt(sampleAt('geekwire, p. 2].\n\n"Stateful', 0, 2));
    expect(markdown).toContain('Cited as \\(Bishop, 2026, p. 2\\)');
    expect(markdown).toContain('Bishop, T. \\(2026\\). How the deal actually works. *GeekWire*.');
  });

  it('never touches the network', () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    hoverAt(sampleAt('geekwire, p. 2].\n\n"Stateful', 0, 2), {}, { citationStyle: 'vancouver', locale: 'fr-FR' });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('citations formatted ahead of the hover', () => {
  /** The sample with its positions' citations in a style no other test formats them in (the cache is per process). */
  const options: HoverOptions = { citationStyle: 'harvard1', locale: 'en-GB' };
  const termUse = () => readFixture(sampleAt('Stateless API Calls must')).cursor;

  it('formats the citations of the party positions, so that the term hover formats none', () => {
    const { index, uri } = memoryWorkspace(SAMPLE);
    const expected = getHover(memoryWorkspace(SAMPLE).index, uri, termUse(), { citationStyle: 'harvard1', locale: 'en-US' })!.markdown;
    index.linked(uri);
    expect(prepareHoverCitations(index, uri, options, 0, () => false)).toBeUndefined();
    const format = vi.spyOn((cslPlugins as { output: { format: (...args: unknown[]) => string } }).output, 'format');
    const markdown = getHover(index, uri, termUse(), options)!.markdown;
    expect(format.mock.calls.filter((call) => call[0] === 'citation')).toHaveLength(0);
    expect(markdown).toContain('**Positions**');
    // The same hover as one that formats its citations itself (en-GB and en-US agree on these).
    expect(markdown).toBe(expected);
  });

  it('stops when asked and goes on from where it stopped', () => {
    const { index, uri } = memoryWorkspace(SAMPLE);
    index.linked(uri);
    const callouts = index.document(uri)!.model.callouts;
    const first = callouts.findIndex((c) => c.type === 'POSITION');
    expect(prepareHoverCitations(index, uri, options, 0, () => true)).toBe(first);
    let asked = 0;
    const next = prepareHoverCitations(index, uri, options, first, () => asked++ > 0);
    expect(next).toBe(callouts.findIndex((c, i) => i > first && c.type === 'POSITION'));
    expect(prepareHoverCitations(index, uri, options, next!, () => false)).toBeUndefined();
  });

  it('never links a document: an unlinked one is left for the hover', () => {
    const { index, uri } = memoryWorkspace(SAMPLE);
    expect(index.isLinked(uri)).toBe(false);
    expect(prepareHoverCitations(index, uri, options, 0, () => false)).toBeUndefined();
    expect(index.isLinked(uri)).toBe(false);
    expect(prepareHoverCitations(index, 'file:///workspace/none.clause.md', options, 0, () => false)).toBeUndefined();
  });
});

describe('hover on clauses', () => {
  it('on a reference: number, title and first sentences', () => {
    const { markdown, shown } = hoverAt(sampleAt('§1.1 only'));
    expect(shown).toBe('§1.1');
    expect(markdown).toMatchInlineSnapshot(`
      "**§1.1 Azure routing**

      All Stateless API Calls must be routed through Azure. The SRE is subject to §1.1 only if it makes stateless calls."
    `);
  });

  // Bug in server/src/syntax/extract/clauses.ts (not this feature's file): a clause summary drops the shown text
  // of an explicit term link: "… only if it makes [[Stateless API Call|stateless calls]]." gives "… only if it makes."
  // (the hover snapshots above show the summary as the model gives it today).
  it('the clause model keeps the shown text of a term link in its summary', () => {
    const { index, uri } = memoryWorkspace(SAMPLE);
    const clause = index.document(uri)!.model.clauses.find((c) => c.number === '1.1')!;
    expect(clause.summary).toContain('only if it makes stateless calls.');
  });

  it('on a broken reference', () => {
    expect(hoverAt(sampleAt('Section 2.')).markdown).toBe('No clause 2');
  });

  it('on a reference into another file, names the file', () => {
    const other = '# 4. Term {#term}\n\nThis agreement runs for five years. It renews. Then it ends.\n';
    const doc = 'See [the term](other.clause.md#te$0rm) and [§9](other.clause.md#9) and [x](missing.clause.md#1).';
    expect(hoverAt(doc, { 'other.clause.md': other }).markdown).toMatchInlineSnapshot(`
      "**§4 Term** · other.clause.md

      This agreement runs for five years. It renews."
    `);
    expect(hoverAt(doc.replace('$0', '').replace('#9', '#$09'), { 'other.clause.md': other }).markdown).toBe('No clause 9 in other.clause.md');
    expect(hoverAt(doc.replace('$0', '').replace('#1', '#$01'), { 'other.clause.md': other }).markdown).toBe(
      'No clause 1 in missing.clause.md (the file is not in the workspace)',
    );
  });

  it('on a clause number: the clause and how often it is referenced', () => {
    const { markdown, shown } = hoverAt(sampleAt('1.1 Azure routing', 0, 0));
    expect(shown).toBe('1.1');
    expect(markdown).toMatchInlineSnapshot(`
      "**§1.1 Azure routing**

      All Stateless API Calls must be routed through Azure. The SRE is subject to §1.1 only if it makes stateless calls.

      Referenced 1 time in 1 document."
    `);
  });

  it('on a clause id, with its explanation and positions', () => {
    const doc = '# 1. Exclusivity {#exclu$0sivity}\n\nAll calls go through Azure.\n\n> [!EXPLAIN]\n> Azure only.\n\n> [!POSITION Microsoft]\n> It covers agents.\n\nSee [the terms](#exclusivity) and Section 1.';
    expect(hoverAt(doc).markdown).toMatchInlineSnapshot(`
      "**§1 Exclusivity**

      All calls go through Azure.

      **Explanation:** Azure only.

      **Positions**

      - **Microsoft**: It covers agents.

      Referenced 2 times in 1 document."
    `);
  });

  it('warns about an ambiguous number', () => {
    const doc = '# 1. One\n\nFirst.\n\n# 1. Again\n\nSecond. See Sec$0tion 1.';
    expect(hoverAt(doc).markdown).toContain('⚠ 2 clauses carry the number 1; this is the first.');
  });

  it('shows a title without the placeholders of code, HTML or citations', () => {
    const doc = '# 1. Fees `code` <b>bold</b> here [@x]\n\nText. See Sec$0tion 1.';
    expect(hoverAt(doc).markdown.split('\n')[0]).toBe('**§1 Fees code bold here**');
  });

  // Bug in server/src/syntax/extract/clauses.ts (not this feature's file): a heading's title keeps the U+FFFC
  // placeholders that stand for inline code, HTML and citations. Expected "Fees here"; the model gives "Fees \uFFFC here".
  it('the clause model gives a title without placeholders', () => {
    const { index, uri } = memoryWorkspace('# 1. Fees `code` here\n\nText.');
    expect(index.document(uri)!.model.clauses[0]!.title).not.toContain('\uFFFC');
  });
});

describe('hover on a party', () => {
  it('in front matter: aliases and the positions it takes, across the workspace', () => {
    const other = '---\nparties:\n  - name: Amazon\n---\n\n"Runtime" means a host.\n\n> [!POSITION Amazon]\n> It is stateful. Not stateless.\n';
    const { markdown, shown } = hoverAt(sampleAt('name: Amazon', 0, 7), { 'other.clause.md': other });
    expect(shown).toBe('Amazon');
    expect(markdown).toMatchInlineSnapshot(`
      "**Amazon** · party

      Also called **AWS**, **Amazon Web Services**

      **Positions** (2)

      - on *Stateless API Call*: Persistent sessions are a different product.
      - on *Runtime* (other.clause.md): It is stateful."
    `);
  });

  it('in a POSITION callout, by alias', () => {
    const { markdown, shown } = hoverAt(sampleAt('POSITION AWS', 0, 10));
    expect(shown).toBe('AWS');
    expect(markdown.split('\n')[0]).toBe('**Amazon** · party');
  });

  it('an undeclared party', () => {
    const { markdown } = hoverAt('"Agent" means a program.\n\n> [!POSITION Goo$0gle]\n> Fine.\n');
    expect(markdown).toMatchInlineSnapshot(`
      "**Google** · party

      ⚠ "Google" is not among the parties declared in the front matter.

      **Positions** (1)

      - on *Agent*: Fine."
    `);
  });
});

describe('the example workspace', () => {
  it('hover on "Stateless API Call" in examples/frontier-dispute', () => {
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const { index, documents } = loadWorkspace(['examples/frontier-dispute'], repo);
    const uri = documents.find((d) => d.endsWith('/microsoft-openai.clause.md'))!;
    const text = index.document(uri)!.model.text;
    const hover = getHover(index, uri, text.indexOf('Stateless API Calls at some level') + 3)!;
    expect(text.slice(hover.span.start, hover.span.end)).toBe('Stateless API Calls');
    const lines = hover.markdown.split('\n');
    expect(lines[0]).toBe('**Stateless API Call** · contested');
    expect(hover.markdown).toContain('Defined in microsoft-openai.clause.md · Definitions');
    expect(hover.markdown).toContain('the model processes a single question and forgets it immediately after.');
    expect(lines.filter((l) => /^- \*\*(Microsoft|OpenAI|Amazon)\*\*: As reported/.test(l))).toHaveLength(3);
    expect(hover.markdown).toContain('- *OpenAI Models* means the AI models that OpenAI develops and offers');
    expect(hover.markdown).toMatch(/Used \d+ times in 2 documents\.$/);
    expectSafe(hover.markdown);
  });
});

describe('offsets', () => {
  it('CRLF line ends: same hover, lines counted right', () => {
    const lf = sampleAt('geekwire, p. 2].\n\n"Stateful', 0, 2);
    const crlf = hoverAt(lf.replace(/\n/g, '\r\n'));
    expect(crlf.shown).toBe('geekwire');
    expect(crlf.markdown).toBe(hoverAt(lf).markdown);
  });

  it('astral characters before the cursor', () => {
    const { shown, markdown, hover, text } = hoverAt('"Agent" means a program 𝒜𝒢.\n\n😀😀 𝕏 The 🚀 Ag$0ent acts.');
    expect(shown).toBe('Agent');
    expect(hover!.span.start).toBe(text.indexOf('Agent acts'));
    expect(markdown).toContain('"Agent" means a program 𝒜𝒢.');
  });
});

describe('untrusted text', () => {
  const HOSTILE = `---
parties:
  - name: Amazon
    aliases: ["<img src=x onerror=alert(1)>", "[x](command:foo)"]
sources:
  evil:
    title: "<script>alert(1)</script> [x](command:foo)"
    container-title: "<img src=x onerror=alert(1)>"
    publisher: "[x](command:foo) $(zap)"
    URL: "javascript:alert(1)"
    note: "<img src=x onerror=alert(1)> &amp; [y](command:bar)"
  cmd:
    title: A command link
    URL: "command:workbench.action.quit"
  odd:
    title: Parentheses in the URL
    URL: "https://example.com/a_(b)?q=<x>&y=\\"z\\""
---

"Fee & Co" or "A*B_C" or "$(zap) Icon" or "1. List" means a thing <img src=x onerror=alert(1)> and
[x](command:foo) and <script>alert(1)</script> and javascript:alert(1) [@evil; @cmd; @odd].

> [!EXPLAIN]
> <script>alert(1)</script> [click](command:workbench.action.quit) &lt;b&gt; \`code\` ![i](javascript:alert(1))

> [!POSITION Amazon]
> <img src=x onerror=alert(1)> javascript:alert(1) [@evil]

# 1. <script>alert(1)</script> [x](command:foo) {#x}

Some A*B_C here and Fee & Co and $(zap) Icon, see §1 and [[<img src=x onerror=alert(1)>]].
`;
  const at = (needle: string, shift = 1) => {
    const i = HOSTILE.indexOf(needle);
    return HOSTILE.slice(0, i + shift) + '$0' + HOSTILE.slice(i + shift);
  };

  it.each([
    ['term use', at('A*B_C here')],
    ['definition', at('"Fee & Co"', 2)],
    ['citation', at('@evil;', 2)],
    ['citation with a command URL', at('@cmd', 2)],
    ['citation with parentheses in the URL', at('@odd', 2)],
    ['source entry', at('evil:', 1)],
    ['clause', at('# 1.', 2)],
    ['clause reference', at('§1 and')],
    ['party', at('name: Amazon', 7)],
    ['party in a callout', at('POSITION Amazon', 10)],
    ['undefined term link', at('[[<img', 3)],
  ])('%s: nothing unescaped, no command links', (_name, doc) => {
    const { markdown } = hoverAt(doc);
    expect(markdown).not.toBe('');
    expectSafe(markdown);
  });

  it('term: the hostile names and text are shown literally', () => {
    const { markdown } = hoverAt(at('A*B_C here'));
    expect(markdown).toContain('**Fee \\& Co** (also **A\\*B\\_C**, **\\$\\(zap\\) Icon**, **1\\. List**)');
    // Plain definition text drops inline HTML tags, as a rendered document does; nothing of the tag is left to run.
    expect(markdown).not.toMatch(/<img|onerror/);
    expect(markdown).toContain('- *\\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(command:foo\\)*, \\[x\\]\\(command:foo\\) \\$\\(zap\\), javascript:alert\\(1\\) (not linked)');
  });

  it('source: a URL that is not http(s) is text, an http(s) URL a link with a safe destination', () => {
    const evil = hoverAt(at('@evil;', 2)).markdown;
    expect(evil).toContain('URL (not http, not linked): javascript:alert\\(1\\)');
    const cmd = hoverAt(at('@cmd', 2)).markdown;
    expect(cmd).toContain('URL (not http, not linked): command:workbench.action.quit');
    const odd = hoverAt(at('@odd', 2)).markdown;
    expect(odd).toContain('Link: [example.com](https://example.com/a_%28b%29?q=%3Cx%3E\\&y=%22z%22)');
  });
});

describe('building blocks', () => {
  it('escapeMarkdown', () => {
    expect(escapeMarkdown('<b>&amp;</b> *a* _b_ `c` [d](e) ~f~ | g @h $(i) \\')).toBe(
      '\\<b\\>\\&amp;\\</b\\> \\*a\\* \\_b\\_ \\`c\\` \\[d\\]\\(e\\) \\~f\\~ \\| g \\@h \\$\\(i\\) \\\\',
    );
    expect(escapeMarkdown('# h\n- item\n+ item\n12. item\n===\nplain - dash 1.5\r\nnext')).toBe('\\# h\n\\- item\n\\+ item\n12\\. item\n\\===\nplain - dash 1.5\nnext');
    expect(escapeMarkdown('a\u202Eb\u0000c')).toBe('abc');
  });

  it.each([
    ['p. 2', { label: 'page', locator: '2' }],
    ['pp. 3-4', { label: 'page', locator: '3-4' }],
    ['7', { label: 'page', locator: '7' }],
    ['chap. 3', { label: 'chapter', locator: '3' }],
    ['§ 4', { label: 'section', locator: '4' }],
    ['art. 6(1)(f)', { label: 'article-locator', locator: '6(1)(f)' }],
    ['para. 12', { label: 'paragraph', locator: '12' }],
    ['the preamble', { suffix: ', the preamble' }],
    ['', {}],
  ])('cslLocator(%j)', (written, expected) => {
    expect(cslLocator(written)).toEqual(expected);
  });

  it.each([
    ['One. Two.', 'One.'],
    ['Under 7.2 of the U.S. code, e.g. here. Next one.', 'Under 7.2 of the U.S. code, e.g. here.'],
    ['J. Smith signs. Then.', 'J. Smith signs.'],
    ['No end', 'No end'],
    ['Quoted "end." Next.', 'Quoted "end."'],
  ])('firstSentence(%j)', (text, expected) => {
    expect(firstSentence(text)).toBe(expected);
  });

  it('cslHtmlToMarkdown keeps italics, decodes and re-escapes entities', () => {
    expect(cslHtmlToMarkdown('<div class="csl-entry">A &#38; B &#60;x&#62;. <i>Journal </i>, <b>7</b>.</div>')).toBe('A \\& B \\<x\\>. *Journal* , **7**.');
  });

  it('the built-in formatter', () => {
    const source = {
      key: 'k', origin: 'file:///x', keySpan: { start: 0, end: 1 }, span: { start: 0, end: 1 }, fields: {},
      title: 'A title', containerTitle: 'The Journal', publisher: 'The Journal', issued: '2026-03-18', url: 'https://x.org',
      authors: [{ family: 'Doe', given: 'Jane Mary' }, { family: 'Roe', given: 'Rick' }, { literal: 'ACME Corp.' }],
    };
    expect(builtinReference(source)).toBe('Doe, J. M., Roe, R., \\& ACME Corp. \\(2026, March 18\\). A title. *The Journal*. https://x.org');
    expect(builtinCluster([{ key: 'k', source, locator: 'p. 2', prefix: 'see' }, { key: 'z', locator: '', prefix: '' }])).toBe(
      '\\(see Doe et al., 2026, p. 2; \\@z, n.d.\\)',
    );
  });
});
