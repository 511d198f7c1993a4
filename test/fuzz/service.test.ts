// Seeded property tests of the whole language service on random, grammar-aware and mutated documents: it never
// throws, every range lies inside its file, quick fixes keep documents readable, rename A→B→A restores the bytes,
// an edited index equals a fresh parse, and the server's incremental sync holds the text the client expects. The
// same properties run for a time budget under `npm run fuzz` (CLAUSEMARK_FUZZ_SECONDS, see test/fuzz/harness.ts).

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenced } from '../../server/src/host/files.js';
import { createLanguageService, encodeSemanticTokens, LineIndex, WorkspaceIndex } from '../../server/src/language/index.js';
import { toLspDiagnostic } from '../../server/src/lsp/convert.js';
import { toLanguageConfig } from '../../server/src/lsp/settings.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServerProcess, type ServerSession } from '../helpers/lspClient.js';
import { uriOf } from '../helpers/workspace.js';
import { anyCase, applyMutations, FIXTURES, mutationArb, PIECES, smallCase, type FuzzCase } from './documents.js';
import { checkProperty, checkAsyncProperty, FUZZING, FUZZ_SECONDS } from './harness.js';
import { checkEditSequence, checkFeatures, checkQuickFixes, checkRenameRoundTrips, emptyStats, loadFiles, serviceOf, type Stats } from './invariants.js';

/** Each property's share of a fuzz run's time budget (they run one after another). */
const SHARE = { everyOffset: 0.15, sampled: 0.15, stale: 0.1, quickFixes: 0.15, rename: 0.15, edits: 0.15, lsp: 0.15 } as const;

/** A test's own time limit: generous in the suite (a loaded machine), the property's budget plus a margin when fuzzing. */
const timeout = (share: number) => (FUZZING ? FUZZ_SECONDS * 1000 * share + 120_000 : 120_000);

/** What each property did, printed at the end (the suite's run counts in the report). */
const totals = new Map<string, Stats>();
function stats(name: string): Stats {
  if (!totals.has(name)) totals.set(name, emptyStats());
  return totals.get(name)!;
}
afterAll(() => {
  for (const [name, s] of totals) process.stdout.write(`[fuzz] ${name}: ${JSON.stringify(s)}\n`);
});

describe('the language service on generated documents', () => {
  it('(a, b) answers every feature at every offset of small documents, every span inside', () => {
    const name = 'every offset of small documents';
    checkProperty(name, smallCase(), (c) => void checkFeatures(c, 'all', stats(name)), { seed: 20260701, numRuns: 40 }, 1, SHARE.everyOffset);
  }, timeout(SHARE.everyOffset));

  it('(a, b) answers every feature at sampled offsets of documents of any size and of mutated fixtures', () => {
    const name = 'sampled offsets of any document';
    checkProperty(name, anyCase(), (c) => void checkFeatures(c, 60, stats(name)), { seed: 20260702, numRuns: 40 }, 2, SHARE.sampled);
  }, timeout(SHARE.sampled));

  it('(a, b) answers every feature at every offset of each fixture as it is', () => {
    const s = stats('every offset of the fixtures');
    for (const fixture of FIXTURES) checkFeatures(fixture, 'all', s);
    expect(s.cases).toBe(FIXTURES.length);
  }, 120_000);

  it('(a, b) offers quick fixes for stale findings (an older version of the document) without throwing, edits inside the text', () => {
    const name = 'quick fixes for stale findings';
    const arb = fc.tuple(anyCase(), fc.array(mutationArb, { minLength: 1, maxLength: 4 }));
    checkProperty(
      name,
      arb,
      ([c, mutations]) => {
        const old = serviceOf(loadFiles(c.files)).diagnostics(uriOf(c.path));
        const edited: FuzzCase = { ...c, files: { ...c.files, [c.path]: applyMutations(c.files[c.path]!, mutations) } };
        const index = loadFiles(edited.files);
        const text = edited.files[edited.path]!;
        for (const action of serviceOf(index).codeActions(uriOf(c.path), old)) {
          stats(name).actions++;
          for (const e of action.edits) {
            const target = e.uri === uriOf(c.path) ? text : edited.files[e.uri.slice(uriOf('').length)];
            if (target === undefined || e.span.start < 0 || e.span.start > e.span.end || e.span.end > target.length) {
              throw new Error(`"${action.title}" for a stale ${action.finding.code} edits ${JSON.stringify(e.span)} of ${e.uri} (${target?.length})`);
            }
          }
        }
        stats(name).cases++;
      },
      { seed: 20260703, numRuns: 40 },
      3,
      SHARE.stale,
    );
  }, timeout(SHARE.stale));

  it('(c) applying any offered quick fix leaves a readable document, keeps the text, and a suppression changes nothing else', () => {
    const name = 'quick fixes';
    checkProperty(name, anyCase(), (c) => void checkQuickFixes(c, stats(name), 15), { seed: 20260704, numRuns: 15 }, 4, SHARE.quickFixes);
  }, timeout(SHARE.quickFixes));

  it('(d) renaming each term, citation key and clause id to a fresh name and back restores every byte', () => {
    const name = 'rename round trips';
    checkProperty(name, anyCase(), (c) => void checkRenameRoundTrips(c, stats(name), 6), { seed: 20260705, numRuns: 20 }, 5, SHARE.rename);
  }, timeout(SHARE.rename));

  it('(e) after random edit sequences, the index holds the model of a fresh parse and the same diagnostics', () => {
    const name = 'edit sequences in the index';
    const edits = fc.array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(30)), insert: fc.oneof(fc.constantFrom('', ...PIECES), fc.string({ unit: 'grapheme', maxLength: 6 })) }),
      { minLength: 1, maxLength: 12 },
    );
    checkProperty(name, fc.tuple(anyCase(), edits), ([c, e]) => void checkEditSequence(c, e, stats(name)), { seed: 20260706, numRuns: 30 }, 6, SHARE.edits);
  }, timeout(SHARE.edits));
});

// ---------------------------------------------------------------------------------------------------------------
// (f) Incremental sync over LSP

const repo = new URL('../..', import.meta.url).pathname;
// The server as this run built it (test/globalSetup.ts), copied when the file loads: another test run's build during
// a long fuzz run rewrites server/out, and the server spawned minutes later would not be the code under test (seen
// on 2026-11-28: a run with a mutation under test rebuilt it, and property (f) failed on the mutated server).
const serverCopy = mkdtempSync(join(tmpdir(), 'clausemark-fuzz-server-'));
for (const file of ['main.js', 'readWorker.js']) copyFileSync(join(repo, 'server/out', file), join(serverCopy, file));

describe('the server over stdio, incremental sync', () => {
  let session: ServerSession;
  let folder: string;
  let opened = 0;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'clausemark-fuzz-'));
    mkdirSync(join(folder, 'sub'));
    session = startServerProcess(join(serverCopy, 'main.js'), repo);
    await session.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'fuzz' }],
      capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
    });
    await session.notify('initialized', {});
  });
  afterAll(async () => {
    const code = await session.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(serverCopy, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  /** An edit of the client: a span of the text as it is then, never inside a CRLF (no editor sends such a position). */
  const change = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.oneof(fc.constant(0), fc.nat(4), fc.nat(60)), insert: fc.oneof(fc.constantFrom('', ...PIECES), fc.string({ unit: 'grapheme', maxLength: 6 })) });
  const notifications = fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 });

  it('(f) after random didChange range edits the server sees the text the client holds, and its keystroke windows answer as a full check', async () => {
    const name = 'LSP incremental sync';
    await checkAsyncProperty(
      name,
      fc.tuple(anyCase(), notifications, fc.array(fc.record({ line: fc.double({ min: 0, max: 1, noNaN: true }), character: fc.nat(120) }), { maxLength: 3 })),
      async ([c, batches, asked]) => {
        const uri = pathToFileURL(join(folder, `doc-${++opened}.clause.md`)).href;
        let text = c.files[c.path]!;
        await session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text } });
        // A first pull: the server then holds the opened text, and later edits are answered in their windows (from
        // the change ranges it followed) whenever they can be.
        await session.request('textDocument/diagnostic', { textDocument: { uri } });
        let version = 1;
        for (const batch of batches) {
          const contentChanges = [];
          for (const edit of batch) {
            const lines = new LineIndex(text);
            const outsideCrlf = (o: number) => (text[o - 1] === '\r' && text[o] === '\n' ? o - 1 : o);
            const start = outsideCrlf(Math.min(text.length, Math.floor(edit.at * text.length)));
            const end = Math.max(start, outsideCrlf(Math.min(text.length, start + edit.length)));
            contentChanges.push({ range: lines.range({ start, end }), text: edit.insert });
            text = text.slice(0, start) + edit.insert + text.slice(end);
          }
          await session.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges });
        }
        // What the server should hold: the same text read the same way, in-process.
        const index = new WorkspaceIndex();
        index.setRoots([pathToFileURL(folder).href]);
        index.setDocument(uri, text, version);
        loadReferenced(index, [folder], (u) => u === uri);
        const service = createLanguageService(index, () => toLanguageConfig({}));
        const lines = new LineIndex(text);
        // Hovers at positions anywhere, past a line's end too (LSP clamps the character to the line's length).
        const positions = asked.map((p) => ({ line: Math.floor(p.line * lines.lineCount), character: p.character }));
        // The offset of a position as LSP defines it, by the protocol's own TextDocument, not by our LineIndex.
        const reference = TextDocument.create(uri, 'clausemark', version, text);
        const hoverAt = (position: { line: number; character: number }) => {
          const hover = service.hover(uri, reference.offsetAt(position));
          return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: lines.range(hover.span) } : null;
        };
        const want = {
          counts: service.counts(uri),
          diagnostics: service.diagnostics(uri).map((d) => toLspDiagnostic(service, uri, d)),
          tokens: encodeSemanticTokens(service.semanticTokens(uri), lines),
          hovers: positions.map(hoverAt),
        };
        const got = {
          counts: await session.request('clausemark/documentStats', { uri }),
          diagnostics: (await session.request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } })).items,
          tokens: (await session.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } })).data,
          hovers: await Promise.all(positions.map((position) => session.request('textDocument/hover', { textDocument: { uri }, position }))),
        };
        await session.notify('textDocument/didClose', { textDocument: { uri } });
        expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(want)));
        stats(name).cases++;
      },
      { seed: 20260707, numRuns: 30 },
      7,
      SHARE.lsp,
    );
  }, timeout(SHARE.lsp));
});
