// Table-driven tests of the front-matter reader: document text in, front matter and positioned problems out.

import { describe, expect, test } from 'vitest';
import { readFrontMatter } from '../../server/src/syntax/frontMatter.js';
import type { FrontMatter, Span, SyntaxProblem } from '../../server/src/syntax/model.js';

/** Splits a Markdown document the way remark-frontmatter does: the YAML between the fences and its offset. */
function read(doc: string): { frontMatter: FrontMatter; problems: SyntaxProblem[] } {
  const open = /^---\r?\n/.exec(doc);
  if (open === null) throw new Error('test document has no front matter');
  const base = open[0].length;
  const rest = doc.slice(base);
  const end = /(^|\n)---[ \t]*(\r?\n|$)/.exec(rest);
  const closeAt = end === null ? doc.length : base + end.index + (end[1] ?? '').length;
  const blockSpan: Span = { start: 0, end: Math.min(closeAt + 3, doc.length) };
  return readFrontMatter(doc.slice(base, closeAt), base, blockSpan, 'file:///w/doc.clause.md');
}

/** The text a span covers. */
const at = (doc: string, span: Span): string => doc.slice(span.start, span.end);

/** A problem as `[start, text at the span, message]`, for compact tables. */
type ProblemRow = readonly [number, string, string | RegExp];

function expectProblems(doc: string, problems: readonly SyntaxProblem[], rows: readonly ProblemRow[]): void {
  expect(problems.map((p) => p.code)).toEqual(rows.map(() => 'syntax.front-matter'));
  rows.forEach(([start, text, message], i) => {
    const problem = problems[i]!;
    expect(problem.span.start, `problem ${i} start`).toBe(start);
    expect(at(doc, problem.span), `problem ${i} text`).toBe(text);
    if (typeof message === 'string') expect(problem.message).toBe(message);
    else expect(problem.message).toMatch(message);
  });
}

const RUNNING_EXAMPLE = [
  '---',
  'clausemark: 1',
  'title: OpenAI–Microsoft partnership terms, as reported',
  'parties:',
  '  - name: Microsoft',
  '  - name: OpenAI',
  '  - name: Amazon',
  '    aliases: [AWS, Amazon Web Services]',
  'bibliography: sources.yaml',
  'imports: [glossary.clause.md]',
  '---',
  '',
  '# Definitions',
  '',
].join('\n');

describe('readFrontMatter: the running example', () => {
  for (const [label, doc] of [['LF', RUNNING_EXAMPLE], ['CRLF', RUNNING_EXAMPLE.replaceAll('\n', '\r\n')]] as const) {
    test(label, () => {
      const { frontMatter, problems } = read(doc);
      expect(problems).toEqual([]);
      expect(frontMatter.version).toBe(1);
      expect(frontMatter.title).toBe('OpenAI–Microsoft partnership terms, as reported');
      expect(frontMatter.span).toEqual({ start: 0, end: doc.indexOf('---', 4) + 3 });
      expect(frontMatter.parties.map((p) => [p.name, at(doc, p.span), p.aliases.map((a) => at(doc, a.span))])).toEqual([
        ['Microsoft', 'Microsoft', []],
        ['OpenAI', 'OpenAI', []],
        ['Amazon', 'Amazon', ['AWS', 'Amazon Web Services']],
      ]);
      expect(frontMatter.parties[2]!.aliases.map((a) => a.name)).toEqual(['AWS', 'Amazon Web Services']);
      const line = label === 'LF' ? 1 : 2;
      // Offsets: in LF the "Microsoft" name starts on line 5 (0-based 4) after "  - name: ".
      const microsoft = doc.split(label === 'LF' ? '\n' : '\r\n').slice(0, 4).reduce((n, l) => n + l.length + line, 0) + 10;
      expect(frontMatter.parties[0]!.span).toEqual({ start: microsoft, end: microsoft + 9 });
      expect(frontMatter.bibliography.map((p) => [p.path, at(doc, p.span)])).toEqual([['sources.yaml', 'sources.yaml']]);
      expect(frontMatter.imports.map((p) => [p.path, at(doc, p.span)])).toEqual([['glossary.clause.md', 'glossary.clause.md']]);
      expect(frontMatter.sources).toEqual([]);
    });
  }

  test('exact offsets (LF)', () => {
    const { frontMatter } = read(RUNNING_EXAMPLE);
    expect(frontMatter.parties.map((p) => p.span)).toEqual([
      { start: 92, end: 101 },
      { start: 112, end: 118 },
      { start: 129, end: 135 },
    ]);
    expect(frontMatter.parties[2]!.aliases.map((a) => a.span)).toEqual([{ start: 150, end: 153 }, { start: 155, end: 174 }]);
    expect(frontMatter.bibliography[0]!.span).toEqual({ start: 190, end: 202 });
    expect(frontMatter.imports[0]!.span).toEqual({ start: 213, end: 231 });
  });
});

describe('readFrontMatter: spans', () => {
  const cases: readonly { name: string; doc: string; parties: readonly (readonly [string, number, readonly string[]])[] }[] = [
    {
      name: 'astral characters before a key count two UTF-16 units each',
      doc: '---\ntitle: "😀 𝒜 notes"\nparties: [😀Co, "𝒜 Ltd"]\n---\n',
      parties: [['😀Co', 35, []], ['𝒜 Ltd', 42, []]],
    },
    {
      name: 'bare string items and quoted names (span inside the quotes)',
      doc: "---\nparties:\n  - Microsoft\n  - 'Open AI'\n  - name: \"Amazon\"\n    aliases: AWS\n---\n",
      parties: [['Microsoft', 17, []], ['Open AI', 32, []], ['Amazon', 52, ['AWS']]],
    },
    {
      name: 'CRLF with aliases in block style',
      doc: '---\r\nparties:\r\n  - name: Amazon\r\n    aliases:\r\n      - AWS\r\n      - "Amazon Web Services"\r\n---\r\n',
      parties: [['Amazon', 25, ['AWS', 'Amazon Web Services']]],
    },
    {
      name: 'an anchored name used again through an alias keeps the anchor\'s span',
      doc: '---\nparties:\n  - name: &m Microsoft\n    aliases: [MS]\n  - name: Contoso\n    aliases: [*m]\n---\n',
      parties: [['Microsoft', 26, ['MS']], ['Contoso', 64, ['Microsoft']]],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { frontMatter, problems } = read(c.doc);
      expect(problems).toEqual([]);
      expect(frontMatter.parties.map((p) => [p.name, p.span.start, p.aliases.map((a) => a.name)])).toEqual(c.parties);
      for (const party of frontMatter.parties) {
        expect(at(c.doc, party.span)).toBe(party.name);
        for (const alias of party.aliases) expect(at(c.doc, alias.span)).toBe(alias.name);
      }
    });
  }
});

describe('readFrontMatter: problems', () => {
  const cases: readonly { name: string; doc: string; problems: readonly ProblemRow[]; check?: (fm: FrontMatter) => void }[] = [
    {
      name: 'parties not a list',
      doc: '---\nparties: Microsoft\n---\n',
      problems: [[13, 'Microsoft', '"parties" must be a list of { name, aliases }, found the text "Microsoft"']],
      check: (fm) => expect(fm.parties).toEqual([]),
    },
    {
      name: 'parties as a map',
      doc: '---\nparties:\n  Microsoft: {}\n---\n',
      problems: [[15, 'Microsoft: {}', '"parties" must be a list of { name, aliases }, found a map']],
    },
    {
      name: 'party items of the wrong kind; the good one survives',
      doc: '---\nparties:\n  - 42\n  - [a, b]\n  - name: Good\n  - aliases: [X]\n  - name: [no]\n---\n',
      problems: [
        [17, '42', 'each party must be a name or { name, aliases }, found the number 42'],
        [24, '[a, b]', 'each party must be a name or { name, aliases }, found a list'],
        [50, 'aliases: [X]', 'each party needs a "name": { name, aliases }'],
        [73, '[no]', '"name" of a party must be a name, found a list'],
      ],
      check: (fm) => expect(fm.parties.map((p) => p.name)).toEqual(['Good']),
    },
    {
      name: 'aliases of the wrong kind',
      doc: '---\nparties:\n  - name: A\n    aliases: {x: 1}\n  - name: B\n    aliases: [ok, {y: 2}, true]\n---\n',
      problems: [
        [38, '{x: 1}', '"aliases" of party "A" must be a list of names, found a map'],
        [75, '{y: 2}', 'each alias of party "B" must be a name, found a map'],
        [83, 'true', 'each alias of party "B" must be a name, found the value true'],
      ],
      check: (fm) => expect(fm.parties.map((p) => p.aliases.map((a) => a.name))).toEqual([[], ['ok']]),
    },
    {
      name: 'version, title and id of the wrong kind',
      doc: '---\nclausemark: 2\ntitle: [a]\nid: {x: 1}\n---\n',
      problems: [
        [16, '2', '"clausemark" must be 1 (the format version this reader knows), found the number 2'],
        [25, '[a]', '"title" must be text, found a list'],
        [33, '{x: 1}', '"id" must be text, found a map'],
      ],
      check: (fm) => {
        expect(fm.version).toBe(2);
        expect(fm.title).toBeUndefined();
      },
    },
    {
      name: 'version written as text',
      doc: '---\nclausemark: "1"\n---\n',
      problems: [[17, '1', '"clausemark" must be the number 1, found the text "1"']],
      check: (fm) => expect(fm.version).toBeUndefined(),
    },
    {
      name: 'numbers as title and id are kept as written',
      doc: '---\ntitle: 1984\nid: 007\n---\n',
      problems: [],
      check: (fm) => expect([fm.title, fm.id]).toEqual(['1984', '007']),
    },
    {
      name: 'paths of the wrong kind',
      doc: '---\nbibliography: {a: b}\nimports: [ok.clause.md, 3, ""]\n---\n',
      problems: [
        [18, '{a: b}', '"bibliography" must be a path or a list of paths, found a map'],
        [49, '3', '"imports" must be a path or a list of paths, found the number 3'],
        [53, '', '"imports" must be a path or a list of paths, found an empty path'],
      ],
      check: (fm) => expect(fm.imports.map((p) => p.path)).toEqual(['ok.clause.md']),
    },
    {
      name: 'sources of the wrong kind',
      doc: '---\nsources: neowin\n---\n',
      problems: [[13, 'neowin', '"sources" must be a map of key → CSL item or a list of CSL items with "id", found the text "neowin"']],
    },
    {
      name: 'a source that is not a map',
      doc: '---\nsources:\n  a: just a title\n  b:\n    title: B\n---\n',
      problems: [[18, 'just a title', 'source "a" in "sources" must be a map of CSL fields (title, issued, URL, …), found the text "just a title"']],
      check: (fm) => expect(fm.sources.map((s) => s.key)).toEqual(['b']),
    },
    {
      name: 'YAML syntax error at its own position, with yaml\'s message',
      doc: '---\ntitle: [unclosed\nparties: [A]\n---\n',
      problems: [
        [11, '[unclosed', '"title" must be text, found a list'],
        [21, 'p', /^invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]/],
      ],
    },
    {
      name: 'a tab as indentation',
      doc: '---\nparties:\n\t- A\n---\n',
      problems: [[13, '\t', /^invalid YAML: Tabs are not allowed as indentation/]],
      check: (fm) => expect(fm.parties.map((p) => p.name)).toEqual(['A']),
    },
    {
      name: 'duplicate keys: the first is read',
      doc: '---\ntitle: First\ntitle: Second\n---\n',
      problems: [[17, 'title', 'duplicate key "title": only the first one is read']],
      check: (fm) => expect(fm.title).toBe('First'),
    },
    {
      name: 'front matter that is not a map',
      doc: '---\n- a\n- b\n---\n',
      problems: [[4, '- a\n- b', 'front matter must be a map of keys (clausemark, title, parties, sources, …), found a list']],
    },
    {
      name: 'an alias without anchor',
      doc: '---\ntitle: *nothing\n---\n',
      problems: [[11, '*nothing', 'alias *nothing has no anchor &nothing before it']],
    },
    {
      name: 'unknown keys are allowed',
      doc: '---\nauthor: me\nlang: en\ncustom: {a: [1, 2]}\n---\n',
      problems: [],
    },
    {
      name: 'empty values are absent, not problems',
      doc: '---\nclausemark:\ntitle:\nparties:\nsources:\nbibliography:\nimports:\n---\n',
      problems: [],
      check: (fm) => expect(fm).toEqual({ span: { start: 0, end: 67 }, parties: [], sources: [], bibliography: [], imports: [] }),
    },
    {
      name: 'empty front matter',
      doc: '---\n---\n',
      problems: [],
      check: (fm) => expect(fm).toEqual({ span: { start: 0, end: 7 }, parties: [], sources: [], bibliography: [], imports: [] }),
    },
    {
      name: 'comments only',
      doc: '---\n# nothing here\n---\n',
      problems: [],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { frontMatter, problems } = read(c.doc);
      expectProblems(c.doc, problems, c.problems);
      c.check?.(frontMatter);
    });
  }
});

describe('readFrontMatter: sources', () => {
  test('a map key → CSL item, with exact key, entry and URL spans', () => {
    const doc = [
      '---',
      'sources:',
      '  neowin-2026-03-18:',
      '    title: Microsoft and OpenAI',
      '    publisher: Neowin',
      '    issued: 2026-03-18',
      '    URL: "https://www.neowin.net/news/x"',
      '    author: [{family: Doe, given: Jane}, Staff]',
      '    note: as reported',
      '    volume: 3',
      '  "ft-2026-03":',
      '    container-title: Financial Times',
      '    issued: {date-parts: [[2026, 3]]}',
      '---',
      '',
    ].join('\n');
    const { frontMatter, problems } = read(doc);
    expect(problems).toEqual([]);
    const [neowin, ft] = frontMatter.sources;
    expect(neowin).toEqual({
      key: 'neowin-2026-03-18',
      origin: 'file:///w/doc.clause.md',
      keySpan: { start: 15, end: 32 },
      span: { start: 15, end: 235 },
      title: 'Microsoft and OpenAI',
      publisher: 'Neowin',
      issued: '2026-03-18',
      url: 'https://www.neowin.net/news/x',
      urlSpan: { start: 121, end: 150 },
      authors: [{ family: 'Doe', given: 'Jane' }, { literal: 'Staff' }],
      note: 'as reported',
      fields: { volume: 3 },
    });
    expect(at(doc, neowin!.keySpan)).toBe('neowin-2026-03-18');
    expect(at(doc, neowin!.urlSpan!)).toBe('https://www.neowin.net/news/x');
    expect(at(doc, neowin!.span)).toMatch(/^neowin-2026-03-18:\n[^]*volume: 3$/);
    expect(ft!.key).toBe('ft-2026-03');
    expect(at(doc, ft!.keySpan)).toBe('ft-2026-03');
    expect(ft!.publisher).toBe('Financial Times');
    expect(ft!.containerTitle).toBe('Financial Times');
    expect(ft!.issued).toBe('2026-03');
  });

  test('a CSL list with id; duplicate ids and missing ids are problems', () => {
    const doc = '---\r\nsources:\r\n  - id: a\r\n    title: A\r\n  - id: a\r\n    title: again\r\n  - title: no id\r\n---\r\n';
    const { frontMatter, problems } = read(doc);
    expectProblems(doc, problems, [
      [48, 'a', 'duplicate source key "a": only the first one is read'],
      [73, 'title: no id', 'each source in "sources" needs an "id" (its citation key)'],
    ]);
    expect(frontMatter.sources.map((s) => [s.key, at(doc, s.keySpan), s.title, at(doc, s.span)])).toEqual([
      ['a', 'a', 'A', 'id: a\r\n    title: A'],
    ]);
  });

  const dates: readonly (readonly [string, string | undefined])[] = [
    ['2026-03-18', '2026-03-18'],
    ['"March 2026"', 'March 2026'],
    ['2026', '2026'],
    ['{date-parts: [[2026, 3, 8]]}', '2026-03-08'],
    ['{date-parts: [["2026", "3"]]}', '2026-03'],
    ['{date-parts: [[2025], [2026]]}', '2025/2026'],
    ['{raw: "Spring 2026"}', 'Spring 2026'],
    ['{literal: "n.d."}', 'n.d.'],
    ['[{year: 2026, month: 3}]', '2026-03'],
  ];
  for (const [written, issued] of dates) {
    test(`issued: ${written}`, () => {
      const doc = `---\nsources:\n  k:\n    issued: ${written}\n---\n`;
      const { frontMatter, problems } = read(doc);
      expect(problems).toEqual([]);
      expect(frontMatter.sources[0]!.issued).toBe(issued);
    });
  }

  test('issued, author and title of the wrong kind', () => {
    const doc = '---\nsources:\n  k:\n    issued: {date-parts: [[x]]}\n    author: [42, {given: ""}]\n    title: {a: 1}\n---\n';
    const { frontMatter, problems } = read(doc);
    expectProblems(doc, problems, [
      [30, '{date-parts: [[x]]}', /^"issued" of source "k" must be a date such as 2026-03-18, .*found a map$/],
      [67, '{given: ""}', 'each "author" of source "k" must be a name such as { family, given } or { literal }, found a map'],
      [91, '{a: 1}', '"title" of source "k" must be text, found a map'],
    ]);
    expect(frontMatter.sources[0]!.authors).toEqual([{ literal: '42' }]);
  });

  test('url (lower case) when there is no URL; URL wins over url', () => {
    const lower = read('---\nsources:\n  k:\n    url: http://a\n---\n').frontMatter.sources[0]!;
    expect([lower.url, lower.urlSpan]).toEqual(['http://a', { start: 27, end: 35 }]);
    const both = read('---\nsources:\n  k:\n    url: http://a\n    URL: http://b\n---\n').frontMatter.sources[0]!;
    expect([both.url, both.fields]).toEqual(['http://b', { url: 'http://a' }]);
  });
});

describe('readFrontMatter: never throws, expands no bomb', () => {
  test('an alias bomb gives one problem and is expanded no further', () => {
    const letters = 'abcdefghi';
    let bomb = '---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < letters.length; i++) {
      bomb += `${letters[i]}: &${letters[i]} [${Array(9).fill(`*${letters[i - 1]}`).join(',')}]\n`;
    }
    bomb += 'sources:\n  k:\n    extra: *i\n    more: *i\n---\n';
    const { frontMatter, problems } = read(bomb);
    expect(problems.map((p) => p.message)).toEqual(['value too large (more than 20000 nodes, aliases expanded): the rest of it is not read']);
    expect(at(bomb, problems[0]!.span)).toBe('*i');
    expect(frontMatter.sources.map((s) => s.key)).toEqual(['k']);
  });

  test('deep nesting is refused before parsing', () => {
    const doc = `---\nx: ${'['.repeat(100_000)}\n---\n`;
    const { problems } = read(doc);
    expect(problems).toEqual([{
      code: 'syntax.front-matter',
      span: { start: 207, end: 208 },
      message: 'YAML nested deeper than 200 levels (or indented wider than 400 columns) is not read',
    }]);
  });

  test('deep block nesting is refused too', () => {
    const doc = `---\n${'- '.repeat(1000)}x\n---\n`;
    expect(read(doc).problems.map((p) => p.message)).toEqual([
      'YAML nested deeper than 200 levels (or indented wider than 400 columns) is not read',
    ]);
  });

  test('moderate nesting is read', () => {
    const doc = `---\nx: ${'['.repeat(150)}${']'.repeat(150)}\ntitle: ok\n---\n`;
    expect(read(doc)).toMatchObject({ problems: [], frontMatter: { title: 'ok' } });
  });

  test('binary garbage', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const garbage = Array.from({ length: 50_000 }, () => String.fromCharCode(Math.floor(random() * 0x10000))).join('');
    const result = readFrontMatter(garbage, 4, { start: 0, end: garbage.length + 8 }, 'x');
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.span.start).toBeGreaterThanOrEqual(4);
      expect(problem.span.end).toBeLessThanOrEqual(garbage.length + 4);
    }
  });

  test('control characters and lone surrogates', () => {
    const text = 'title: \u0000\u0001\ud800\nparties: [\udc00]\n';
    expect(() => readFrontMatter(text, 0, { start: 0, end: 0 }, 'x')).not.toThrow();
  });
});
