// Tests of `clausemark report`: every kind in every format it has, through the command line on the example workspace
// (the reports suite's file snapshots under test/fixtures/reports/, checkout paths replaced), --output and the format its extension
// names, impossible kind/format pairs refused with the dispatcher's message, globs, and hostile file names in HTML.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../server/src/cli/loadWorkspace.js';
import { runCli } from '../../server/src/cli/main.js';
import { buildReport, FORMATS_OF, renderReport, REPORT_FORMATS, REPORT_KINDS, type ReportKindOrAll } from '../../server/src/language/index.js';
import { unsafeMarkup } from '../reports/helpers.js';

const repo = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const EXAMPLE = 'examples/frontier-dispute';
const KINDS = Object.keys(FORMATS_OF) as ReportKindOrAll[];

/** Replaces the checkout's place with fixed names, so that snapshots do not depend on where the repository is. */
function normalize(text: string): string {
  return text.replaceAll(pathToFileURL(join(repo, EXAMPLE)).href, 'file:///example').replaceAll(pathToFileURL(repo).href, 'file:///checkout').replaceAll(repo, '/checkout');
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'clausemark-report-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('clausemark report on the example workspace', () => {
  for (const kind of KINDS) {
    for (const format of FORMATS_OF[kind]) {
      it(`--kind ${kind} --format ${format}`, async () => {
        const result = runCli(['report', EXAMPLE, '--kind', kind, '--format', format], repo);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        if (format === 'json') expect(JSON.parse(result.stdout).kind).toBe(kind);
        if (format === 'html' || format === 'svg') expect(unsafeMarkup(result.stdout)).toEqual([]);
        // The same snapshot as the reports suite: the command line prints exactly what the facade renders.
        await expect(normalize(result.stdout)).toMatchFileSnapshot(`../fixtures/reports/${kind}.${format}`);
      });
    }
  }

  it('prints what the facade renders, byte for byte', () => {
    const { index, documents } = loadWorkspace([EXAMPLE], repo);
    for (const [kind, format] of [['terms', 'csv'], ['graph', 'svg'], ['all', 'html']] as const) {
      const rendered = renderReport(kind, format, buildReport(kind, index, documents));
      expect(rendered.ok && rendered.text).toBe(runCli(['report', EXAMPLE, '--kind', kind, '--format', format], repo).stdout);
    }
  });

  it('HTML of all holds every report; the graph comes as SVG and as JSON', () => {
    const html = runCli(['report', EXAMPLE, '--kind', 'all', '--format', 'html'], repo).stdout;
    for (const kind of REPORT_KINDS) expect(html).toContain(`<section id="${kind}" class="cm-section">`);
    const svg = runCli(['report', EXAMPLE, '--kind', 'graph', '--format', 'svg'], repo).stdout;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    const graph = JSON.parse(runCli(['report', EXAMPLE, '--kind', 'graph', '--format', 'json'], repo).stdout);
    expect(graph.nodes.map((n: { name: string }) => n.name)).toContain('Stateless API Call');
    expect(graph.edges.length).toBeGreaterThan(0);
  });

  it('defaults to every report as Markdown', () => {
    expect(runCli(['report', EXAMPLE], repo).stdout).toBe(runCli(['report', EXAMPLE, '--kind', 'all', '--format', 'md'], repo).stdout);
  });
});

describe('--output', () => {
  it('writes the file instead of standard output, in the format its extension names unless --format says otherwise', () => {
    const dir = folder({});
    const csv = join(dir, 'terms.csv');
    expect(runCli(['report', EXAMPLE, '--kind', 'terms', '--output', csv], repo)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(readFileSync(csv, 'utf8')).toBe(runCli(['report', EXAMPLE, '--kind', 'terms', '--format', 'csv'], repo).stdout);
    const page = join(dir, 'page.htm');
    expect(runCli(['report', EXAMPLE, `--output=${page}`], repo).code).toBe(0);
    expect(readFileSync(page, 'utf8')).toBe(runCli(['report', EXAMPLE, '--format', 'html'], repo).stdout);
    const other = join(dir, 'graph.txt');
    expect(runCli(['report', EXAMPLE, '--kind', 'graph', '--format', 'svg', '--output', other], repo).code).toBe(0);
    expect(readFileSync(other, 'utf8')).toMatch(/^<svg /);
  });

  it('exits 2 when the file cannot be written', () => {
    const result = runCli(['report', EXAMPLE, '--output', '/nonexistent-folder/report.md'], repo);
    expect(result).toEqual({ stdout: '', stderr: 'clausemark: Cannot write /nonexistent-folder/report.md: ENOENT\n', code: 2 });
  });

  it('is written by the built command too', () => {
    const dir = folder({});
    const out = join(dir, 'graph.svg');
    const run = spawnSync(process.execPath, [join(repo, 'server/out/cli.js'), 'report', EXAMPLE, '--kind', 'graph', '--output', out], { cwd: repo, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(runCli(['report', EXAMPLE, '--kind', 'graph', '--format', 'svg'], repo).stdout);
  });
});

describe('bad usage', () => {
  const impossible = KINDS.flatMap((kind) => REPORT_FORMATS.filter((format) => !FORMATS_OF[kind].includes(format)).map((format) => [kind, format] as const));

  let example: ReturnType<typeof loadWorkspace> | undefined;

  it.each(impossible)('--kind %s --format %s exits 2 with the dispatcher’s message, before reading anything', (kind, format) => {
    example ??= loadWorkspace([EXAMPLE], repo);
    const { index, documents } = example;
    const dispatcher = renderReport(kind, format, buildReport(kind, index, documents));
    expect(dispatcher.ok).toBe(false);
    const result = runCli(['report', 'no/such/folder', '--kind', kind, '--format', format], repo);
    expect(result).toEqual({ stdout: '', stderr: `clausemark: ${!dispatcher.ok && dispatcher.error}\n`, code: 2 });
  });

  it.each([
    [['report', EXAMPLE, '--kind', 'everything'], 'clausemark: --kind must be one of terms, sources, disputes, graph, clauses, all\n'],
    [['report', EXAMPLE, '--format', 'pdf'], 'clausemark: --format must be one of md, html, json, csv, svg\n'],
    [['report', EXAMPLE, '--output'], 'clausemark: --output needs a FILE\n'],
    [['report', EXAMPLE, '--fail-on', 'error'], 'clausemark: unknown option "--fail-on"\n'],
    [['report', 'no/such/folder'], 'clausemark: No such file or folder: no/such/folder\n'],
  ])('%j exits 2', (args, stderr) => {
    expect(runCli(args, repo)).toEqual({ stdout: '', stderr, code: 2 });
  });

  it('--help names every kind with its formats', () => {
    const help = runCli(['--help'], repo).stdout;
    expect(help).toContain('clausemark report PATH... [--kind terms|sources|disputes|graph|clauses|all] [--format md|html|json|csv|svg] [--output FILE]');
    expect(help).toContain('clausemark check PATH... [--format text|json|sarif|github] [--fail-on error|warning|info]');
    for (const kind of KINDS) expect(help).toMatch(new RegExp(`^ +${kind}: +${FORMATS_OF[kind].join(', ')}$`, 'm'));
  });

  it('needs a PATH', () => {
    expect(runCli(['report', '--kind', 'terms'], repo)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^clausemark: "report" needs at least one PATH\n/) });
  });
});

describe('report inputs', () => {
  it('takes globs like check does', () => {
    const dir = folder({ 'a/one.clause.md': '"One" means 1. One.\n', 'b/two.clause.md': '"Two" means 2. Two.\n', 'b/readme.md': '# Readme\n' });
    const terms = JSON.parse(runCli(['report', '*/*.md', '--kind', 'terms', '--format', 'json'], dir).stdout);
    expect(terms.documents.map((d: { path: string }) => d.path)).toEqual(['a/one.clause.md', 'b/two.clause.md']);
  });

  it('escapes a hostile file name and title in HTML and SVG', () => {
    const name = '<img src=x onerror=alert(1)>.clause.md';
    const dir = folder({ [name]: '---\ntitle: <script>alert(2)</script>\n---\n"Evil" means [[Evil Twin]]. Evil.\n\n"Evil Twin" means [[Evil]].\n' });
    for (const [kind, format] of [['all', 'html'], ['graph', 'svg'], ['terms', 'html']] as const) {
      const out = join(dir, `out.${format}`);
      expect(runCli(['report', '.', '--kind', kind, '--format', format, '--output', out], dir).code).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(unsafeMarkup(text)).toEqual([]);
      expect(text).not.toContain('<img');
      expect(text).not.toContain('<script>alert');
    }
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toContain('&lt;img src=x onerror=alert(1)&gt;.clause.md');
    expect(existsSync(join(dir, 'out.svg'))).toBe(true);
  });
});
