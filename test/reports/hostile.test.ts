// Reports of a document full of hostile strings (`<script>`, `<img onerror>`, `javascript:` URLs, spreadsheet
// formulas) in terms, titles, parties, positions, source titles and URLs: every rendering must keep them inert.
// HTML and SVG are scanned tag by tag, Markdown for raw tags and unsafe link destinations, CSV cell by cell.

import { describe, expect, it } from 'vitest';
import { buildReport, FORMATS_OF, renderReport, type ReportKindOrAll } from '../../server/src/language/reports/index.js';
import { memoryWorkspace } from '../helpers/workspace.js';
import { parseCsv, unsafeMarkup } from './helpers.js';

const FORMULA = `=cmd|' /C calc'!A0`;

const HOSTILE = `---
clausemark: 1
title: <script>alert("title")</script>
parties:
  - name: <img src=x onerror=alert(1)>
  - name: OpenAI
  - name: "${FORMULA}"
sources:
  evil:
    title: <script>alert("source")</script><img src=x onerror=alert(2)>
    URL: javascript:alert(1)
    publisher: "${FORMULA}"
    issued: "2026"
  quote:
    title: "@SUM(1+1)*cmd|' /C calc'!A0"
    URL: https://example.com/?q="><script>alert(3)</script>
    issued: "+2026"
  data:
    title: "-2+3"
    URL: "data:text/html,<script>alert(13)</script>"
---

# Definitions

"${FORMULA}" means a \\<script\\>alert(4)\\</script\\> term [@evil].

> [!EXPLAIN]
> \\<img src=x onerror=alert(5)\\> and javascript:alert(6)

> [!POSITION \\<img src=x onerror=alert(1)\\>]
> \\<script\\>alert(7)\\</script\\> [@quote]

> [!POSITION ${FORMULA}]
> formula party [@data]

> [!POSITION OpenAI]
> it is \\<b onmouseover=alert(8)\\>bold\\</b\\> and <i onclick=alert(15)>raw</i> [@evil]

"\\<img src=x onerror=alert(9)\\>" means the ${FORMULA} of a [[<script>alert(10)</script>]] [@nowhere].

# 1. \\<script\\>alert(11)\\</script\\> {#x}

See [[@cmd|' /C calc'!A0]] and Section 9 and [x](javascript:alert(12)) and [y](#"><img src=x onerror=alert(14)>).
`;

const KINDS = Object.keys(FORMATS_OF) as ReportKindOrAll[];

function renderAll(): Map<string, string> {
  const { index, uri } = memoryWorkspace(HOSTILE);
  const out = new Map<string, string>();
  for (const kind of KINDS) {
    const data = buildReport(kind, index, [uri]);
    for (const format of FORMATS_OF[kind]) {
      const result = renderReport(kind, format, data);
      if (!result.ok) throw new Error(result.error);
      out.set(`${kind}.${format}`, result.text);
    }
  }
  return out;
}

describe('hostile strings', () => {
  const outputs = renderAll();

  it('reach the reports (the test would prove nothing otherwise)', () => {
    const terms = outputs.get('terms.json')!;
    expect(terms).toContain(FORMULA);
    expect(terms).toContain('<img src=x onerror=alert(9)>');
    expect(terms).toContain('<script>alert(10)</script>');
    const sources = outputs.get('sources.json')!;
    expect(sources).toContain('javascript:alert(1)');
    expect(sources).toContain('<script>alert(\\"source\\")</script>');
    const disputes = outputs.get('disputes.json')!;
    expect(disputes).toContain('"party": "<img src=x onerror=alert(1)>"');
    expect(disputes).toContain('<script>alert(7)</script>');
    expect(outputs.get('clauses.json')!).toContain('<script>alert(11)</script>');
  });

  for (const name of ['terms.html', 'sources.html', 'disputes.html', 'graph.html', 'clauses.html', 'all.html', 'graph.svg']) {
    it(`${name}: no script, no event handler, no style attribute, no link other than http(s)`, () => {
      const text = outputs.get(name)!;
      expect(unsafeMarkup(text)).toEqual([]);
      expect(text).not.toMatch(/javascript:[^<"]*"/i);
      // The strings are there, escaped.
      if (name !== 'graph.svg' && name !== 'graph.html') expect(text).toContain('&lt;script&gt;');
    });
  }

  it('the http(s) URL with quotes and brackets is linked, escaped; javascript: and data: URLs are never linked', () => {
    const html = outputs.get('sources.html')!;
    expect(html).toContain('href="https://example.com/?q=%22%3E%3Cscript%3Ealert(3)%3C/script%3E"');
    expect(html).not.toMatch(/href="(?:javascript|data):/i);
    expect(html).toContain('<span class="cm-key">javascript:alert(1)</span>');
  });

  it('the page forbids scripts and every external resource by policy too', () => {
    const html = outputs.get('all.html')!;
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`);
    expect(html.match(/<style[\s>]/g)).toHaveLength(1);
  });

  for (const name of ['terms.md', 'sources.md', 'disputes.md', 'graph.md', 'clauses.md', 'all.md']) {
    it(`${name}: no raw HTML from the document, no link to anything but http(s)`, () => {
      const text = outputs.get(name)!;
      // The only tags are the renderer's own line breaks; `<https://…>` is a link destination.
      expect([...text.matchAll(/<(?!br>|https?:\/\/)[^\s>]*/g)].map((m) => m[0])).toEqual([]);
      for (const link of text.matchAll(/\]\(<?([^)>\s]*)/g)) expect(link[1]).toMatch(/^https?:\/\//);
      expect(text).toContain('&lt;script&gt;');
    });
  }

  it('CSV cells that a spreadsheet would run as formulas start with a quote', () => {
    for (const name of ['terms.csv', 'sources.csv']) {
      const rows = parseCsv(outputs.get(name)!);
      const width = rows[0]!.length;
      for (const row of rows) expect(row).toHaveLength(width);
      const cells = rows.flat();
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c)), name).toEqual([]);
    }
    const terms = parseCsv(outputs.get('terms.csv')!);
    expect(terms.map((r) => r[0])).toContain(`'${FORMULA}`);
    const sources = parseCsv(outputs.get('sources.csv')!);
    const evil = sources.find((r) => r[0] === 'evil')!;
    expect(evil[3]).toBe(`'${FORMULA}`);
    expect(sources.find((r) => r[0] === 'quote')![1]).toBe(`'@SUM(1+1)*cmd|' /C calc'!A0`);
    expect(sources.find((r) => r[0] === 'data')![1]).toBe(`'-2+3`);
  });
});
