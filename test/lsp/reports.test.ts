// Protocol tests of the report requests: the bundled server over stdio renders every report kind in each of its
// formats for the example workspace, refuses bad requests with an error result, keeps hostile document strings
// inert in HTML, and checks the whole workspace with work-done progress and counts that match its diagnostics.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS_OF } from '../../server/src/language/index.js';
import { REPORT_FORMATS_BY_KIND, type CheckWorkspaceResult, type ReportRequestFormat, type ReportRequestKind, type ReportResult } from '../../server/src/protocol.js';
import { startServerProcess, type ServerSession } from '../helpers/lspClient.js';
import { unsafeMarkup } from '../reports/helpers.js';

const repo = new URL('../..', import.meta.url).pathname;
const example = join(repo, 'examples/frontier-dispute');
const uriOf = (name: string) => pathToFileURL(join(example, name)).href;
const msUri = uriOf('microsoft-openai.clause.md');
/** A document that exists only in the editor, inside the workspace folder: hostile strings in every field. */
const hostileUri = uriOf('hostile-scratch.clause.md');
const HOSTILE = `---
clausemark: 1
title: <script>alert("title")</script>
parties:
  - name: <img src=x onerror=alert(1)>
  - name: OpenAI
sources:
  evil:
    title: <script>alert("source")</script><img src=x onerror=alert(2)>
    URL: javascript:alert(3)
    issued: "2026"
---

# Definitions

"\\<img src=x onerror=alert(4)\\> Fee" means a \\<script\\>alert(5)\\</script\\> charge [@evil].

> [!POSITION \\<img src=x onerror=alert(1)\\>]
> \\<script\\>alert(6)\\</script\\> [@evil]

> [!POSITION OpenAI]
> it is <i onclick=alert(7)>raw</i> [@evil]

# 1. Billing

Each \\<img src=x onerror=alert(4)\\> Fee is due, see [x](javascript:alert(8)).
`;

const NONCE = 'AbCdEfGhIjKlMnOpQrStUv12';

function initialize(session: ServerSession) {
  return session.request<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(example).href,
    workspaceFolders: [{ uri: pathToFileURL(example).href, name: 'frontier-dispute' }],
    capabilities: {
      textDocument: { diagnostic: { dynamicRegistration: false } },
      workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
      window: { workDoneProgress: true },
    },
    initializationOptions: { trusted: true },
  });
}

type Rendered = Extract<ReportResult, { text: string }>;

describe('the report requests over stdio', () => {
  let session: ServerSession;
  const report = (params: { kind: string; format: string; uris?: unknown; nonce?: unknown }) => session.request<ReportResult>('clausemark/report', params);
  const rendered = async (params: { kind: ReportRequestKind; format: ReportRequestFormat; uris?: string[]; nonce?: string }): Promise<Rendered> => {
    const result = await report(params);
    if ('error' in result) throw new Error(`${params.kind}.${params.format}: ${result.error}`);
    return result;
  };

  beforeAll(async () => {
    session = startServerProcess(join(repo, 'server/out/main.js'), repo);
    await initialize(session);
    await session.notify('initialized', {});
    await session.notify('textDocument/didOpen', { textDocument: { uri: msUri, languageId: 'clausemark', version: 1, text: readFileSync(join(example, 'microsoft-openai.clause.md'), 'utf8') } });
    await session.notify('textDocument/didOpen', { textDocument: { uri: hostileUri, languageId: 'clausemark', version: 1, text: HOSTILE } });
  });
  afterAll(async () => {
    expect(await session.close()).toBe(0);
  });

  it("shares the renderer's table of formats with the client", () => {
    expect(REPORT_FORMATS_BY_KIND).toEqual(FORMATS_OF);
  });

  for (const kind of Object.keys(REPORT_FORMATS_BY_KIND) as ReportRequestKind[]) {
    for (const format of REPORT_FORMATS_BY_KIND[kind]) {
      it(`renders the ${kind} report as ${format} for the whole workspace`, async () => {
        const result = await rendered({ kind, format });
        expect(Object.keys(result).sort()).toEqual(['extension', 'mediaType', 'text']);
        expect(result.extension).toBe(format);
        expect(result.text.length).toBeGreaterThan(100);
        switch (format) {
          case 'json': {
            expect(result.mediaType).toBe('application/json');
            const data = JSON.parse(result.text) as { kind: string; documents: { path: string }[] };
            expect(data.kind).toBe(kind);
            // The workspace's three agreements and the scratch document open in the editor, each once.
            expect(data.documents.map((d) => d.path).sort()).toEqual(['amazon-openai.clause.md', 'glossary.clause.md', 'hostile-scratch.clause.md', 'microsoft-openai.clause.md']);
            break;
          }
          case 'html':
            expect(result.mediaType).toMatch(/^text\/html/);
            expect(result.text).toMatch(/^<!DOCTYPE html>/);
            expect(result.text).toContain('data-uri="file://');
            break;
          case 'md':
            expect(result.mediaType).toMatch(/^text\/markdown/);
            expect(result.text).toMatch(/^# /);
            break;
          case 'csv':
            expect(result.mediaType).toMatch(/^text\/csv/);
            expect(result.text.split('\r\n')[0]).toMatch(/^[a-z]+(,[a-z -]+)+$/i);
            break;
          case 'svg':
            expect(result.mediaType).toBe('image/svg+xml');
            expect(result.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
            break;
        }
      });
    }
  }

  it('names the example\'s terms in the terms report and the graph', async () => {
    const terms = JSON.parse((await rendered({ kind: 'terms', format: 'json' })).text) as { terms: { name: string; uses: number }[] };
    const names = terms.terms.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Stateless API Call', 'Frontier', 'Agent', 'stateless', 'stateful']));
    const graph = (await rendered({ kind: 'graph', format: 'html' })).text;
    expect(graph).toContain('aria-label="Open the definition of Stateless API Call"');
    expect(graph).toContain('aria-label="Open the definition of Frontier"');
  });

  it('reports on the documents it is given, and sees edits not yet saved', async () => {
    const data = JSON.parse((await rendered({ kind: 'terms', format: 'json', uris: [msUri] })).text) as { documents: { uri: string }[]; terms: { name: string }[] };
    expect(data.documents.map((d) => d.uri)).toEqual([msUri]);
    const text = readFileSync(join(example, 'microsoft-openai.clause.md'), 'utf8');
    await session.notify('textDocument/didChange', { textDocument: { uri: msUri, version: 2 }, contentChanges: [{ text: `${text}\n"Zebra Clause" means a clause added in the editor.\n` }] });
    const edited = JSON.parse((await rendered({ kind: 'terms', format: 'json', uris: [msUri] })).text) as { terms: { name: string }[] };
    expect(edited.terms.map((t) => t.name)).toContain('Zebra Clause');
    await session.notify('textDocument/didChange', { textDocument: { uri: msUri, version: 3 }, contentChanges: [{ text }] });
    const unknown = JSON.parse((await rendered({ kind: 'terms', format: 'json', uris: ['file:///nowhere/x.clause.md'] })).text) as { documents: unknown[] };
    expect(unknown.documents).toEqual([]);
  });

  it('puts the nonce it is given on the page\'s style and in its policy', async () => {
    const page = (await rendered({ kind: 'terms', format: 'html', nonce: NONCE })).text;
    expect(page).toContain(`<style nonce="${NONCE}">`);
    expect(page).toContain(`style-src 'nonce-${NONCE}'`);
    expect(page).not.toContain('unsafe-inline');
  });

  it('answers a bad request with an error result, never a failed request', async () => {
    const cases: [string, Parameters<typeof report>[0], RegExp][] = [
      ['unknown kind', { kind: 'secrets', format: 'html' }, /Unknown report kind "secrets"/],
      ['inherited property as a kind', { kind: 'constructor', format: 'html' }, /Unknown report kind/],
      ['unknown format', { kind: 'terms', format: 'pdf' }, /no "pdf" format: expected one of md, html, json, csv/],
      ['impossible pair', { kind: 'disputes', format: 'csv' }, /no "csv" format/],
      ['svg of terms', { kind: 'terms', format: 'svg' }, /no "svg" format/],
      ['uris not a list', { kind: 'terms', format: 'json', uris: 'file:///x' }, /uris must be a list/],
      ['uris not strings', { kind: 'terms', format: 'json', uris: [1] }, /uris must be a list/],
      ['nonce not base64', { kind: 'terms', format: 'html', nonce: `x' 'unsafe-inline` }, /nonce/],
      ['nonce not a string', { kind: 'terms', format: 'html', nonce: 42 }, /nonce must be a string/],
    ];
    for (const [name, params, message] of cases) {
      const result = await report(params);
      expect(result, name).toEqual({ error: expect.stringMatching(message) });
    }
  });

  it('keeps hostile strings inert in every HTML report of a hostile document', async () => {
    const json = (await rendered({ kind: 'all', format: 'json', uris: [hostileUri] })).text;
    // The strings reach the reports (the checks below would prove nothing otherwise).
    expect(json).toContain('<img src=x onerror=alert(4)> Fee');
    expect(json).toContain('javascript:alert(3)');
    expect(json).toContain('<script>alert(6)</script>');
    for (const kind of Object.keys(REPORT_FORMATS_BY_KIND) as ReportRequestKind[]) {
      const page = (await rendered({ kind, format: 'html', uris: [hostileUri], nonce: NONCE })).text;
      expect(unsafeMarkup(page), kind).toEqual([]);
      expect(page, kind).not.toMatch(/href="\s*(?:javascript|data|vbscript):/i);
      if (kind !== 'sources' && kind !== 'clauses') expect(page, kind).toContain('&lt;img src=x onerror=alert(4)&gt; Fee');
    }
    const sources = (await rendered({ kind: 'sources', format: 'html', uris: [hostileUri] })).text;
    expect(sources).toContain('&lt;script&gt;alert(&quot;source&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(sources).toContain('<span class="cm-key">javascript:alert(3)</span>');
    const svg = (await rendered({ kind: 'graph', format: 'svg', uris: [hostileUri] })).text;
    expect(unsafeMarkup(svg)).toEqual([]);
  });

  it('checks the whole workspace with progress on the given token, and counts what the diagnostics hold', async () => {
    const progress: { token: unknown; value: { kind: string; title?: string; cancellable?: boolean } }[] = [];
    session.connection.onNotification('$/progress', (p: { token: unknown; value: { kind: string } }) => void progress.push(p));
    const result = await session.request<CheckWorkspaceResult>('clausemark/checkWorkspace', { workDoneToken: 'check-1' });
    expect(result).toEqual({
      files: expect.any(Number),
      filesWithFindings: expect.any(Number),
      errors: expect.any(Number),
      warnings: expect.any(Number),
      infos: expect.any(Number),
      hints: expect.any(Number),
      cancelled: false,
    });
    // Four agreements (one of them open only in the editor) and the bibliography.
    expect(result.files).toBe(5);
    const ours = progress.filter((p) => p.token === 'check-1').map((p) => p.value);
    expect(ours[0]).toMatchObject({ kind: 'begin', title: 'Clausemark: checking the workspace', cancellable: true });
    expect(ours.at(-1)).toMatchObject({ kind: 'end' });

    // The same findings reach the Problems panel: the workspace pull for closed files, a document pull for open ones.
    type Items = { severity: number }[];
    const workspace = await session.request<{ items: { uri: string; items: Items }[] }>('workspace/diagnostic', { previousResultIds: [] });
    const open = await Promise.all([msUri, hostileUri].map((uri) => session.request<{ items: Items }>('textDocument/diagnostic', { textDocument: { uri } })));
    const all = [...workspace.items.map((i) => i.items), ...open.map((o) => o.items)];
    const count = (severity: number) => all.flat().filter((d) => d.severity === severity).length;
    expect([count(1), count(2), count(3), count(4)]).toEqual([result.errors, result.warnings, result.infos, result.hints]);
    expect(all.filter((items) => items.length > 0)).toHaveLength(result.filesWithFindings);
    expect(result.errors + result.warnings).toBeGreaterThan(0); // The hostile document has findings.
  });
});

