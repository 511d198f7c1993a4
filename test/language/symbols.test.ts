// Tests of document and workspace symbols. Each outline case is a document and the outline it must give, drawn as
// indented lines `kind name (detail) @selected text`; every outline is also checked against the invariants the
// protocol needs (children inside their parent, the name inside the extent, siblings in order and apart).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundOutline, getDocumentSymbols, getWorkspaceSymbols, matchScore, WORKSPACE_SYMBOL_LIMIT, type DocumentSymbolEntry } from '../../server/src/language/features/symbols.js';
import { generateContract } from '../../bench/generate.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

/** The outline as indented lines, one per entry. */
function draw(text: string, entries: readonly DocumentSymbolEntry[], depth = 0): string[] {
  return entries.flatMap((e) => [
    `${'  '.repeat(depth)}${e.kind} ${e.name}${e.detail ? ` (${e.detail})` : ''} @${text.slice(e.selectionSpan.start, e.selectionSpan.end)}`,
    ...draw(text, e.children, depth + 1),
  ]);
}

/** Fails on any entry that breaks what LSP clients require of a document symbol tree. */
function checkInvariants(text: string, entries: readonly DocumentSymbolEntry[], parent?: DocumentSymbolEntry): void {
  let previousEnd = parent ? parent.span.start : 0;
  let previous: DocumentSymbolEntry | undefined;
  for (const e of entries) {
    const where = `${e.kind} ${e.name}`;
    expect(e.name.trim(), where).not.toBe('');
    expect(e.span.start, where).toBeLessThanOrEqual(e.span.end);
    expect(e.selectionSpan.start >= e.span.start && e.selectionSpan.end <= e.span.end, `${where}: name inside extent`).toBe(true);
    if (parent) expect(e.span.start >= parent.span.start && e.span.end <= parent.span.end, `${where}: inside ${parent.name}`).toBe(true);
    // Definitions that share one sentence share its extent.
    const sameAsPrevious = previous !== undefined && previous.kind === 'term' && e.kind === 'term' && previous.span.start === e.span.start && previous.span.end === e.span.end;
    if (!sameAsPrevious) expect(e.span.start, `${where}: after its previous sibling`).toBeGreaterThanOrEqual(previousEnd);
    expect(/\s/.test(text[e.span.end - 1] ?? ''), `${where}: no trailing whitespace`).toBe(false);
    previousEnd = e.span.end;
    previous = e;
    checkInvariants(text, e.children, e);
  }
}

function outline(document: string, files: Record<string, string> = {}, limit?: number): string {
  const { index, uri } = memoryWorkspace(document, files);
  const entries = getDocumentSymbols(index, uri, undefined, limit);
  checkInvariants(document, entries);
  return draw(document, entries).join('\n');
}

const cases: [string, string, string][] = [
  [
    'clauses nest by number; paragraph clauses and sub-clauses under headings',
    '# 1. Exclusivity {#exclusivity}\n\n## 1.1 Azure routing\n\nText.\n\n1.2. Microsoft retains rights.\n\n(a) first;\n\n(b) second.\n\n# 2. Term\n\nBody.\n',
    [
      'clause 1 Exclusivity @1. Exclusivity',
      '  clause 1.1 Azure routing @1.1 Azure routing',
      '  clause 1.2 (Microsoft retains rights.) @1.2.',
      '    clause 1.2(a) (first;) @(a)',
      '    clause 1.2(b) (second.) @(b)',
      'clause 2 Term @2. Term',
    ].join('\n'),
  ],
  [
    'definitions stand under the section or clause they are written in',
    '# Definitions\n\n"Agent" means a program.\n\n"Stateful Runtime Environment" or "SRE" means a runtime.\n\n# 1. Scope\n\nAll work (the "Work") is here.\n',
    [
      'section Definitions @Definitions',
      '  term Agent @Agent',
      '  term Stateful Runtime Environment (SRE) @Stateful Runtime Environment',
      'clause 1 Scope @1. Scope',
      '  term Work @Work',
    ].join('\n'),
  ],
  [
    'parentheticals of one sentence are siblings; a definition scoped to another stands inside it',
    'All work (the "Work") and all tools (the "Tools") are covered. Then more (the "More").\n\n"Control" means power. For the purposes of this definition, "control" means direction.\n',
    ['term Work @Work', 'term Tools @Tools', 'term More @More', 'term Control @Control', '  term control (scoped) @control'].join('\n'),
  ],
  [
    'a definition before any heading is a root',
    '"Agent" means a program.\n\n## Notes\n\nText.\n',
    ['term Agent @Agent', 'section Notes @Notes'].join('\n'),
  ],
  [
    'scoped, pointer and contested definitions say so in the detail',
    [
      '---', 'parties: [Alpha, Beta]', '---', '',
      '"Gadget" means a tool.', '', '> [!POSITION Alpha]', '> A tool.', '', '> [!POSITION Beta]', '> Not a tool.', '',
      '"Widget" has the meaning set forth in Section 7.', '',
      '# 7. Widgets', '', 'For purposes of this Section 7, "Widget" means a part.', '',
    ].join('\n'),
    [
      'term Gadget (contested) @Gadget',
      'term Widget (see Section 7) @Widget',
      'clause 7 Widgets @7. Widgets',
      '  term Widget (scoped) @Widget',
    ].join('\n'),
  ],
  [
    'a clause with positions from two parties is contested',
    '---\nparties: [Alpha, Beta]\n---\n\n# 1. Term\n\n> [!POSITION Alpha]\n> Long.\n\n> [!POSITION beta]\n> Short.\n',
    'clause 1 Term (contested) @1. Term',
  ],
  [
    'sections nest by heading level and hold the clauses under them',
    '# Part A\n\n## Background\n\nText.\n\n## 1. First\n\nText.\n\n# Part B\n\n## 2. Second\n',
    ['section Part A @Part A', '  section Background @Background', '  clause 1 First @1. First', 'section Part B @Part B', '  clause 2 Second @2. Second'].join('\n'),
  ],
  [
    'a section inside a clause ends with the clause, even when a deeper clause heading follows',
    '# 1. Alpha\n\n## Notes\n\n"Foo" means a thing.\n\n### 2. Beta\n\nbody\n',
    ['clause 1 Alpha @1. Alpha', '  section Notes @Notes', '    term Foo @Foo', 'clause 2 Beta @2. Beta'].join('\n'),
  ],
  [
    'a section gives way to a clause that starts inside it and runs past its end',
    '# Notes\n\n## 1. X\n\ntext\n\n# 1.1 Y\n\nmore\n',
    ['section Notes @Notes', 'clause 1 X @1. X', '  clause 1.1 Y @1.1 Y'].join('\n'),
  ],
  [
    'a section heading closes the clauses of its level (the model ends them there)',
    '## 1. Scope\n\n## Notes\n\n### 1.1 Deep\n\ntext\n\n1.2. para\n\n# Appendix\n\n"Gizmo" means a thing.\n',
    ['clause 1 Scope @1. Scope', 'section Notes @Notes', '  clause 1.1 Deep @1.1 Deep', '  clause 1.2 (para) @1.2.', 'section Appendix @Appendix', '  term Gizmo @Gizmo'].join('\n'),
  ],
  [
    'setext headings, an empty heading and an id without title',
    'Definitions\n===========\n\n"Agent" means a program.\n\nMore\n----\n\n#\n\n# 3. {#three}\n',
    ['section Definitions @Definitions', '  term Agent @Agent', '  section More @More', 'section (untitled section) @#', 'clause 3 @3.'].join('\n'),
  ],
  [
    'front-matter sources under a Sources node, before the body',
    '---\ntitle: T\nsources:\n  ft-2026:\n    title: "A report"\n    URL: https://example.com/a\n  bare: {}\n---\n\n# 1. Scope\n',
    ['sources Sources (2) @sources', '  source ft-2026 (A report) @ft-2026', '  source bare @bare', 'clause 1 Scope @1. Scope'].join('\n'),
  ],
  [
    'CRLF line ends: names and extents stop before the CR',
    '# 1. Alpha\r\n\r\n"Foo" means x.\r\n\r\n## 1.1 Beta\r\n\r\nFoo here.\r\n\r\n',
    ['clause 1 Alpha @1. Alpha', '  term Foo @Foo', '  clause 1.1 Beta @1.1 Beta'].join('\n'),
  ],
  [
    'astral characters in titles, terms and summaries',
    '# 𝔄 Preamble\n\n"𝔘nit 😀" means a unit.\n\n## 1. 𝔅eta 😀\n\n1.1. 𝔊amma 😀 text.\n',
    ['section 𝔄 Preamble @𝔄 Preamble', '  term 𝔘nit 😀 @𝔘nit 😀', '  clause 1 𝔅eta 😀 @1. 𝔅eta 😀', '    clause 1.1 (𝔊amma 😀 text.) @1.1.'].join('\n'),
  ],
];

describe('document symbols', () => {
  it.each(cases)('%s', (_name, document, expected) => {
    expect(outline(document)).toBe(expected);
  });

  it('extents cover the text and stop at its last character', () => {
    const document = '# 1. Alpha\n\nFirst paragraph.\n\n> [!NOTE]\n> A note.\n\n\n\n# 2. Beta\n';
    const { index, uri } = memoryWorkspace(document);
    const [alpha] = getDocumentSymbols(index, uri);
    expect(document.slice(alpha!.span.start, alpha!.span.end)).toBe('# 1. Alpha\n\nFirst paragraph.\n\n> [!NOTE]\n> A note.');
  });

  it('a clause in a list item ends before the marker of the next item', () => {
    const document = '# Terms\n\n- 1.1. First\n  item.\n- 1.2. Second\n> - 1.3. Quoted\n';
    const { index, uri } = memoryWorkspace(document);
    const spans = getDocumentSymbols(index, uri)[0]!.children.map((c) => document.slice(c.span.start, c.span.end));
    expect(spans[0]).toBe('1.1. First\n  item.');
  });

  it('shortens long summaries without splitting a surrogate pair', () => {
    const document = `1.1. ${'x'.repeat(57)}😀 and more words.\n`;
    const { index, uri } = memoryWorkspace(document);
    const detail = getDocumentSymbols(index, uri)[0]!.detail!;
    expect(detail.endsWith('…')).toBe(true);
    expect(detail).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('gives nothing for a document that is not indexed', () => {
    const { index } = memoryWorkspace('# 1. A\n');
    expect(getDocumentSymbols(index, uriOf('other.clause.md'))).toEqual([]);
  });

  it('never breaks the invariants on odd numbering', () => {
    const documents = [
      '## 2. B\n\n# 1. A\n\n### 1.1 C\n\n1.1.1. D\n\n## Notes\n\n(a) x\n\n# 3 E\n',
      '1.1. A\n\n(a) x\n\n(i) y\n\n(b) z\n\n# Title\n\n2.1. B\n\n## 2. C\n\n> [!NOTE]\n> n\n',
      '# §\n\n## Section 4 Term\n\n### Article IV Misc\n\n#### 4.1 x\n\n"A" means b.\n',
    ];
    for (const document of documents) outline(document);
  });

  it('keeps names in a clause heading between the number and the id', () => {
    expect(outline('## 2.3 Notices {#notices}\n\nText.\n')).toBe('clause 2.3 Notices @2.3 Notices');
  });

  // Bug in server/src/syntax/extract/clauses.ts (summarize): the shown text of a [[term link]] is replaced by
  // U+FFFC in the run and then removed, so the summary of "1.3. ... reaches [[Agent|AI agents]] that keep"
  // reads "reaches that keep". Expected: "reaches AI agents that keep".
  it('keeps the shown text of a term link in a clause summary', () => {
    expect(outline('"Agent" means a program.\n\n1.3. It reaches [[Agent|AI agents]] that keep context.\n')).toContain('It reaches AI agents that keep context.');
  });
});

/** The example workspace, read from examples/frontier-dispute, with `name` as the document under test. */
function exampleWorkspace(name: string) {
  const dir = new URL('../../examples/frontier-dispute', import.meta.url).pathname;
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.clause.md') || file.endsWith('.yaml') || file === 'clausemark.json') files[file] = readFileSync(join(dir, file), 'utf8');
  }
  return { ...memoryWorkspace(files[name]!, files, name), text: files[name]! };
}

describe('document symbols of the example', () => {
  it('outlines microsoft-openai.clause.md', () => {
    const { index, uri, text } = exampleWorkspace('microsoft-openai.clause.md');
    const entries = getDocumentSymbols(index, uri);
    checkInvariants(text, entries);
    expect(draw(text, entries).join('\n')).toMatchInlineSnapshot(`
      "section Microsoft–OpenAI partnership terms, as reported @Microsoft–OpenAI partnership terms, as reported
        term October 2025 Restructuring @October 2025 Restructuring
      section Definitions @Definitions
        term Stateless API Call (contested) @Stateless API Call
        term Azure Exclusivity Clause (see Section 1.1) @Azure Exclusivity Clause
        term Azure Commitment @Azure Commitment
        term Equity Stake @Equity Stake
      clause 1 Exclusivity @1. Exclusivity
        clause 1.1 Azure routing @1.1 Azure routing
          term Azure Exclusivity Clause @Azure Exclusivity Clause
        clause 1.2 (As reported, the Azure Exclusivity Clause:) @1.2.
          clause 1.2(a) (reaches the basic queries that power ChatGPT, Copilot and t…) @(a)
          clause 1.2(b) (survived every renegotiation of the partnership, including…) @(b)
          clause 1.2(c) (was, in the reported account, Microsoft's insurance that, h…) @(c)
        clause 1.3 (Whether the clause also reaches AI agents that keep context…) @1.3.
      clause 2 Azure Commitment @2. Azure Commitment
        clause 2.1 (OpenAI makes the Azure Commitment to Microsoft.) @2.1.
        clause 2.2 (Some analysts point out that the Azure Commitment remains i…) @2.2.
      clause 3 Equity and intellectual property @3. Equity and intellectual property
        clause 3.1 (Microsoft holds the Equity Stake, reported to be worth roug…) @3.1.
        clause 3.2 (Microsoft retains exclusive IP rights to the OpenAI Models…) @3.2.
        clause 3.3 (As reported, Microsoft had invested over $13 billion in Ope…) @3.3.
      clause 4 Microsoft's own models @4. Microsoft's own models
        clause 4.1 (The October 2025 Restructuring explicitly permitted Microso…) @4.1.
        clause 4.2 (As reported, Microsoft has exercised that freedom quickly:) @4.2.
          clause 4.2(a) (its AI chief, Mustafa Suleyman, announced in early 2026 an…) @(a)
          clause 4.2(b) (it is developing its own MAI (Microsoft AI) family of found…) @(b)
          clause 4.2(c) (it built the Maia 200 AI accelerator chip.) @(c)
          term Fairwater @Fairwater
      clause 5 Relationship to the Amazon–OpenAI terms @5. Relationship to the Amazon–OpenAI terms
        clause 5.1 (Sections 1 through 3 are the terms Microsoft is reported to…) @5.1.
        clause 5.2 (As reported, a person close to Microsoft's position told th…) @5.2.
        clause 5.3 (The three companies are reported to be in talks to resolve…) @5.3.
        clause 5.4 (Before the threat of a lawsuit, Sam Altman acknowledged the…) @5.4."
    `);
  });
});

describe('workspace symbols', () => {
  const files = {
    'a.clause.md': '# 1. Azure routing\n\n"Azure Commitment" means a commitment.\n\n"Stateful Runtime Environment" or "SRE" means a runtime.\n\n1.2. Azure text.\n',
    'b.clause.md': '---\nsources:\n  azure-2025:\n    title: Azure\n---\n\n# 2. Routing of azure calls\n\n"Exclusivity" means a right.\n',
    'refs.yaml': '- id: dcd-2025\n  title: Report\n',
    'clausemark.json': '{ "bibliography": "refs.yaml" }',
  };
  const search = (query: string, limit?: number) => {
    const { index } = memoryWorkspace('', files, 'empty.clause.md');
    return getWorkspaceSymbols(index, query, limit);
  };

  const queries: [string, string[]][] = [
    ['azure commitment', ['term:Azure Commitment']],
    ['AZURE', ['source:azure-2025', 'term:Azure Commitment', 'clause:1 Azure routing', 'clause:2 Routing of azure calls']],
    ['routing', ['clause:1 Azure routing', 'clause:2 Routing of azure calls']],
    ['sre', ['term:SRE', 'term:Stateful Runtime Environment']],
    ['1.2', ['clause:1.2']],
    ['dcd', ['source:dcd-2025']],
    ['xyz', []],
  ];
  it.each(queries)('"%s" finds %j first', (query, expected) => {
    const got = search(query).map((s) => `${s.kind}:${s.name}`);
    expect(got.slice(0, expected.length)).toEqual(expected);
    if (expected.length === 0) expect(got).toEqual([]);
  });

  it('lists every term, clause and source for an empty query, with where each stands', () => {
    const all = search('');
    expect(all.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'clause:1 Azure routing',
      'clause:1.2',
      'term:Azure Commitment',
      'term:Stateful Runtime Environment',
      'term:SRE',
      'source:azure-2025',
      'clause:2 Routing of azure calls',
      'term:Exclusivity',
      'source:dcd-2025',
    ]);
    const byName = new Map(all.map((s) => [s.name, s]));
    expect(byName.get('1.2')!.container).toBe('1 Azure routing');
    expect(byName.get('Exclusivity')!.container).toBe('2 Routing of azure calls');
    expect(byName.get('azure-2025')!.container).toBe('b.clause.md');
    expect(byName.get('dcd-2025')).toMatchObject({ uri: uriOf('refs.yaml'), container: 'refs.yaml' });
    const sre = byName.get('SRE')!;
    expect(files['a.clause.md'].slice(sre.span.start, sre.span.end)).toBe('SRE');
  });

  it('caps the answer', () => {
    expect(search('', 3)).toHaveLength(3);
    const many = Array.from({ length: 1200 }, (_, i) => `"Term ${i}" means thing ${i}.`).join('\n\n');
    const { index } = memoryWorkspace(many);
    expect(getWorkspaceSymbols(index, '')).toHaveLength(WORKSPACE_SYMBOL_LIMIT);
    expect(getWorkspaceSymbols(index, 'term')).toHaveLength(WORKSPACE_SYMBOL_LIMIT);
    expect(getWorkspaceSymbols(index, 'term 1199').map((s) => s.name)[0]).toBe('Term 1199');
  });

  const scores: [string, string, 'exact' | 'prefix' | 'word' | 'inside' | 'fuzzy' | 'none'][] = [
    ['sre', 'sre', 'exact'],
    ['stateful runtime environment', 'stat', 'prefix'],
    ['1.1 azure routing', 'routing', 'word'],
    ['1.1 azure routing', 'outing', 'inside'],
    ['1.1 azure routing', 'azrt', 'fuzzy'],
    ['1.1 azure routing', 'az rout', 'fuzzy'],
    ['𝔘nit 😀', '😀', 'word'],
    ['azure', 'azurex', 'none'],
  ];
  it.each(scores)('scores %j against %j as %s', (name, query, kind) => {
    const score = matchScore(name, query);
    const band = score === undefined ? 'none' : score === 1000 ? 'exact' : score === 900 ? 'prefix' : score === 800 ? 'word' : score >= 600 ? 'inside' : 'fuzzy';
    expect(band).toBe(kind);
  });
});

describe('an outline held to a number of symbols', () => {
  // Nine symbols: a section with a definition, clauses three levels deep, a definition inside a sub-clause.
  const document = '# Definitions\n\n"Agent" means a program.\n\n# 1. Scope\n\n1.1. First clause.\n\n(a) one part (the \"Sub Term\") of it;\n\n(b) two.\n\n1.2. Second.\n\n# 2. End\n\nLast.\n';
  const full = [
    'section Definitions @Definitions',
    '  term Agent @Agent',
    'clause 1 Scope @1. Scope',
    '  clause 1.1 (First clause.) @1.1.',
    '    clause 1.1(a) (one part (the "Sub Term") of it;) @(a)',
    '      term Sub Term @Sub Term',
    '    clause 1.1(b) (two.) @(b)',
    '  clause 1.2 (Second.) @1.2.',
    'clause 2 End @2. End',
  ].join('\n');
  const cases: [limit: number, expected: string][] = [
    [9, full],
    // The deepest clauses go first; the definition inside one takes its place.
    [8, ['section Definitions @Definitions', '  term Agent @Agent', 'clause 1 Scope @1. Scope', '  clause 1.1 (First clause.) @1.1.', '    term Sub Term @Sub Term', '  clause 1.2 (Second.) @1.2.', 'clause 2 End @2. End'].join('\n')],
    [7, ['section Definitions @Definitions', '  term Agent @Agent', 'clause 1 Scope @1. Scope', '  clause 1.1 (First clause.) @1.1.', '    term Sub Term @Sub Term', '  clause 1.2 (Second.) @1.2.', 'clause 2 End @2. End'].join('\n')],
    [6, ['section Definitions @Definitions', '  term Agent @Agent', 'clause 1 Scope @1. Scope', '  term Sub Term @Sub Term', 'clause 2 End @2. End'].join('\n')],
    // The top level of clauses stays, and every section and definition.
    [2, ['section Definitions @Definitions', '  term Agent @Agent', 'clause 1 Scope @1. Scope', '  term Sub Term @Sub Term', 'clause 2 End @2. End'].join('\n')],
  ];
  it.each(cases)('at most %i symbols', (limit, expected) => {
    expect(outline(document, {}, limit)).toBe(expected);
  });

  it('is made once per reading of the document, and an edited summary changes only its clause', () => {
    const { index, uri } = memoryWorkspace(document);
    const first = getDocumentSymbols(index, uri);
    expect(getDocumentSymbols(index, uri)).toBe(first);
    const clauses = index.document(uri)!.model.clauses;
    const b = clauses.findIndex((c) => c.number === '1.1(b)');
    const edited = getDocumentSymbols(index, uri, new Map([[b, 'two, and three.']]));
    expect(draw(document, edited).join('\n')).toBe(full.replace('(two.)', '(two, and three.)'));
    // The section and clause 2, untouched, are shared; clause 1 holds the edited one.
    expect(edited[0]).toBe(first[0]);
    expect(edited[2]).toBe(first[2]);
    expect(edited[1]).not.toBe(first[1]);
    expect(getDocumentSymbols(index, uri)).toBe(first);
  });
});

describe('an outline held to a number of symbols, made without the levels it leaves out', () => {
  it('equals the whole outline held to the bound afterwards (a generated contract, several bounds)', () => {
    const { index, uri } = memoryWorkspace(generateContract({ seed: 7600, targetBytes: 60_000 }).text);
    const whole = getDocumentSymbols(index, uri, undefined, Infinity);
    const size = (entries: readonly DocumentSymbolEntry[]): number => entries.reduce((n, e) => n + 1 + size(e.children), 0);
    const all = size(whole);
    for (const limit of [all, all - 1, Math.floor(all / 2), 200, 20, 1]) {
      expect(getDocumentSymbols(index, uri, undefined, limit)).toEqual(boundOutline(whole, limit));
    }
    expect(size(boundOutline(whole, Math.floor(all / 2)))).toBeLessThan(all);
  });
});

describe('symbols on large documents', () => {
  /** A document of `n` clauses: headings with a definition, numbered paragraphs, sub-clauses, positions. */
  function big(n: number): string {
    const parts = ['---\nparties: [A, B]\n---\n'];
    for (let k = 1; k <= n / 4; k++) {
      parts.push(`# ${k}. Title ${k}\n\n"Term ${k}" means a thing.\n\n> [!POSITION A]\n> yes\n\n> [!POSITION B]\n> no\n\n${k}.1. Uses Term ${k}.\n\n(a) first\n\n(b) second\n`);
    }
    return parts.join('\n');
  }
  const count = (entries: readonly DocumentSymbolEntry[]): number => entries.reduce((n, e) => n + 1 + count(e.children), 0);

  it('grows linearly: twice the clauses, twice the symbols (5,000 and 10,000 clauses)', () => {
    const sizes = [5000, 10000].map((n) => {
      const document = big(n);
      const { index, uri } = memoryWorkspace(document);
      const entries = getDocumentSymbols(index, uri);
      expect(index.document(uri)!.model.clauses).toHaveLength(n);
      expect(entries[entries.length - 1]!.children[0]!.detail).toBe('contested');
      return count(entries);
    });
    expect(sizes).toEqual([6250, 12500]);
    // Parsing 15,000 clauses takes seconds: the timeout only keeps a busy machine from failing the test.
  }, 120_000);
});
