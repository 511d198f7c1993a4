// Table-driven tests of the `[[term link]]` / `[@citation]` micromark extension: each case is Markdown in, nodes with offsets out.
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Processor } from 'unified';
import type { Code, Effects, State } from 'micromark-util-types';
import { describe, expect, it } from 'vitest';
import type { CitationNode, InlinePoint, InlinePosition, TermLinkNode } from '../../server/src/syntax/inlineFromMarkdown.js';
import { remarkClauseInline } from '../../server/src/syntax/remarkClauseInline.js';

type SpanTuple = readonly [number, number];

/** What a test expects of a term link: offsets as `[start, end]`. */
interface TermLinkExpectation {
  termLink: SpanTuple;
  target: string;
  targetSpan: SpanTuple;
  shown?: string;
  shownSpan?: SpanTuple;
}

/** What a test expects of a citation and its items. */
interface CitationExpectation {
  citation: SpanTuple;
  value: string;
  items: { prefix: string; key: string; keySpan: SpanTuple; locator: string; suppressAuthor: boolean }[];
}

type Expected = TermLinkExpectation | CitationExpectation;

interface Case {
  name: string;
  input: string;
  nodes: Expected[];
  /** The concatenated values of all `text` nodes, when the case is about what stays text. */
  text?: string;
}

function parse(input: string) {
  return unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkClauseInline).parse(input);
}

type AnyNode = { type: string; value?: unknown; children?: AnyNode[] };

function walk(node: AnyNode, visit: (node: AnyNode) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

function inlineNodes(tree: AnyNode): (TermLinkNode | CitationNode)[] {
  const found: (TermLinkNode | CitationNode)[] = [];
  walk(tree, (node) => {
    if (node.type === 'termLink' || node.type === 'citation') found.push(node as TermLinkNode | CitationNode);
  });
  return found;
}

function textOf(tree: AnyNode): string {
  let text = '';
  walk(tree, (node) => {
    if (node.type === 'text' && typeof node.value === 'string') text += node.value;
  });
  return text;
}

const span = (p: InlinePosition): SpanTuple => [p.start.offset, p.end.offset];

function simplify(node: TermLinkNode | CitationNode): Expected {
  if (node.type === 'citation') {
    return {
      citation: span(node.position),
      value: node.value,
      items: node.items.map((item) => ({
        prefix: item.prefix,
        key: item.key,
        keySpan: span(item.keyPosition),
        locator: item.locator,
        suppressAuthor: item.suppressAuthor,
      })),
    };
  }
  const simple: TermLinkExpectation = { termLink: span(node.position), target: node.target, targetSpan: span(node.targetPosition) };
  if (node.shown !== undefined) simple.shown = node.shown;
  if (node.shownPosition) simple.shownSpan = span(node.shownPosition);
  return simple;
}

/** Line and column of an offset, counting CRLF, CR and LF as one line ending each. */
function lineColumn(text: string, offset: number): InlinePoint {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** Every position of every node: line and column agree with the offset. */
function positionsOf(node: TermLinkNode | CitationNode): InlinePosition[] {
  if (node.type === 'citation') return [node.position, ...node.items.map((item) => item.keyPosition)];
  return [node.position, node.targetPosition, ...(node.shownPosition ? [node.shownPosition] : [])];
}

const tl = (termLink: SpanTuple, target: string, targetSpan: SpanTuple, shown?: string, shownSpan?: SpanTuple): TermLinkExpectation =>
  shown === undefined ? { termLink, target, targetSpan } : { termLink, target, targetSpan, shown, shownSpan: shownSpan ?? [0, 0] };

const item = (key: string, keySpan: SpanTuple, more: { prefix?: string; locator?: string; suppressAuthor?: boolean } = {}) => ({
  prefix: more.prefix ?? '',
  key,
  keySpan,
  locator: more.locator ?? '',
  suppressAuthor: more.suppressAuthor ?? false,
});

const cite = (citation: SpanTuple, value: string, ...items: CitationExpectation['items']): CitationExpectation => ({ citation, value, items });

const termLinkCases: Case[] = [
  { name: 'plain term link', input: 'a [[Term]] b', nodes: [tl([2, 10], 'Term', [4, 8])] },
  {
    name: 'target then shown text (Obsidian order)',
    input: 'makes [[Stateless API Call|stateless calls]].',
    nodes: [tl([6, 44], 'Stateless API Call', [8, 26], 'stateless calls', [27, 42])],
  },
  { name: 'target and shown text are trimmed', input: '[[  Term\t| shown text  ]]', nodes: [tl([0, 25], 'Term', [4, 8], 'shown text', [11, 21])] },
  {
    name: 'escaped pipe in a GFM table cell',
    input: '| a | b |\n|---|---|\n| [[Term\\|shown]] | x |',
    nodes: [tl([22, 37], 'Term', [24, 28], 'shown', [30, 35])],
  },
  {
    name: 'an unescaped pipe in a table cell splits the cell first (GFM), so no term link',
    input: '| a |\n|---|\n| [[Term|shown]] |',
    nodes: [],
    text: 'a[[Termshown]]',
  },
  { name: 'escaped pipe outside a table divides too', input: '[[Term\\|shown]]', nodes: [tl([0, 15], 'Term', [2, 6], 'shown', [8, 13])] },
  { name: 'a second pipe belongs to the shown text', input: '[[a|b|c]]', nodes: [tl([0, 9], 'a', [2, 3], 'b|c', [4, 7])] },
  {
    name: 'wins over a link reference definition',
    input: 'see [[Term]].\n\n[Term]: http://x',
    nodes: [tl([4, 12], 'Term', [6, 10])],
  },
  { name: 'a following link destination does not stop it', input: '[[Term]](url)', nodes: [tl([0, 8], 'Term', [2, 6])], text: '(url)' },
  { name: 'escaped opening bracket', input: '\\[[x]]', nodes: [], text: '[[x]]' },
  { name: 'empty target', input: 'a [[]] b', nodes: [], text: 'a [[]] b' },
  { name: 'blank target', input: '[[  ]]', nodes: [], text: '[[  ]]' },
  { name: 'empty target before a pipe', input: '[[|shown]]', nodes: [], text: '[[|shown]]' },
  { name: 'empty shown text', input: '[[Term| ]]', nodes: [], text: '[[Term| ]]' },
  { name: 'no line ending in the target', input: '[[Stateless\nAPI Call]]', nodes: [], text: '[[Stateless\nAPI Call]]' },
  {
    name: 'shown text may wrap',
    input: 'x [[Term|shown\ntext]] y',
    nodes: [tl([2, 21], 'Term', [4, 8], 'shown\ntext', [9, 19])],
  },
  {
    name: 'shown text wraps inside a block quote (value drops the prefix, positions do not)',
    input: '> x [[Term|shown\n> text]] y',
    nodes: [tl([4, 25], 'Term', [6, 10], 'shown\ntext', [11, 23])],
  },
  { name: 'unclosed', input: 'a [[Term b', nodes: [], text: 'a [[Term b' },
  { name: 'unclosed at a line end', input: '[[Term\nrest]]', nodes: [], text: '[[Term\nrest]]' },
  { name: 'single closing bracket', input: '[[a]b]]', nodes: [], text: '[[a]b]]' },
  {
    name: 'nested: the inner one is the term link, the outer brackets stay text',
    input: '[[a [[b]]]]',
    nodes: [tl([4, 9], 'b', [6, 7])],
    text: '[[a ]]',
  },
  { name: 'inside inline code', input: '`[[Term]]`', nodes: [], text: '' },
  { name: 'inside a link text', input: '[see [[Term]]](#x)', nodes: [tl([5, 13], 'Term', [7, 11])], text: 'see ' },
  {
    name: 'after astral characters (UTF-16 offsets)',
    input: '😀😀 [[Term|𝒳]]',
    nodes: [tl([5, 16], 'Term', [7, 11], '𝒳', [12, 14])],
  },
  { name: 'CRLF before it', input: 'a\r\nb [[Term]]', nodes: [tl([5, 13], 'Term', [7, 11])] },
  { name: 'in a heading', input: '## 1.1 [[Term]]', nodes: [tl([7, 15], 'Term', [9, 13])] },
];

const citationCases: Case[] = [
  { name: 'one key', input: 'x [@key].', nodes: [cite([2, 8], '[@key]', item('key', [4, 7]))] },
  { name: 'key and locator', input: '[@key, p. 3]', nodes: [cite([0, 12], '[@key, p. 3]', item('key', [2, 5], { locator: 'p. 3' }))] },
  {
    name: 'prefix and locator',
    input: '[see @key, art. 6(1)(f)]',
    nodes: [cite([0, 24], '[see @key, art. 6(1)(f)]', item('key', [6, 9], { prefix: 'see', locator: 'art. 6(1)(f)' }))],
  },
  { name: 'locator without comma', input: '[@key p. 3]', nodes: [cite([0, 11], '[@key p. 3]', item('key', [2, 5], { locator: 'p. 3' }))] },
  { name: 'two items', input: '[@a; @b]', nodes: [cite([0, 8], '[@a; @b]', item('a', [2, 3]), item('b', [6, 7]))] },
  { name: 'items without spaces', input: '[@a;@b]', nodes: [cite([0, 7], '[@a;@b]', item('a', [2, 3]), item('b', [5, 6]))] },
  { name: 'suppress author', input: '[-@key]', nodes: [cite([0, 7], '[-@key]', item('key', [3, 6], { suppressAuthor: true }))] },
  {
    name: 'mixed items',
    input: '[see -@smith2020, p. 3; also @doe99, art. 5(2)]',
    nodes: [
      cite(
        [0, 47],
        '[see -@smith2020, p. 3; also @doe99, art. 5(2)]',
        item('smith2020', [7, 16], { prefix: 'see', locator: 'p. 3', suppressAuthor: true }),
        item('doe99', [30, 35], { prefix: 'also', locator: 'art. 5(2)' }),
      ),
    ],
  },
  {
    name: 'key punctuation inside, not at the end',
    input: '[@doi:10.1000/xyz.] [@smith-jones_2020.a]',
    nodes: [
      cite([0, 19], '[@doi:10.1000/xyz.]', item('doi:10.1000/xyz', [2, 17], { locator: '.' })),
      cite([20, 41], '[@smith-jones_2020.a]', item('smith-jones_2020.a', [22, 40])),
    ],
  },
  { name: 'key ending in underscore', input: '[@_key_]', nodes: [cite([0, 8], '[@_key_]', item('_key_', [2, 7]))] },
  { name: 'punctuation before punctuation ends the key', input: '[@a..b]', nodes: [cite([0, 7], '[@a..b]', item('a', [2, 3], { locator: '..b' }))] },
  { name: 'non-ASCII letters in a key', input: '[@müller2020]', nodes: [cite([0, 13], '[@müller2020]', item('müller2020', [2, 12]))] },
  { name: 'at-sign later in the locator', input: '[@a, see @b]', nodes: [cite([0, 12], '[@a, see @b]', item('a', [2, 3], { locator: 'see @b' }))] },
  { name: 'a lone at-sign in the prefix', input: '[mail @ me, @key]', nodes: [cite([0, 17], '[mail @ me, @key]', item('key', [13, 16], { prefix: 'mail @ me,' }))] },
  {
    name: 'emphasis in the prefix does not split it',
    input: '[see *Smith*, @key, p. 3]',
    nodes: [cite([0, 25], '[see *Smith*, @key, p. 3]', item('key', [15, 18], { prefix: 'see *Smith*,', locator: 'p. 3' }))],
  },
  {
    name: 'emphasis in the locator does not split it',
    input: '[@key, *passim*]',
    nodes: [cite([0, 16], '[@key, *passim*]', item('key', [2, 5], { locator: '*passim*' }))],
  },
  {
    name: 'a bare URL in the locator stays in the citation',
    input: '[see @key, https://example.com/a]',
    nodes: [cite([0, 33], '[see @key, https://example.com/a]', item('key', [6, 9], { prefix: 'see', locator: 'https://example.com/a' }))],
  },
  {
    name: 'wraps lines',
    input: 'x [see\n@wrapped, p.\n4] y',
    nodes: [cite([2, 22], '[see\n@wrapped, p.\n4]', item('wrapped', [8, 15], { prefix: 'see', locator: 'p.\n4' }))],
  },
  {
    name: 'wraps lines with CRLF',
    input: 'x [see\r\n@wrapped, p.\r\n4] y',
    nodes: [cite([2, 24], '[see\r\n@wrapped, p.\r\n4]', item('wrapped', [9, 16], { prefix: 'see', locator: 'p.\r\n4' }))],
  },
  {
    name: 'wraps lines inside a block quote (value drops the prefixes, positions do not)',
    input: '> lazy [@q2;\r\n> @q3, p.\r\n> 4]',
    nodes: [cite([7, 29], '[@q2;\r\n@q3, p.\r\n4]', item('q2', [9, 11]), item('q3', [17, 19], { locator: 'p.\r\n4' }))],
  },
  {
    name: 'in a callout',
    input: '> [!POSITION Microsoft]\n> Every workload [@ft-2026-03].',
    nodes: [cite([41, 54], '[@ft-2026-03]', item('ft-2026-03', [43, 53]))],
  },
  {
    name: 'in a table cell',
    input: '| a |\n|---|\n| [@tbl, p. 1] |',
    nodes: [cite([14, 26], '[@tbl, p. 1]', item('tbl', [16, 19], { locator: 'p. 1' }))],
  },
  {
    name: 'after front matter that holds brackets',
    input: '---\ntitle: "[@no]"\n---\n\nText [@key].',
    nodes: [cite([29, 35], '[@key]', item('key', [31, 34]))],
  },
  { name: 'after astral characters (UTF-16 offsets)', input: '😀 [@key]', nodes: [cite([3, 9], '[@key]', item('key', [5, 8]))] },
  { name: 'a space before a parenthesis keeps it', input: '[@x] (y)', nodes: [cite([0, 4], '[@x]', item('x', [2, 3]))] },
  { name: 'after a task-list checkbox', input: '- [x] done [@key]', nodes: [cite([11, 17], '[@key]', item('key', [13, 16]))], text: 'done ' },
  { name: 'e-mail address', input: '[mail a@b.com]', nodes: [], text: '[mail a@b.com]' },
  { name: 'dash-at not at a boundary', input: '[see-@key]', nodes: [], text: '[see-@key]' },
  { name: 'inline link stays a link', input: '[@x](url)', nodes: [], text: '@x' },
  { name: 'reference link stays a link', input: '[@x][ref]\n\n[ref]: http://y', nodes: [], text: '@x' },
  { name: 'escaped bracket', input: '\\[@key]', nodes: [], text: '[@key]' },
  { name: 'inside inline code', input: '`[@x]`', nodes: [], text: '' },
  { name: 'no key', input: '[@]', nodes: [], text: '[@]' },
  { name: 'an item without a key', input: '[@a; see]', nodes: [], text: '[@a; see]' },
  { name: 'an empty last item', input: '[@a;]', nodes: [], text: '[@a;]' },
  { name: 'plain brackets', input: '[text]', nodes: [], text: '[text]' },
  { name: 'unclosed', input: 'see [@key, p. 3', nodes: [], text: 'see [@key, p. 3' },
  { name: 'unclosed before a blank line', input: '[see\n@key\n\nnext]', nodes: [], text: '[see\n@keynext]' },
  { name: 'a bracket inside', input: '[see [x] @key]', nodes: [], text: '[see [x] @key]' },
  {
    name: 'next to a term link',
    input: '[[Term]] [@key]',
    nodes: [tl([0, 8], 'Term', [2, 6]), cite([9, 15], '[@key]', item('key', [11, 14]))],
  },
];

/** Long lines of unclosed openers: must finish (the tokenizer is linear; no timing asserted). */
const pathologicalCases: { name: string; input: string; termLinks: number; citations: number; items?: number }[] = [
  { name: '10,000 × [[', input: '[['.repeat(10_000), termLinks: 0, citations: 0 },
  { name: '10,000 × [@', input: '[@'.repeat(10_000), termLinks: 0, citations: 0 },
  { name: '10,000 × [[a|', input: '[[a|'.repeat(10_000), termLinks: 0, citations: 0 },
  { name: '2,000 × [see @a; ', input: '[see @a; '.repeat(2_000), termLinks: 0, citations: 0 },
  { name: '10,000 × [[ then one term link', input: `${'[['.repeat(10_000)}Term]]`, termLinks: 1, citations: 0 },
  { name: 'one citation of 10,000 items', input: `[@a${'; @a'.repeat(9_999)}]`, termLinks: 0, citations: 1, items: 10_000 },
];

function check(c: Case): void {
  const tree = parse(c.input) as AnyNode;
  const nodes = inlineNodes(tree);
  expect(nodes.map(simplify)).toEqual(c.nodes);
  for (const node of nodes) {
    for (const p of positionsOf(node)) {
      expect(p.start).toEqual(lineColumn(c.input, p.start.offset));
      expect(p.end).toEqual(lineColumn(c.input, p.end.offset));
    }
    if (node.type === 'termLink') expect(c.input.slice(node.targetPosition.start.offset, node.targetPosition.end.offset)).toBe(node.target);
    else for (const it of node.items) expect(c.input.slice(it.keyPosition.start.offset, it.keyPosition.end.offset)).toBe(it.key);
  }
  if (c.text !== undefined) expect(textOf(tree)).toBe(c.text);
}

describe('term links', () => {
  it.each(termLinkCases)('$name', check);
});

describe('citations', () => {
  it.each(citationCases)('$name', check);
});

describe('node shapes', () => {
  it('gives a term link its exact positions', () => {
    const [node] = inlineNodes(parse('a\n[[Term|shown]]') as AnyNode);
    expect(node).toEqual({
      type: 'termLink',
      target: 'Term',
      shown: 'shown',
      targetPosition: { start: { line: 2, column: 3, offset: 4 }, end: { line: 2, column: 7, offset: 8 } },
      shownPosition: { start: { line: 2, column: 8, offset: 9 }, end: { line: 2, column: 13, offset: 14 } },
      position: { start: { line: 2, column: 1, offset: 2 }, end: { line: 2, column: 15, offset: 16 } },
    });
  });

  it('gives a citation its exact positions', () => {
    const [node] = inlineNodes(parse('a\n[see @key, p. 3]') as AnyNode);
    expect(node).toEqual({
      type: 'citation',
      value: '[see @key, p. 3]',
      items: [
        {
          prefix: 'see',
          key: 'key',
          keyPosition: { start: { line: 2, column: 7, offset: 8 }, end: { line: 2, column: 10, offset: 11 } },
          locator: 'p. 3',
          suppressAuthor: false,
        },
      ],
      position: { start: { line: 2, column: 1, offset: 2 }, end: { line: 2, column: 17, offset: 18 } },
    });
  });
});

describe('pathological input', () => {
  it.each(pathologicalCases)('$name', ({ input, termLinks, citations, items }) => {
    const nodes = inlineNodes(parse(input) as AnyNode);
    expect(nodes.filter((n) => n.type === 'termLink')).toHaveLength(termLinks);
    const found = nodes.filter((n): n is CitationNode => n.type === 'citation');
    expect(found).toHaveLength(citations);
    if (items !== undefined) expect(found[0]?.items).toHaveLength(items);
  });
});

// `npm run test:micromark-dev` sets CLAUSEMARK_MICROMARK_DEV: prove that micromark's assertion build is the one loaded,
// by parsing with a construct that breaks its rules (it consumes without an open token).
describe.runIf(process.env['CLAUSEMARK_MICROMARK_DEV'] === '1')("micromark's development build", () => {
  function brokenPlugin(this: Processor): undefined {
    const tokenize = (effects: Effects, ok: State) => (code: Code) => {
      effects.consume(code);
      return ok;
    };
    (this.data().micromarkExtensions ??= []).push({ text: { [0x25]: { tokenize } } });
  }

  it('is loaded (its assertions fire)', () => {
    expect(() => unified().use(remarkParse).use(brokenPlugin).parse('a % b')).toThrow(/expected last token to be open/);
  });
});
