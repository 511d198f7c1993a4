// Tests of the renderer dispatcher (every kind and format pair, errors as results, the CSP nonce) and of the escape
// functions every renderer goes through: HTML escaping, http(s)-only URLs, CSV cells, and Markdown escaping, checked
// by parsing the output with remark (GFM) on seeded random strings.

import fc from 'fast-check';
import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { csvCell, csvTable, escapeHtml, escapeMarkdown, html, markdownLink, safeUrl } from '../../server/src/language/reports/escape.js';
import { buildReport, FORMATS_OF, renderReport, REPORT_FORMATS, type ReportData, type ReportFormat, type ReportKindOrAll } from '../../server/src/language/reports/index.js';
import { memoryWorkspace } from '../helpers/workspace.js';
import { parseCsv } from './helpers.js';

const KINDS = Object.keys(FORMATS_OF) as ReportKindOrAll[];

describe('renderReport', () => {
  const { index, uri } = memoryWorkspace('"Agent" means a program.\n\n# 1. Scope\n\nEach Agent acts alone.\n');
  const data = new Map(KINDS.map((kind) => [kind, buildReport(kind, index, [uri])]));

  it('renders exactly the pairs FORMATS_OF lists, and answers the others with an error result', () => {
    const table = KINDS.map((kind) => `${kind}: ${REPORT_FORMATS.map((f) => (renderReport(kind, f, data.get(kind)!).ok ? f : '-')).join(' ')}`);
    expect(table).toEqual([
      'terms: md html json csv -',
      'sources: md html json csv -',
      'disputes: md html json - -',
      'graph: md html json - svg',
      'clauses: md html json - -',
      'all: md html json - -',
    ]);
    expect(renderReport('disputes', 'csv', data.get('disputes')!)).toEqual({ ok: false, error: 'The disputes report has no csv rendering: expected one of md, html, json' });
    expect(renderReport('terms', 'svg', data.get('terms')!)).toEqual({ ok: false, error: 'The terms report has no svg rendering: expected one of md, html, json, csv' });
  });

  it('refuses data of another kind, unknown kinds and formats, and a nonce that is not base64, without throwing', () => {
    expect(renderReport('terms', 'md', data.get('graph')!)).toEqual({ ok: false, error: 'The data is a graph report, not a terms report' });
    expect(renderReport('timeline' as ReportKindOrAll, 'md', data.get('terms')!)).toMatchObject({ ok: false, error: expect.stringContaining('Unknown report kind "timeline"') });
    expect(renderReport('terms', 'pdf' as ReportFormat, data.get('terms')!)).toMatchObject({ ok: false, error: expect.stringContaining('Unknown format "pdf"') });
    expect(renderReport('constructor' as ReportKindOrAll, 'md', data.get('terms')!)).toMatchObject({ ok: false });
    expect(renderReport('terms', 'md', undefined as unknown as ReportData)).toMatchObject({ ok: false });
    expect(renderReport('terms', 'html', data.get('terms')!, { nonce: `abc'; script-src *` })).toMatchObject({ ok: false });
  });

  it('gives the media type and extension of each format', () => {
    const types = KINDS.flatMap((kind) => FORMATS_OF[kind].map((f) => renderReport(kind, f, data.get(kind)!))).map((r) => (r.ok ? `${r.extension} ${r.mediaType}` : ''));
    expect([...new Set(types)].sort()).toEqual([
      'csv text/csv; charset=utf-8; header=present',
      'html text/html; charset=utf-8',
      'json application/json',
      'md text/markdown; charset=utf-8',
      'svg image/svg+xml',
    ]);
  });

  it('with a nonce, the page allows its one style element by nonce only (a webview CSP)', () => {
    const nonce = 'r4nd0mN0nceV4lue+/=';
    const result = renderReport('all', 'html', data.get('all')!, { nonce });
    if (!result.ok) throw new Error(result.error);
    expect(result.text).toContain(`content="default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'"`);
    expect(result.text).toContain(`<style nonce="${nonce}">`);
    expect(result.text).not.toContain('unsafe-inline');
    expect(result.text.match(/<style[\s>]/g)).toHaveLength(1);
  });

  it('every page holds the sections of its report; the all page holds every report once', () => {
    const all = renderReport('all', 'html', data.get('all')!);
    expect(all.ok && [...all.text.matchAll(/<section id="(\w+)"/g)].map((m) => m[1])).toEqual(['terms', 'sources', 'disputes', 'graph', 'clauses']);
    const graph = renderReport('graph', 'html', data.get('graph')!);
    expect(graph.ok && graph.text).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="cm-graph"/);
  });
});

describe('escapeHtml and the html tag', () => {
  it('escapes the five characters, and nothing is lost', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(e.replace(/&(lt|gt|quot|#39|amp);/g, (_, n: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[n]!)).toBe(s);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('escapes every interpolated string and keeps fragments', () => {
    const evil = '"><script>alert(1)</script>';
    expect(html`<p title="${evil}">${evil}${html`<b>${evil}</b>`}${[html`<i>1</i>`, html`<i>2</i>`]}${undefined}${false}${3}</p>`.html).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;<b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b><i>1</i><i>2</i>3</p>',
    );
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://example.com/a b?q="x"', 'https://example.com/a%20b?q=%22x%22'],
    ['  HTTP://Example.com  ', 'http://example.com/'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    [' javascript:alert(1)', undefined],
    ['java\tscript:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['vbscript:msgbox', undefined],
    ['file:///etc/passwd', undefined],
    ['//evil.example/x', undefined],
    ['/relative/path', undefined],
    ['https://', undefined],
    ['https:evil.example', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j gives %j', (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });
});

describe('CSV', () => {
  it.each([
    ['=cmd|\' /C calc\'!A0', `'=cmd|' /C calc'!A0`],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['＝1', `'＝1`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=a,"b"', `"'=a,""b"""`],
    [' padded ', '" padded "'],
    [3, '3'],
    [true, 'yes'],
    [false, 'no'],
    [undefined, ''],
  ] as const)('%j is written %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('a table reads back as written, CRLF line ends, every formula guarded (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 3, maxLength: 3 }), { maxLength: 5 }), (rows) => {
        const text = csvTable(['a', 'b', 'c'], rows);
        const back = parseCsv(text);
        expect(back).toEqual([['a', 'b', 'c'], ...rows.map((r) => r.map((c) => (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(c) ? `'${c}` : c)))]);
      }),
      { seed: 4180, numRuns: 300 },
    );
  });
});

describe('escapeMarkdown', () => {
  const parse = unified().use(remarkParse).use(remarkGfm);
  const textOf = (node: RootContent | Root): string =>
    'value' in node && typeof node.value === 'string' ? node.value : 'children' in node ? (node.children as RootContent[]).map(textOf).join('') : '';
  const kinds = (node: RootContent | Root): string[] => ('children' in node ? (node.children as RootContent[]).flatMap((c) => [c.type, ...kinds(c)]) : []);
  /** GFM's autolinks (found in the decoded text, as in the document itself) may only be http(s) or mailto. */
  const links = (node: RootContent | Root): string[] =>
    'children' in node ? (node.children as RootContent[]).flatMap((c) => [...(c.type === 'link' ? [c.url] : []), ...links(c)]) : [];
  const safeLinks = (tree: Root) => expect(links(tree).filter((url) => !/^(?:https?:\/\/|mailto:)/.test(url))).toEqual([]);
  const markdownish = fc.string({
    unit: fc.constantFrom(...'<>&*_`[]()!#|~\\-+=.1 aZ:/"\'{}'.split(''), 'javascript:', 'https://x.io', '<script>', '&lt;', '\t', '\n', '1. ', '- ', '> ', '    '),
    maxLength: 40,
  });
  /** Inline text as it must read: line breaks become spaces, runs of spaces stay, ends are trimmed. */
  const expected = (s: string) => s.replace(/\r\n|\r|\n/g, ' ').replace(/^[ \t]+|[ \t]+$/g, '');

  it('a paragraph of escaped text is that text and nothing else: no HTML, link, emphasis, code, list, heading; GFM autolinks http(s) only (property)', () => {
    fc.assert(
      fc.property(markdownish, (s) => {
        const tree = parse.parse(`**Note.** ${escapeMarkdown(s)}`);
        expect(tree.children.map((c) => c.type)).toEqual(['paragraph']);
        safeLinks(tree);
        if (links(tree).length > 0) return;
        expect(kinds(tree.children[0]!).filter((k) => k !== 'text')).toEqual(['strong']);
        expect(textOf(tree)).toBe(`Note. ${expected(s)}`.trimEnd());
      }),
      { seed: 2026, numRuns: 500 },
    );
  });

  it('escaped text starting a block quote or a table cell stays text in it (property)', () => {
    fc.assert(
      fc.property(markdownish, markdownish, (a, b) => {
        const quote = parse.parse(`> ${escapeMarkdown(a)}`);
        const table = parse.parse(`| x | y |\n| --- | --- |\n| ${escapeMarkdown(a) || ' '} | ${escapeMarkdown(b) || ' '} |\n`);
        safeLinks(quote);
        safeLinks(table);
        if (links(quote).length + links(table).length > 0) return;
        expect(kinds(quote).filter((k) => k !== 'text')).toEqual(expected(a) ? ['blockquote', 'paragraph'] : ['blockquote']);
        expect(textOf(quote)).toBe(expected(a));
        const rows = (table.children[0] as { children: { children: RootContent[] }[] }).children;
        expect(rows[1]!.children.map((cell) => textOf(cell))).toEqual([expected(a), expected(b)]);
      }),
      { seed: 4180, numRuns: 500 },
    );
  });

  it('links only http(s) URLs', () => {
    expect(markdownLink('FT', 'https://ft.example/a b')).toBe('[FT](<https://ft.example/a%20b>)');
    expect(markdownLink('[x]', 'javascript:alert(1)')).toBe('\\[x\\]');
    expect(markdownLink('x', 'https://e.example/?a=1&copy=2')).toBe('[x](<https://e.example/?a=1\\&copy=2>)');
  });
});
