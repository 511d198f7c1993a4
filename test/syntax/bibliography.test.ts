// Table-driven tests of the bibliography reader (CSL-JSON, CSL-YAML, BibTeX): file text in, entries and positioned problems out.

import { describe, expect, test } from 'vitest';
import { bibliographyFormat, readBibliography, type BibliographyFormat } from '../../server/src/syntax/bibliography.js';
import type { SourceEntry, Span, SyntaxProblem } from '../../server/src/syntax/model.js';

/** The text a span covers. */
const at = (text: string, span: Span): string => text.slice(span.start, span.end);

/** An expected entry: its key, where the key starts, the text of the whole entry, and any other properties to compare. */
interface EntryRow {
  readonly key: string;
  readonly keyAt: number;
  /** The whole entry's text, or a pattern for it. */
  readonly span: string | RegExp;
  readonly props?: Partial<SourceEntry>;
}

/** A problem as `[start, text at the span, message]`. */
type ProblemRow = readonly [number, string, string | RegExp];

interface Case {
  readonly name: string;
  readonly format: BibliographyFormat;
  readonly text: string;
  readonly entries: readonly EntryRow[];
  readonly problems?: readonly ProblemRow[];
}

function check(c: Case): void {
  const { entries, problems } = readBibliography(c.text, c.format, 'file:///w/refs');
  expectProblems(c.text, problems, c.problems ?? []);
  expect(entries.map((e) => e.key)).toEqual(c.entries.map((e) => e.key));
  c.entries.forEach((row, i) => {
    const entry = entries[i]!;
    expect(entry.origin).toBe('file:///w/refs');
    expect(entry.keySpan, `key span of ${row.key}`).toEqual({ start: row.keyAt, end: row.keyAt + row.key.length });
    expect(at(c.text, entry.keySpan)).toBe(row.key);
    if (typeof row.span === 'string') expect(at(c.text, entry.span), `span of ${row.key}`).toBe(row.span);
    else expect(at(c.text, entry.span), `span of ${row.key}`).toMatch(row.span);
    if (row.props !== undefined) expect(entry).toMatchObject(row.props);
    if (entry.urlSpan !== undefined) expect(at(c.text, entry.urlSpan)).toBe(entry.url);
  });
}

function expectProblems(text: string, problems: readonly SyntaxProblem[], rows: readonly ProblemRow[]): void {
  expect(problems.map((p) => [p.span.start, at(text, p.span), p.message])).toEqual(
    rows.map(([start, spanText, message]) => [start, spanText, typeof message === 'string' ? message : expect.stringMatching(message)]),
  );
  for (const problem of problems) expect(problem.code).toBe('syntax.bibliography');
}

describe('bibliographyFormat', () => {
  const rows: readonly (readonly [string, BibliographyFormat | undefined])[] = [
    ['sources.json', 'csl-json'],
    ['refs/Sources.JSON', 'csl-json'],
    ['sources.yaml', 'csl-yaml'],
    ['sources.yml', 'csl-yaml'],
    ['library.bib', 'bibtex'],
    ['file:///w/library.BIB', 'bibtex'],
    ['sources.txt', undefined],
    ['bib', undefined],
    ['', undefined],
  ];
  for (const [path, format] of rows) test(`${JSON.stringify(path)} → ${format}`, () => expect(bibliographyFormat(path)).toBe(format));
});

describe('readBibliography: CSL-JSON', () => {
  const cases: readonly Case[] = [
    {
      name: 'an array of items, with every field read',
      format: 'csl-json',
      text: [
        '[',
        '  {',
        '    "id": "neowin-2026-03-18",',
        '    "type": "article-newspaper",',
        '    "title": "Microsoft and OpenAI",',
        '    "container-title": "Neowin",',
        '    "issued": { "date-parts": [[2026, 3, 18]] },',
        '    "URL": "https://www.neowin.net/news/x",',
        '    "author": [{ "family": "Doe", "given": "Jane" }, { "literal": "Staff" }],',
        '    "note": "as reported",',
        '    "page": "3-4"',
        '  }',
        ']',
      ].join('\n'),
      entries: [{
        key: 'neowin-2026-03-18',
        keyAt: 17,
        span: /^\{\n {4}"id"[^]*"page": "3-4"\n {2}\}$/,
        props: {
          type: 'article-newspaper',
          title: 'Microsoft and OpenAI',
          publisher: 'Neowin',
          containerTitle: 'Neowin',
          issued: '2026-03-18',
          url: 'https://www.neowin.net/news/x',
          urlSpan: { start: 201, end: 230 },
          authors: [{ family: 'Doe', given: 'Jane' }, { literal: 'Staff' }],
          note: 'as reported',
          fields: { page: '3-4' },
        },
      }],
    },
    {
      name: 'with a byte-order mark, tabs and CRLF (offsets count the BOM)',
      format: 'csl-json',
      text: '\uFEFF[\r\n\t{"id": "a", "title": "A"},\r\n\t{"id": 42, "issued": {"raw": "2026-03"}}\r\n]\r\n',
      entries: [
        { key: 'a', keyAt: 13, span: '{"id": "a", "title": "A"}' },
        { key: '42', keyAt: 41, span: '{"id": 42, "issued": {"raw": "2026-03"}}', props: { issued: '2026-03' } },
      ],
    },
    {
      name: 'astral characters before a key',
      format: 'csl-json',
      text: '[{"title": "😀𝒜", "id": "k😀"}]',
      entries: [{ key: 'k😀', keyAt: 26, span: '{"title": "😀𝒜", "id": "k😀"}', props: { title: '😀𝒜' } }],
    },
    {
      name: '{ "items": [...] } is accepted',
      format: 'csl-json',
      text: '{"items": [{"id": "x", "title": "X"}]}',
      entries: [{ key: 'x', keyAt: 19, span: '{"id": "x", "title": "X"}' }],
    },
    {
      name: 'a single item with an id is accepted',
      format: 'csl-json',
      text: '{"id": "solo", "title": "Solo"}',
      entries: [{ key: 'solo', keyAt: 8, span: '{"id": "solo", "title": "Solo"}', props: { title: 'Solo' } }],
    },
    {
      name: 'a map key → item is accepted',
      format: 'csl-json',
      text: '{"a": {"title": "A"}, "b": {"title": "B"}}',
      entries: [
        { key: 'a', keyAt: 2, span: '"a": {"title": "A"}' },
        { key: 'b', keyAt: 23, span: '"b": {"title": "B"}' },
      ],
    },
    {
      name: 'duplicate ids, missing ids and items of the wrong kind: the good ones survive',
      format: 'csl-json',
      text: '[{"id": "a"}, {"id": "a", "title": "again"}, {"title": "no id"}, "text", {"id": ""}, {"id": "b"}]',
      entries: [{ key: 'a', keyAt: 9, span: '{"id": "a"}' }, { key: 'b', keyAt: 93, span: '{"id": "b"}' }],
      problems: [
        [22, 'a', 'duplicate source key "a": only the first one is read'],
        [45, '{"title": "no id"}', 'each source in the bibliography needs an "id" (its citation key)'],
        [66, 'text', 'each source in the bibliography must be a map of CSL fields with an "id", found the text "text"'],
        [75, 'id', 'each source in the bibliography needs an "id" (its citation key)'],
      ],
    },
    {
      name: 'fields of the wrong kind',
      format: 'csl-json',
      text: '[{"id": "a", "title": ["x"], "URL": {"href": "y"}, "issued": "", "author": "Jane Doe"}]',
      entries: [{ key: 'a', keyAt: 9, span: /^\{"id"/, props: { authors: [{ literal: 'Jane Doe' }] } }],
      problems: [
        [22, '["x"]', '"title" of source "a" must be text, found a list'],
        [36, '{"href": "y"}', '"URL" of source "a" must be text, found a map'],
        [52, 'issued', /^"issued" of source "a" must be a date such as 2026-03-18, .*, found the text ""$/],
      ],
    },
    {
      name: 'a JSON syntax error at its own position; what was read survives',
      format: 'csl-json',
      text: '[{"id": "a"},\n {"id": "b" "title": "x"}]',
      entries: [{ key: 'a', keyAt: 9, span: '{"id": "a"}' }],
      problems: [
        [22, '"b" "title": "x"', 'invalid JSON: Block collections are not allowed within flow collections'],
        [22, '"b" "title": "x"', '"id" in the bibliography must be text, found a map'],
        [26, '"title"', 'invalid JSON: Unexpected double-quoted-scalar token'],
      ],
    },
    {
      name: 'an unterminated array',
      format: 'csl-json',
      text: '[{"id": "a"}',
      entries: [{ key: 'a', keyAt: 9, span: '{"id": "a"}' }],
      problems: [[12, '', /^invalid JSON: /]],
    },
    {
      name: 'a top-level string',
      format: 'csl-json',
      text: '"not a bibliography"',
      entries: [],
      problems: [[1, 'not a bibliography', 'the bibliography must be a map of key → CSL item or a list of CSL items with "id", found the text "not a bibliography"']],
    },
    { name: 'an empty file', format: 'csl-json', text: '', entries: [] },
    { name: 'white space only', format: 'csl-json', text: ' \r\n\t', entries: [] },
    { name: 'an empty list', format: 'csl-json', text: '[]', entries: [] },
  ];
  for (const c of cases) test(c.name, () => check(c));
});

describe('readBibliography: CSL-YAML', () => {
  const cases: readonly Case[] = [
    {
      name: 'a list of items',
      format: 'csl-yaml',
      text: '- id: a\n  title: A\n  issued: 2026-03-18\n- id: b\n  publisher: P\n  container-title: C\n',
      entries: [
        { key: 'a', keyAt: 6, span: 'id: a\n  title: A\n  issued: 2026-03-18', props: { issued: '2026-03-18' } },
        { key: 'b', keyAt: 46, span: 'id: b\n  publisher: P\n  container-title: C', props: { publisher: 'P', containerTitle: 'C' } },
      ],
    },
    {
      name: 'pandoc style references: with CRLF',
      format: 'csl-yaml',
      text: '---\r\nreferences:\r\n- id: ft-2026-03\r\n  title: FT\r\n  URL: https://ft.com/x\r\n...\r\n',
      entries: [{ key: 'ft-2026-03', keyAt: 24, span: 'id: ft-2026-03\r\n  title: FT\r\n  URL: https://ft.com/x', props: { url: 'https://ft.com/x' } }],
    },
    {
      name: 'a map key → item, astral characters before a key',
      format: 'csl-yaml',
      text: '# 😀 sources\n𝒜-key:\n  title: "A 😀"\nplain: {title: P}\n',
      entries: [
        { key: '𝒜-key', keyAt: 13, span: '𝒜-key:\n  title: "A 😀"', props: { title: 'A 😀' } },
        { key: 'plain', keyAt: 37, span: 'plain: {title: P}' },
      ],
    },
    {
      name: 'duplicate keys in a map: the first is read',
      format: 'csl-yaml',
      text: 'a: {title: first}\na: {title: second}\n',
      entries: [{ key: 'a', keyAt: 0, span: 'a: {title: first}', props: { title: 'first' } }],
      problems: [[18, 'a', 'duplicate key "a": only the first one is read']],
    },
    {
      name: 'a YAML syntax error',
      format: 'csl-yaml',
      text: '- id: a\n  title: "unclosed\n- id: b\n',
      entries: [{ key: 'a', keyAt: 6, span: 'id: a\n  title: "unclosed\n- id: b', props: { title: 'unclosed - id: b' } }],
      problems: [[35, '', /^invalid YAML: Missing closing "quote/]],
    },
    {
      name: 'anchors and aliases are followed',
      format: 'csl-yaml',
      text: '- id: a\n  author: &who [{family: Doe}]\n- id: b\n  author: *who\n',
      entries: [
        { key: 'a', keyAt: 6, span: /^id: a/, props: { authors: [{ family: 'Doe' }] } },
        { key: 'b', keyAt: 45, span: 'id: b\n  author: *who', props: { authors: [{ family: 'Doe' }] } },
      ],
    },
    { name: 'an empty file', format: 'csl-yaml', text: '', entries: [] },
    { name: 'a comment only', format: 'csl-yaml', text: '# nothing yet\n', entries: [] },
  ];
  for (const c of cases) test(c.name, () => check(c));

  test('an alias bomb gives one problem and is expanded no further', () => {
    const letters = 'abcdefghi';
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < letters.length; i++) text += `${letters[i]}: &${letters[i]} [${Array(9).fill(`*${letters[i - 1]}`).join(',')}]\n`;
    text = `x: {${text.trim().split('\n').join(', ')}}\nreferences:\n- id: k\n  extra: *i\n`;
    const { entries, problems } = readBibliography(text, 'csl-yaml', 'x');
    expect(entries.map((e) => e.key)).toEqual(['k']);
    expect(problems.map((p) => [at(text, p.span), p.message])).toEqual([
      ['*i', 'value too large (more than 20000 nodes, aliases expanded): the rest of it is not read'],
    ]);
  });
});

/** A BibTeX file with a good entry, a broken one next to it, and the entries after it. */
const MIXED_BIB = [
  '% a comment line',
  '@string{ft = "Financial Times"}',
  '',
  '@article{good,',
  '  title = {A {Good} Title with \\emph{emphasis}},',
  '  author = {Doe, Jane and van der Berg, Jan and {World Health Organization}},',
  '  journal = ft,',
  '  year = 2026, month = mar, day = 18,',
  '  url = {https://x.org/a_b%20c?mail=a@b.c},',
  '  note = {See \\"{u}ber},',
  '  doi = {10.1000/x}',
  '}',
  '',
  '@misc{broken,',
  '  title = {Unclosed',
  '  year = 2020,',
  '',
  '@book{after, title = "After", date = {2026-03}, publisher = {Pub}}',
].join('\n');

describe('readBibliography: BibTeX', () => {
  const cases: readonly Case[] = [
    {
      name: 'a broken entry next to good ones: the good ones survive, the broken one is positioned',
      format: 'bibtex',
      text: MIXED_BIB,
      entries: [
        {
          key: 'good',
          keyAt: 59,
          span: /^@article\{good,[^]*doi = \{10\.1000\/x\}\n\}$/,
          props: {
            type: 'article-journal',
            title: 'A Good Title with emphasis',
            authors: [{ family: 'Doe', given: 'Jane' }, { family: 'van der Berg', given: 'Jan' }, { literal: 'World Health Organization' }],
            containerTitle: 'Financial Times',
            publisher: 'Financial Times',
            issued: '2026-03-18',
            url: 'https://x.org/a_b%20c?mail=a@b.c',
            urlSpan: { start: 255, end: 287 },
            note: 'See über',
            fields: { DOI: '10.1000/x' },
          },
        },
        { key: 'broken', keyAt: 344, span: '@misc{broken,\n  title = {Unclosed\n  year = 2020,', props: { type: 'document', fields: {} } },
        { key: 'after', keyAt: 394, span: '@book{after, title = "After", date = {2026-03}, publisher = {Pub}}', props: { type: 'book', title: 'After', issued: '2026-03', publisher: 'Pub' } },
      ],
      problems: [[338, '@misc{broken', /^BibTeX entry "broken": Unterminated brace-value "Unclosed/]],
    },
    {
      name: 'a field error at its own line and column',
      format: 'bibtex',
      text: '@misc{a,\n  title = {x},\n  = {y}}\n@misc{b, title = {B}}\n',
      entries: [{ key: 'a', keyAt: 6, span: /^@misc\{a,/, props: { title: 'x' } }, { key: 'b', keyAt: 39, span: '@misc{b, title = {B}}' }],
      problems: [[26, '= {y}}', 'BibTeX entry "a": Token mismatch, expected "}", found "= {y}}\\n"...']],
    },
    {
      name: 'duplicate keys: the first entry is read',
      format: 'bibtex',
      text: '@misc{k, title = {first}}\n@misc{k, title = {second}}\n',
      entries: [{ key: 'k', keyAt: 6, span: '@misc{k, title = {first}}', props: { title: 'first' } }],
      problems: [[32, 'k', 'duplicate BibTeX key "k": only the first entry is read']],
    },
    {
      name: 'CRLF, parentheses, astral characters before a key',
      format: 'bibtex',
      text: '% 😀 𝒜\r\n@online(web,\r\n  title = "Web 😀",\r\n  url = "https://a.b/😀"\r\n)\r\n',
      entries: [{
        key: 'web',
        keyAt: 17,
        span: '@online(web,\r\n  title = "Web 😀",\r\n  url = "https://a.b/😀"\r\n)',
        props: { type: 'webpage', title: 'Web 😀', url: 'https://a.b/😀', urlSpan: { start: 53, end: 67 } },
      }],
    },
    {
      name: 'howpublished with \\url gives the URL; months by name; a non-numeric year as written',
      format: 'bibtex',
      text: '@misc{w, howpublished = {\\url{https://h.x/p}}, year = {forthcoming}}\n@misc{m, year = 2025, month = {December}, howpublished = {Blog}}\n',
      entries: [
        { key: 'w', keyAt: 6, span: /^@misc\{w/, props: { url: 'https://h.x/p', urlSpan: { start: 30, end: 43 }, issued: 'forthcoming' } },
        { key: 'm', keyAt: 75, span: /^@misc\{m/, props: { issued: '2025-12', publisher: 'Blog' } },
      ],
    },
    {
      name: 'BibTeX types map to CSL types',
      format: 'bibtex',
      text: '@inproceedings{p, booktitle = {Proc}}\n@techreport{r, institution = {Inst}}\n@phdthesis{t, school = {Uni}}\n@whatever{x,}\n',
      entries: [
        { key: 'p', keyAt: 15, span: /^@inproceedings/, props: { type: 'paper-conference', containerTitle: 'Proc', publisher: 'Proc' } },
        { key: 'r', keyAt: 50, span: /^@techreport/, props: { type: 'report', publisher: 'Inst' } },
        { key: 't', keyAt: 86, span: /^@phdthesis/, props: { type: 'thesis', publisher: 'Uni' } },
        { key: 'x', keyAt: 115, span: '@whatever{x,}', props: { type: 'document' } },
      ],
    },
    {
      name: 'an unknown @string macro is positioned at its use',
      format: 'bibtex',
      text: '@misc{a, publisher = nope # " Inc"}\n',
      entries: [{ key: 'a', keyAt: 6, span: /^@misc\{a/ }],
      problems: [[21, 'nope', 'BibTeX entry "a": Unresolved @string reference "nope"']],
    },
    {
      name: 'entries without a key, and an @ that starts no entry',
      format: 'bibtex',
      text: '@misc{, title = {x}}\n@misc{title = {y}}\n@@@ not an entry\n@misc{ok}\n',
      entries: [{ key: 'ok', keyAt: 63, span: '@misc{ok}' }],
      problems: [
        [0, '@misc{', 'BibTeX entry has no key: write @type{key, field = {…}}'],
        [21, '@misc{title', 'BibTeX entry has no key: write @type{key, field = {…}}'],
        [40, '@@@', 'expected a BibTeX entry such as @article{key, …}, found "@@@ not an entry"'],
      ],
    },
    {
      name: '@comment and @preamble are skipped; an @ inside a field is text',
      format: 'bibtex',
      text: '@comment{ @misc{not, title={x}} }\n@preamble{"\\newcommand{\\x}{y}"}\n@misc{a, note = {write to a@b.c or @misc{x}}}\n',
      entries: [{ key: 'a', keyAt: 72, span: '@misc{a, note = {write to a@b.c or @misc{x}}}', props: { note: 'write to a@b.c or @miscx' } }],
    },
    { name: 'an empty file', format: 'bibtex', text: '', entries: [] },
    { name: 'comments only', format: 'bibtex', text: '% nothing\nplain text is a comment in BibTeX\n', entries: [] },
  ];
  for (const c of cases) test(c.name, () => check(c));

  test('an entry longer than the limit is not read, the next one is', () => {
    const text = `@misc{long, abstract = {${'word '.repeat(10_000)}}}\n@misc{short, title = {S}}\n`;
    check({
      name: 'long',
      format: 'bibtex',
      text,
      entries: [{ key: 'short', keyAt: text.indexOf('short'), span: '@misc{short, title = {S}}' }],
      problems: [[0, '@misc{long', 'BibTeX entry "@misc{long" is longer than 32768 characters and is not read']],
    });
  });

  test('deep braces are refused before parsing', () => {
    const text = `@misc{deep, title = ${'{'.repeat(5000)}${'}'.repeat(5000)}}\n@misc{ok, title = {OK}}\n`;
    const { entries, problems } = readBibliography(text, 'bibtex', 'x');
    expect(entries.map((e) => e.key)).toEqual(['ok']);
    expect(problems.map((p) => [p.span.start, p.message])).toEqual([
      [83, 'BibTeX entry "@misc{deep" nests braces deeper than 64 levels and is not read'],
    ]);
  });

  test('many @ signs: the first 100 problems, and the entry before them', () => {
    // Their time grows linearly (npm run bench:pathological, shapes "BibTeX …" of test/fuzz/hostile.ts).
    const lines = readBibliography('@x{\n'.repeat(20_000), 'bibtex', 'x');
    const inline = readBibliography(`@misc{a, title = {x}} ${'@'.repeat(30_000)}`, 'bibtex', 'x');
    expect(lines.problems).toHaveLength(101);
    expect(lines.problems[100]!.message).toBe('more problems are not shown (only the first 100 are)');
    expect(inline.entries.map((e) => e.key)).toEqual(['a']);
  });
});

describe('readBibliography: never throws', () => {
  let seed = 11;
  const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const binary = Array.from({ length: 100_000 }, () => String.fromCharCode(Math.floor(random() * 0x10000))).join('');
  const symbols = Array.from({ length: 100_000 }, () => '{}[]@,:-"\'\n #&*!|>%\\='[Math.floor(random() * 22)]).join('');
  const inputs: readonly (readonly [string, string])[] = [
    ['binary garbage', binary],
    ['symbol soup', symbols],
    ['deep JSON', '['.repeat(100_000)],
    ['lone surrogates and NUL', '\ud800\u0000@misc{\udc00, title={\ud800}}'],
  ];
  for (const [name, text] of inputs) {
    for (const format of ['csl-json', 'csl-yaml', 'bibtex'] as const) {
      test(`${name} as ${format}`, () => {
        const { problems } = readBibliography(text, format, 'x');
        for (const problem of problems) {
          expect(problem.span.start).toBeGreaterThanOrEqual(0);
          expect(problem.span.end).toBeLessThanOrEqual(text.length);
          expect(problem.span.end).toBeGreaterThanOrEqual(problem.span.start);
        }
      });
    }
  }
});
