// Table-driven tests of the `clausemark.json` reader: file text in, configuration and positioned problems out.

import { describe, expect, test } from 'vitest';
import type { Span, SyntaxProblem } from '../../server/src/syntax/model.js';
import { readWorkspaceConfig, type WorkspaceConfig } from '../../server/src/syntax/workspaceConfig.js';

/** The text a span covers. */
const at = (text: string, span: Span): string => text.slice(span.start, span.end);

/** A problem as `[start, text at the span, message]`. */
type ProblemRow = readonly [number, string, string | RegExp];

function expectProblems(text: string, problems: readonly SyntaxProblem[], rows: readonly ProblemRow[]): void {
  expect(problems.map((p) => [p.span.start, at(text, p.span), p.message])).toEqual(
    rows.map(([start, spanText, message]) => [start, spanText, typeof message === 'string' ? message : expect.stringMatching(message)]),
  );
  for (const problem of problems) expect(problem.code).toBe('syntax.config');
}

const EMPTY: WorkspaceConfig = { bibliography: [], imports: [], rules: {}, ruleSpans: {} };

describe('readWorkspaceConfig', () => {
  test('a full configuration, with exact spans', () => {
    const text = [
      '{',
      '  "$schema": "./clausemark.schema.json",',
      '  "bibliography": ["sources.yaml", "refs/library.bib"],',
      '  "imports": "glossary.clause.md",',
      '  "rules": { "term.unused": "off", "cite.incomplete": "warning" },',
      '  "maxFileSize": 2000000',
      '}',
    ].join('\n');
    const { config, problems } = readWorkspaceConfig(text, 'file:///w/clausemark.json');
    expect(problems).toEqual([]);
    expect(config).toEqual({
      bibliography: [{ path: 'sources.yaml', span: { start: 63, end: 75 } }, { path: 'refs/library.bib', span: { start: 79, end: 95 } }],
      imports: [{ path: 'glossary.clause.md', span: { start: 113, end: 131 } }],
      rules: { 'term.unused': 'off', 'cite.incomplete': 'warning' },
      ruleSpans: { 'term.unused': { start: 148, end: 159 }, 'cite.incomplete': { start: 170, end: 185 } },
      maxFileSize: 2_000_000,
    });
    expect(config.bibliography.map((p) => at(text, p.span))).toEqual(['sources.yaml', 'refs/library.bib']);
    expect(at(text, config.imports[0]!.span)).toBe('glossary.clause.md');
    expect(Object.values(config.ruleSpans).map((span) => at(text, span))).toEqual(['term.unused', 'cite.incomplete']);
  });

  test('a byte-order mark and CRLF: offsets count the BOM', () => {
    const text = '\uFEFF{\r\n\t"bibliography": "a.json",\r\n\t"rules": {"ref.broken": "error"}\r\n}\r\n';
    const { config, problems } = readWorkspaceConfig(text, 'x');
    expect(problems).toEqual([]);
    expect(config.bibliography).toEqual([{ path: 'a.json', span: { start: 22, end: 28 } }]);
    expect(at(text, config.ruleSpans['ref.broken']!)).toBe('ref.broken');
    expect(config.rules).toEqual({ 'ref.broken': 'error' });
  });

  test('astral characters before a key', () => {
    const text = '{"imports": ["😀𝒜.clause.md", "b.clause.md"]}';
    const { config } = readWorkspaceConfig(text, 'x');
    expect(config.imports.map((p) => [p.path, p.span.start])).toEqual([['😀𝒜.clause.md', 14], ['b.clause.md', 32]]);
    expect(config.imports.map((p) => at(text, p.span))).toEqual(['😀𝒜.clause.md', 'b.clause.md']);
  });

  const cases: readonly { name: string; text: string; problems: readonly ProblemRow[]; config?: Partial<WorkspaceConfig> }[] = [
    { name: 'an empty file', text: '', problems: [], config: EMPTY },
    { name: 'an empty object', text: '{}', problems: [], config: EMPTY },
    {
      name: 'not an object',
      text: '["a.bib"]',
      problems: [[0, '["a.bib"]', 'clausemark.json must hold an object { "bibliography", "imports", "rules", "maxFileSize" }, found a list']],
      config: EMPTY,
    },
    {
      name: 'paths of the wrong kind',
      text: '{"bibliography": {"a": 1}, "imports": ["ok.clause.md", 2, ""]}',
      problems: [
        [17, '{"a": 1}', '"bibliography" must be a path or a list of paths, found a map'],
        [55, '2', '"imports" must be a path or a list of paths, found the number 2'],
        [59, '', '"imports" must be a path or a list of paths, found an empty path'],
      ],
      config: { bibliography: [], imports: [{ path: 'ok.clause.md', span: { start: 40, end: 52 } }] },
    },
    {
      name: 'rule levels of the wrong kind; the good one survives',
      text: '{"rules": {"term.unused": "warn", "cite.unused": 1, "ref.broken": "error", "x": null}}',
      problems: [
        [27, 'warn', 'rule "term.unused" must be set to one of "off", "hint", "info", "warning", "error", found the text "warn"'],
        [49, '1', 'rule "cite.unused" must be set to one of "off", "hint", "info", "warning", "error", found the number 1'],
        [80, 'null', 'rule "x" must be set to one of "off", "hint", "info", "warning", "error", found nothing'],
      ],
      config: { rules: { 'ref.broken': 'error' } },
    },
    {
      name: 'rules not an object',
      text: '{"rules": ["term.unused"]}',
      problems: [[10, '["term.unused"]', '"rules" must be an object { "<rule-id>": "off" | "hint" | "info" | "warning" | "error" }, found a list']],
    },
    {
      name: 'maxFileSize of the wrong kind',
      text: '{"maxFileSize": "2MB"}',
      problems: [[17, '2MB', '"maxFileSize" must be a positive number, found the text "2MB"']],
      config: EMPTY,
    },
    {
      name: 'maxFileSize zero',
      text: '{"maxFileSize": 0}',
      problems: [[16, '0', '"maxFileSize" must be a positive number, found the number 0']],
    },
    {
      name: 'unknown keys are problems (a typo would otherwise pass silently)',
      text: '{"bibliografy": "a.bib"}',
      problems: [[2, 'bibliografy', 'unknown key "bibliografy" in clausemark.json; expected "bibliography", "imports", "rules", "maxFileSize"']],
    },
    {
      name: 'duplicate keys: the first is read',
      text: '{"imports": "a.clause.md", "imports": "b.clause.md"}',
      problems: [[28, 'imports', 'duplicate key "imports": only the first one is read']],
      config: { imports: [{ path: 'a.clause.md', span: { start: 13, end: 24 } }] },
    },
    {
      name: 'a JSON syntax error at its own position; what was read survives',
      text: '{\n  "imports": "a.clause.md",\n  "rules": {"term.unused": "off",}\n  "maxFileSize": 10\n}',
      problems: [[67, '"', 'invalid JSON: Missing , between flow map items']],
      config: { imports: [{ path: 'a.clause.md', span: { start: 16, end: 27 } }], rules: { 'term.unused': 'off' }, maxFileSize: 10 },
    },
    {
      name: 'an unterminated object',
      text: '{"imports": "a.clause.md"',
      problems: [[25, '', /^invalid JSON: /]],
    },
    {
      name: 'deep nesting is refused',
      text: `{"rules": ${'['.repeat(10_000)}}`,
      problems: [[209, '[', 'JSON nested deeper than 200 levels (or indented wider than 400 columns) is not read']],
      config: EMPTY,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { config, problems } = readWorkspaceConfig(c.text, 'x');
      expectProblems(c.text, problems, c.problems);
      if (c.config !== undefined) expect(config).toMatchObject(c.config);
    });
  }

  test('an alias bomb written in YAML syntax does not expand', () => {
    const letters = 'abcdefghi';
    let text = '{"x": [&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]';
    for (let i = 1; i < letters.length; i++) text += `, &${letters[i]} [${Array(9).fill(`*${letters[i - 1]}`).join(',')}]`;
    text += '], "bibliography": *i}';
    const { config, problems } = readWorkspaceConfig(text, 'x');
    expect(config.bibliography).toEqual([]);
    // `*i` is a list of nine `*h` lists: each item is one problem, at the alias as written; nothing is expanded further.
    expect(problems.map((p) => [at(text, p.span), p.message])).toEqual([
      ['x', 'unknown key "x" in clausemark.json; expected "bibliography", "imports", "rules", "maxFileSize"'],
      ...Array(9).fill(['*h', '"bibliography" must be a path or a list of paths, found a list']),
    ]);
  });

  test('binary garbage never throws', () => {
    let seed = 3;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const text = Array.from({ length: 50_000 }, () => String.fromCharCode(Math.floor(random() * 0x10000))).join('');
    const { problems } = readWorkspaceConfig(text, 'x');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem.span.end).toBeLessThanOrEqual(text.length);
  });
});
