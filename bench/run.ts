// The benchmark of issue 6 (`npm run bench`): generates the contracts and the workspace, measures every phase in its own child process, and prints a Markdown table of the results (also written to bench/out/results.md).
//
// Phases, each a child process of this same bundle (`--child PHASE`), so that one phase's heap never slows another
// and each child's peak RSS is its own:
//   time    floor (remark on the whole document) and cold (parseDocument + documentDiagnostics through a fresh
//           WorkspaceIndex) in alternation, so both see the same machine load; index.linked() lookups in-process
//   memory  one floor parse or one cold pipeline, for peak RSS
//   lsp     the built server over stdio: open, diagnostic pulls on an unchanged document (naming the report held,
//           as VS Code's client does, and in full), keystrokes (didChange then textDocument/diagnostic, naming the
//           report held, until the answer shows the change), and hover / definition / references /
//           completion at 1,000 positions when the server announces them, then keystrokes each followed by the
//           requests VS Code sends as typing pauses (completion, semantic tokens, outline, folding, lenses, links,
//           code actions)
//   peer    VS Code's Markdown language service on the same document: cold diagnostics, diagnostics after a keystroke
//   ws      the 5,000-file workspace: remark floor over every file, cold loadWorkspace + documentDiagnostics of all,
//           memory, then keystrokes in one file
//   profile the 1 MB cold pipeline under --cpu-prof, summarized by self time
//
// Flags: --sizes 100k,1m,10m  --quick (100 KB only, 3 repetitions, no workspace, no profile)  --reps N  --edits N
//        --phases time,memory,lsp,peer,ws,profile (default: all)  --no-workspace  --no-peer  --no-lsp  --no-profile
//        --lookup-positions N (lookups per kind in the lsp phase; 0: none)  --lookup-warm-up N (requests of each kind
//        before the measured ones, cycling through its positions; default 3,000, 200 with --quick)  --lsp-runs N (fresh servers per size in the
//        lsp phase, their samples pooled; default 5, 1 with --quick)  --server-flags "F ..." (Node flags for the server; default the
//        VS Code client's on this machine, `none` for Node's defaults)
//        --seed N  --render [FILE] (the table again from a saved bench/out/results.json)

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { createMessageConnection, ErrorCodes, type MessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadWorkspace } from '../server/src/cli/loadWorkspace.js';
import { ReadPool } from '../server/src/host/readPool.js';
import { createLanguageService, DEFAULT_CONFIG, documentDiagnostics, LineIndex, WorkspaceIndex, type LinePosition } from '../server/src/language/index.js';
import { startServerProcess, type ServerSession } from '../test/helpers/lspClient.js';
import { generateContract, SIZES, writeWorkspace, type ContractTruth, type WorkspaceTruth } from './generate.js';
import { benchServerFlags, diagnosticPuller, initializeParams, type BenchDiagnostic } from './initialize.js';
import { keystrokesOf, windowKeystrokes } from './keystrokes.js';
import { lookupRequests, quantileOf, spread, timeLookups } from './lookupTimes.js';
import { serverSettled } from './serverQuiet.js';
import { Peer } from './peer.js';
import { profileMarkdown, summarizeProfile } from './profile.js';

const REPO = resolve(__dirname, '../..');
const OUT = join(REPO, 'bench/out');
const DOCS = join(OUT, 'docs');
const WORKSPACE = join(OUT, 'workspace');
const SERVER = join(REPO, 'server/out/main.js');
const floorProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

// ---------------------------------------------------------------------------------------------------------------
// Arguments

interface Options {
  readonly sizes: string[];
  readonly quick: boolean;
  readonly reps?: number;
  readonly edits: number;
  /** Positions per lookup kind in the lsp phase (1,000; 0 measures no lookups). */
  readonly lookupPositions: number;
  /** Requests of each lookup kind asked before its measured ones, cycling through its positions (3,000; 200 with --quick). */
  readonly lookupWarmUp: number;
  /** Phases to run: time, memory, lsp, peer, ws, profile. */
  readonly phases: ReadonlySet<string>;
  /** Fresh servers the lsp phase runs per size, their samples pooled (5; 1 with --quick). */
  readonly lspRuns: number;
  /** Node flags the lsp phase starts the server with: the VS Code client's (`serverNodeFlags`) unless `--server-flags "F ..."` or `none`. */
  readonly serverFlags: readonly string[];
  readonly seed: number;
  readonly child?: string;
  readonly size?: string;
  /** For `--child echo`: the answers file `replayFloor` wrote. */
  readonly answers?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const quick = argv.includes('--quick');
  const sizes = (value('--sizes') ?? (quick ? '100k' : '100k,1m,10m')).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`Unknown size "${s}": use ${Object.keys(SIZES).join(', ')}`);
  const reps = value('--reps');
  return {
    sizes,
    quick,
    ...(reps ? { reps: Number(reps) } : quick ? { reps: 3 } : {}),
    edits: Number(value('--edits') ?? 20),
    lookupPositions: Number(value('--lookup-positions') ?? 1000),
    lookupWarmUp: Number(value('--lookup-warm-up') ?? (quick ? 200 : 3000)),
    serverFlags: benchServerFlags(value('--server-flags')),
    lspRuns: Math.max(1, Number(value('--lsp-runs') ?? (quick ? 1 : 5))),
    phases: new Set(
      (value('--phases') ?? (quick ? 'time,memory,lsp,peer' : 'time,memory,lsp,peer,ws,profile'))
        .split(',')
        .map((p) => p.trim())
        .filter((p) => !argv.includes(`--no-${p === 'ws' ? 'workspace' : p}`)),
    ),
    seed: Number(value('--seed') ?? 20260601),
    ...(value('--child') ? { child: value('--child')! } : {}),
    ...(value('--size') ? { size: value('--size')! } : {}),
    ...(value('--answers') ? { answers: value('--answers')! } : {}),
  };
}

/** Repetitions and warm-ups for a size: more for small documents, at least 5 after warm-up. */
function repsFor(options: Options, size: string): { reps: number; warmup: number } {
  if (options.reps) return { reps: options.reps, warmup: 1 };
  if (size === '100k') return { reps: 9, warmup: 2 };
  if (size === '1m') return { reps: 7, warmup: 1 };
  return { reps: 5, warmup: 0 }; // A 10 MB run is many seconds long: JIT warm-up is lost in it.
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics

/** The value at quantile `q` (nearest rank) of `samples`. */
const quantile = quantileOf;

const median = (s: readonly number[]) => quantile(s, 0.5);

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function mb(bytes: number): number {
  return bytes / 1e6;
}

/** Peak resident set size of this process so far, in bytes. */
function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

function docPath(size: string): string {
  return join(DOCS, `contract-${size}.clause.md`);
}

function readDoc(size: string): { text: string; truth: ContractTruth } {
  return { text: readFileSync(docPath(size), 'utf8'), truth: JSON.parse(readFileSync(`${docPath(size)}.json`, 'utf8')) as ContractTruth };
}

function prepareDocs(options: Options): void {
  mkdirSync(DOCS, { recursive: true });
  for (const size of options.sizes) {
    const t = performance.now();
    const { text, truth } = generateContract({ seed: options.seed, targetBytes: SIZES[size]! });
    writeFileSync(docPath(size), text);
    writeFileSync(`${docPath(size)}.json`, JSON.stringify(truth));
    log(`generated ${size}: ${text.length} chars, ${truth.clauses} clauses, ${truth.terms} terms, ${truth.termUses} term uses (${Math.round(performance.now() - t)} ms)`);
  }
}

function prepareWorkspace(options: Options): WorkspaceTruth {
  rmSync(WORKSPACE, { recursive: true, force: true });
  const t = performance.now();
  const truth = writeWorkspace(WORKSPACE, { seed: options.seed });
  writeFileSync(join(OUT, 'workspace.json'), JSON.stringify(truth));
  log(`generated the workspace: ${truth.documents.length} documents, ${(mb(truth.bytes)).toFixed(1)} MB (${Math.round(performance.now() - t)} ms)`);
  return truth;
}

// ---------------------------------------------------------------------------------------------------------------
// Children

type Json = Record<string, unknown>;

/** The read pool the cold pipeline reads with (as the server does for a large first text); started once per child. */
let pool: ReadPool | undefined;
function readPool(): ReadPool {
  pool ??= new ReadPool({ workerFile: join(REPO, 'server/out/readWorker.js') });
  return pool;
}

/**
 * The cold pipeline on one document: a fresh index, the model (its blocks read in worker threads when the document
 * is large, as the server reads a first text), the links, every diagnostic.
 */
async function cold(text: string, uri: string): Promise<{ total: number; parse: number; link: number; rules: number; diagnostics: number; index: WorkspaceIndex }> {
  const t0 = performance.now();
  const index = new WorkspaceIndex();
  index.setDocument(uri, text, 0, await readPool().read(text, uri));
  const t1 = performance.now();
  index.linked(uri);
  const t2 = performance.now();
  const diagnostics = documentDiagnostics(index, uri, DEFAULT_CONFIG).length;
  const t3 = performance.now();
  return { total: t3 - t0, parse: t1 - t0, link: t2 - t1, rules: t3 - t2, diagnostics, index };
}

function docUri(size: string): string {
  return pathToFileURL(docPath(size)).href;
}

/** Floor and cold in alternation; then index.linked() and the lookups of target 4 in process. */
async function childTime(options: Options): Promise<Json> {
  const size = options.size!;
  const { text, truth } = readDoc(size);
  const uri = docUri(size);
  const { reps, warmup } = repsFor(options, size);
  const floor: number[] = [];
  const total: number[] = [];
  const parse: number[] = [];
  const link: number[] = [];
  const rules: number[] = [];
  let diagnostics = 0;
  let last: WorkspaceIndex | undefined;
  for (let i = 0; i < warmup + reps; i++) {
    last = undefined;
    gc();
    const t = performance.now();
    floorProcessor.parse(text);
    const f = performance.now() - t;
    gc();
    const c = await cold(text, uri);
    if (i >= warmup) {
      floor.push(f);
      total.push(c.total);
      parse.push(c.parse);
      link.push(c.link);
      rules.push(c.rules);
    }
    diagnostics = c.diagnostics;
    last = c.index;
    log(`${size} ${i < warmup ? `warm-up ${i + 1}/${warmup}` : `rep ${i + 1 - warmup}/${reps}`}: floor ${Math.round(f)} ms, cold ${Math.round(c.total)} ms`);
  }
  // Lookups in process: the cached linked document, and a re-link after an unrelated change.
  const index = last!;
  const cached: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    index.linked(uri);
    cached.push(performance.now() - t);
  }
  const relink: number[] = [];
  for (let i = 0; i < Math.max(5, reps); i++) {
    index.setRoots([...index.roots]); // Any change to the index drops every cached link.
    gc();
    const t = performance.now();
    index.linked(uri);
    relink.push(performance.now() - t);
  }
  // Target 4 in process: the language service (no protocol) at the positions the lsp phase asks, each timed three
  // times and its median kept (bench/lookupTimes.ts, as `npm run bench:lookups`).
  const service = createLanguageService(index, () => DEFAULT_CONFIG);
  service.warmUp();
  const ask = lookupRequests(service, uri);
  const termUses = truth.termUseSamples.slice(0, options.lookupPositions);
  const triggers = spread([...text.matchAll(/\[\[|\[@|§/g)].map((m) => m.index + m[0].length), options.lookupPositions);
  const lookups: Json = {};
  for (const kind of ['hover', 'definition', 'references', 'completion'] as const) {
    const row = timeLookups(kind, kind === 'completion' ? 'after [[, [@ or §' : 'term uses', ask[kind], kind === 'completion' ? triggers : termUses, { reps: 3, budgetMs: LOOKUP_BUDGET_MS, gc });
    lookups[kind] = { ...row };
  }
  const model = index.document(uri)!.model;
  return {
    bytes: text.length,
    floor, total, parse, link, rules, diagnostics,
    cachedLinked: cached, relink, lookups,
    clauses: model.clauses.length, definitions: model.definitions.length,
  };
}

/** One floor parse or one cold pipeline, for peak memory. */
async function childMemory(options: Options, what: 'floor' | 'cold'): Promise<Json> {
  const size = options.size!;
  const { text } = readDoc(size);
  gc();
  const baseline = process.memoryUsage();
  if (what === 'floor') {
    floorProcessor.parse(text);
    return { peakRss: maxRss(), baselineRss: baseline.rss };
  }
  const c = await cold(text, docUri(size));
  const peakRss = maxRss();
  gc();
  const retainedHeap = process.memoryUsage().heapUsed - baseline.heapUsed;
  const keep = c.index.document(docUri(size)) !== undefined;
  return { peakRss, baselineRss: baseline.rss, retainedHeap, kept: keep };
}


/** VmHWM (peak RSS) of another process, in bytes, where /proc has it. */
function processPeakRss(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The language server over stdio: open, unchanged pulls, lookups, keystrokes. */
async function childLsp(options: Options): Promise<Json> {
  const size = options.size!;
  const { text, truth } = readDoc(size);
  const root = join(OUT, `lsp-root-${size}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const uri = pathToFileURL(join(root, basename(docPath(size)))).href; // Not on disk: the editor's text only.
  const session: ServerSession = startServerProcess(SERVER, REPO, options.serverFlags);
  try {
    const init = await session.request<{ capabilities: Record<string, unknown> }>('initialize', initializeParams(root, { trusted: true }));
    await session.notify('initialized', {});
    // As VS Code's client pulls: under each provider's identifier, naming the report it holds.
    const pull = diagnosticPuller(session.request, uri, (init.capabilities.diagnosticProvider as { identifier?: string } | undefined)?.identifier, session.registrations);

    let t = performance.now();
    await session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text } });
    // A large document is read in worker threads; until then the server answers without it (no diagnostics). Every
    // generated contract has some (term.contested), so the first non-empty answer is the first real one.
    let first = await pull();
    while (first.items.length === 0 && performance.now() - t < 600_000) {
      await new Promise((r) => setTimeout(r, 20));
      first = await pull();
    }
    const open = performance.now() - t;
    log(`${size} lsp: open + first diagnostics ${Math.round(open)} ms (${first.items.length} diagnostics)`);

    const unchangedCount = size === '10m' ? 10 : size === '1m' ? 30 : 100;
    const unchanged: number[] = [];
    const unchangedInFull: number[] = [];
    for (let i = 0; i < unchangedCount; i++) {
      t = performance.now();
      await pull();
      unchanged.push(performance.now() - t);
      t = performance.now();
      await pull(false);
      unchangedInFull.push(performance.now() - t);
    }
    log(`${size} lsp: unchanged pull p50 ${median(unchanged).toFixed(2)} ms (${median(unchangedInFull).toFixed(2)} ms in full, naming no report)`);

    // A writer reads before hovering: the lookups start once the server has gone quiet after the open (it formats
    // the positions' citations while the editor is quiet, see lsp/idleWork.ts). How long that took is reported.
    const settle = await serverSettled(session.process.pid);
    log(`${size} lsp: server quiet ${Math.round(settle)} ms after the first diagnostics`);

    // Lookups at 1,000 positions, for each request the server announces: inside planted term uses, and for
    // completion just after a `[[`, `[@` or `§` that the text already has (where completion has something to offer).
    const lines = new LineIndex(text);
    const many = options.lookupPositions;
    const positions = truth.termUseSamples.slice(0, many).map((o) => lines.position(o));
    const triggers = [...text.matchAll(/\[\[|\[@|§/g)].map((m) => m.index + m[0].length);
    const completionPositions = Array.from({ length: Math.min(many, triggers.length) }, (_, i) => lines.position(triggers[Math.floor((i * triggers.length) / Math.min(many, triggers.length))]!));
    const lookups: Json = {};
    const answersOf: Record<string, string[]> = {}; // Each kind's measured answers as JSON, for replayFloor.
    // The transport's own cost, the floor under every lookup: a request the server refuses at once (no such method),
    // as many times as a lookup kind is asked; and before it the same requests to a fresh bare JSON-RPC process, the
    // machine's own floor, with no Clausemark code.
    if (many > 0) {
      lookups.echo = { samples: await bareFloor(many), empty: 0, cut: false };
      lookups.transport = { samples: await refusalTimes((method) => session.request<unknown>(method, {}), many), empty: 0, cut: false };
    }
    const requests: [string, string, (p: { line: number; character: number }) => unknown][] = [
      ['hover', 'hoverProvider', (position) => ({ textDocument: { uri }, position })],
      ['definition', 'definitionProvider', (position) => ({ textDocument: { uri }, position })],
      ['references', 'referencesProvider', (position) => ({ textDocument: { uri }, position, context: { includeDeclaration: true } })],
      ['completion', 'completionProvider', (position) => ({ textDocument: { uri }, position })],
    ];
    for (const [name, capability, params] of requests) {
      if (!init.capabilities[capability] || many === 0) continue;
      // An editor's client and server are long-lived: the request path of each kind (the protocol's handlers and
      // writing, the client's reading of such answers) is compiled. A fresh pair of processes is not there before a
      // few thousand requests (a bare pair with no Clausemark code: p99 1.6 to 2.0 ms over its first thousand, 0.4 to
      // 0.6 over its fourth; docs/performance.md, "A fresh pair of processes"), so each kind is first asked
      // `lookupWarmUp` times, cycling through its positions; those requests are timed and reported (the first thousand
      // apart: a fresh server's), but not in the 1,000.
      const list = name === 'completion' ? completionPositions : positions;
      const warmup: number[] = [];
      const warmUps = list.length > 0 ? options.lookupWarmUp : 0;
      for (let i = 0; i < warmUps; i++) {
        const t0 = performance.now();
        await session.request<unknown>(`textDocument/${name}`, params(list[i % list.length]!));
        warmup.push(performance.now() - t0);
      }
      const samples: number[] = [];
      const bytes: number[] = [];
      const answers: string[] = [];
      let empty = 0;
      const budget = performance.now() + LOOKUP_BUDGET_MS;
      let cut = false;
      for (const position of list) {
        if (performance.now() > budget) {
          cut = true; // Reported: fewer positions measured.
          break;
        }
        const t0 = performance.now();
        const answer = await session.request<unknown>(`textDocument/${name}`, params(position));
        samples.push(performance.now() - t0);
        answers.push(JSON.stringify(answer ?? null)); // The answer's size, measured after the timing.
        bytes.push(answers.at(-1)!.length);
        const items = Array.isArray(answer) ? answer : (answer as { items?: unknown[] } | null)?.items;
        if (answer === null || (items !== undefined && items.length === 0)) empty++;
      }
      lookups[name] = { samples, bytes, warmup, fresh: warmup.slice(0, FRESH_REQUESTS), empty, cut };
      answersOf[name] = answers;
      log(`${size} lsp: ${name} p99 ${quantile(samples, 0.99).toFixed(2)} ms at ${samples.length} positions (${empty} empty answers)`);
    }
    // The same answers, in the same order, from a bare process that looks nothing up: what those answers cost the
    // machine and the protocol alone (for references on 10 MB, hundreds of KB of JSON at p99).
    if (Object.keys(answersOf).length > 0) {
      const replayed = await replayFloor(answersOf, many, options.lookupWarmUp);
      for (const [name, times] of Object.entries(replayed)) (lookups[name] as Json).replay = times;
      log(`${size} lsp: the same answers from a bare process, p99 ${Object.entries(replayed).map(([name, times]) => `${name} ${quantile(times, 0.99).toFixed(2)}`).join(', ')} ms`);
    }

    // Keystrokes: type a digit after a clause reference's number (it then names no clause: ref.broken) at `at`, then
    // delete it, `options.edits` times; each answer is pulled until it reflects the keystroke (a server that answers
    // from a stale model is caught here). Whether every answer did is `verified`.
    let version = 1;
    let extraPulls = 0;
    /** Keystroke `e` at `at` sent (even ones type the digit, odd ones delete it); whether it typed. */
    const keystroke = async (at: LinePosition, e: number): Promise<boolean> => {
      const insert = e % 2 === 0;
      version++;
      const change = insert
        ? { range: { start: at, end: at }, text: truth.edit.insert }
        : { range: { start: at, end: { line: at.line, character: at.character + truth.edit.insert.length } }, text: '' };
      await session.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      return insert;
    };
    const typeDigits = async (at: LinePosition, what: string): Promise<{ times: number[]; verified: boolean }> => {
      const brokenAt = (items: readonly BenchDiagnostic[]) =>
        items.some((d) => d.code === 'ref.broken' && d.range.start.line === at.line && d.range.start.character <= at.character && d.range.end.character >= at.character);
      const times: number[] = [];
      let verified = true;
      for (let e = 0; e < options.edits; e++) {
        const t0 = performance.now();
        const insert = await keystroke(at, e);
        let report = await pull();
        for (let k = 0; verified && brokenAt(report.items) !== insert && k < 50; k++) {
          extraPulls++;
          report = await pull();
        }
        const elapsed = performance.now() - t0;
        if (brokenAt(report.items) !== insert) verified = false;
        times.push(elapsed);
        log(`${size} lsp: ${what} ${e + 1}/${options.edits} ${Math.round(elapsed)} ms${verified ? '' : ' (unverified: no ref.broken change seen)'}`);
      }
      return { times, verified };
    };
    // In a clause near the middle.
    const { times: edits, verified } = await typeDigits(lines.position(truth.edit.offset), 'keystroke');
    // Inside a definition's text (the middle one of the definitions section): a reference to the same clause is
    // pasted at the end of its first line, unmeasured, then typed into as above. The definition's text changes with
    // each keystroke (what its hover shows), not its names or the terms it uses.
    const definitions = [...text.matchAll(/^"[^"\n]+" means [^\n]*$/gm)];
    const definitionLine = definitions[definitions.length >> 1];
    let definitionEdits: number[] = [];
    let definitionVerified = false;
    if (definitionLine) {
      const pasted = ` (see Section ${truth.edit.target})`;
      const lineEnd = lines.position(definitionLine.index + definitionLine[0].length);
      version++;
      await session.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: lineEnd, end: lineEnd }, text: pasted }] });
      await pull();
      ({ times: definitionEdits, verified: definitionVerified } = await typeDigits({ line: lineEnd.line, character: lineEnd.character + pasted.length - 1 }, 'keystroke in a definition'));
    }
    const serverPeakRss = processPeakRss(session.process.pid);

    // What VS Code asks as typing pauses, after each keystroke (the same digit typed and deleted in the clause): the
    // diagnostics, then completion at the cursor, the semantic tokens as an edit of the last ones, the outline,
    // folding ranges (at most VS Code's 5,000), code lenses, links and code actions, all sent at once. Timed from the
    // first request to the last answer.
    const editorRequests: number[] = [];
    const at = lines.position(truth.edit.offset);
    let tokensId: string | undefined;
    for (let e = 0; e < options.edits; e++) {
      const insert = await keystroke(at, e);
      await pull();
      const cursor = { line: at.line, character: at.character + (insert ? truth.edit.insert.length : 0) };
      const textDocument = { uri };
      const t0 = performance.now();
      const [tokens] = await Promise.all([
        session.request<{ resultId?: string }>(tokensId ? 'textDocument/semanticTokens/full/delta' : 'textDocument/semanticTokens/full', { textDocument, ...(tokensId ? { previousResultId: tokensId } : {}) }),
        session.request('textDocument/completion', { textDocument, position: cursor }),
        session.request('textDocument/documentSymbol', { textDocument }),
        session.request('textDocument/foldingRange', { textDocument }),
        session.request('textDocument/codeLens', { textDocument }),
        session.request('textDocument/documentLink', { textDocument }),
        session.request('textDocument/codeAction', { textDocument, range: { start: cursor, end: cursor }, context: { diagnostics: [] } }),
      ]);
      editorRequests.push(performance.now() - t0);
      tokensId = tokens.resultId;
    }
    log(`${size} lsp: the editor's requests after a keystroke p50 ${median(editorRequests).toFixed(1)} ms`);
    const serverPeakAfterRequests = processPeakRss(session.process.pid);

    // A hover right after each keystroke (the same digit typed and deleted in the clause, its diagnostics pulled), at a
    // term used elsewhere in the text, as a writer who types and then points at a term: answered from the indexed
    // text where the edit leaves that hover as it was (features/lookupsAfterEdit.ts), else after taking the text in.
    const hoverAfterKeystroke: number[] = [];
    let hoversFound = 0;
    const hoverPlaces = truth.termUseSamples.slice(0, 64).map((o) => lines.position(o));
    for (let e = 0; e < options.edits; e++) {
      await keystroke(at, options.edits + e);
      await pull();
      const t0 = performance.now();
      const hover = await session.request<unknown>('textDocument/hover', { textDocument: { uri }, position: hoverPlaces[e % hoverPlaces.length]! });
      hoverAfterKeystroke.push(performance.now() - t0);
      if (hover) hoversFound++;
    }
    log(`${size} lsp: a hover right after a keystroke p50 ${median(hoverAfterKeystroke).toFixed(2)} ms (${hoversFound} of ${hoverAfterKeystroke.length} found something)`);
    return { open, unchanged, unchangedInFull, settle, lookupWarmUp: options.lookupWarmUp, lookups, edits, verified, definitionEdits, definitionVerified, extraPulls, serverPeakRss, editorRequests, serverPeakAfterRequests, hoverAfterKeystroke, hoversFound, capabilities: Object.keys(init.capabilities) };
  } finally {
    await session.close();
  }
}

/**
 * The times of `many` requests the far end refuses at once (a method no one handles), after `many` unmeasured ones
 * that compile the request path on both sides (a lookup's own first requests are measured apart).
 */
async function refusalTimes(ask: (method: string) => Promise<unknown>, many: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 2 * many; i++) {
    const t0 = performance.now();
    await ask('clausemark/benchNoSuchRequest').catch(() => undefined);
    if (i >= many) samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * The machine's floor under every request through the server: `refusalTimes` of a fresh Node process that refuses
 * every request at once over stdio (vscode-jsonrpc, as the server uses it; no Clausemark code). What it shows above
 * its p50 is the machine's and the two processes' own, not the server's.
 */
async function bareFloor(many: number): Promise<number[]> {
  return withBareProcess([], (connection) => refusalTimes((method) => connection.sendRequest(method, {}), many));
}

/** Runs `use` with a connection to a fresh bare process (`--child echo` of this bundle, given `args`), ended after. */
async function withBareProcess<T>(args: readonly string[], use: (connection: MessageConnection) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [process.argv[1]!, '--child', 'echo', ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  try {
    return await use(connection);
  } finally {
    connection.dispose();
    child.stdin!.end();
    child.kill();
  }
}

/**
 * The floor under each lookup kind's answers: a fresh bare process (as `bareFloor`) holds the answers the server gave,
 * as objects, and answers `bench/replay [kind, i]` with the i-th, so the only work left is the protocol's: encoding,
 * the pipe, and the bench's decoding. It is asked as the server was: `refusalTimes`' unmeasured requests, then per
 * kind `warmUps` answers unmeasured (cycling through them) and all of them measured. Each answer that comes back is
 * checked against the one the server gave.
 */
async function replayFloor(answersOf: Readonly<Record<string, readonly string[]>>, many: number, warmUps: number): Promise<Record<string, number[]>> {
  const file = join(OUT, `replay-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(answersOf));
  try {
    return await withBareProcess(['--answers', file], (connection) => replayTimes(connection, answersOf, many, warmUps));
  } finally {
    rmSync(file, { force: true });
  }
}

/** The times of `replayFloor`'s requests, asked over `connection`. */
async function replayTimes(connection: MessageConnection, answersOf: Readonly<Record<string, readonly string[]>>, many: number, warmUps: number): Promise<Record<string, number[]>> {
  await refusalTimes((method) => connection.sendRequest(method, {}), many);
  const times: Record<string, number[]> = {};
  for (const [name, answers] of Object.entries(answersOf)) {
    for (let i = 0; answers.length > 0 && i < warmUps; i++) await connection.sendRequest('bench/replay', [name, i % answers.length]);
    const samples: number[] = [];
    for (let i = 0; i < answers.length; i++) {
      const t0 = performance.now();
      const answer = await connection.sendRequest<unknown>('bench/replay', [name, i]);
      samples.push(performance.now() - t0);
      if (JSON.stringify(answer ?? null) !== answers[i]) throw new Error(`replayFloor: ${name} answer ${i} came back changed`);
    }
    times[name] = samples;
  }
  return times;
}

/**
 * The far end of `bareFloor` and `replayFloor`: refuses every request at once, as the server refuses a method it does
 * not know; given `--answers FILE`, answers `bench/replay [kind, i]` with the i-th answer of that kind in the file.
 */
function serveBareFloor(answersFile: string | undefined): void {
  const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  if (answersFile) {
    const answersOf = Object.fromEntries(
      Object.entries(JSON.parse(readFileSync(answersFile, 'utf8')) as Record<string, string[]>).map(([name, answers]) => [name, answers.map((a) => JSON.parse(a) as unknown)]),
    );
    connection.onRequest('bench/replay', ([name, i]: [string, number]) => answersOf[name]?.[i] ?? null);
  }
  connection.onRequest((method) => new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`));
  process.stdin.on('end', () => process.exit(0));
  connection.listen();
}

/** VS Code's Markdown language service on the same document. */
async function childPeer(options: Options): Promise<Json> {
  const size = options.size!;
  const { text, truth } = readDoc(size);
  const { reps, warmup } = repsFor(options, size);
  const uri = pathToFileURL(docPath(size).replace(/\.clause\.md$/, '.md')).href;
  const coldTimes: number[] = [];
  let count = 0;
  for (let i = 0; i < warmup + reps; i++) {
    gc();
    const t = performance.now();
    const doc = TextDocument.create(uri, 'markdown', 1, text);
    const peer = new Peer([doc]);
    count = (await peer.diagnostics(doc)).length;
    const elapsed = performance.now() - t;
    peer.dispose();
    if (i >= warmup) coldTimes.push(elapsed);
  }
  log(`${size} peer: cold ${Math.round(median(coldTimes))} ms (${count} diagnostics)`);
  const peakRss = maxRss();

  const doc = TextDocument.create(uri, 'markdown', 1, text);
  const peer = new Peer([doc]);
  await peer.diagnostics(doc);
  const at = doc.positionAt(truth.edit.offset);
  const edits: number[] = [];
  for (let e = 0; e < options.edits; e++) {
    const insert = e % 2 === 0;
    const change = insert
      ? { range: { start: at, end: at }, text: truth.edit.insert }
      : { range: { start: at, end: { line: at.line, character: at.character + truth.edit.insert.length } }, text: '' };
    gc();
    const t = performance.now();
    TextDocument.update(doc, [change], doc.version + 1);
    peer.workspace.update(doc);
    await peer.diagnostics(doc);
    edits.push(performance.now() - t);
  }
  peer.dispose();
  log(`${size} peer: edit p50 ${Math.round(median(edits))} ms`);
  return { cold: coldTimes, edits, diagnostics: count, peakRss };
}

/** The workspace: floor and cold in alternation, memory, keystrokes in one file. */
function childWorkspace(options: Options): Json {
  const truth = JSON.parse(readFileSync(join(OUT, 'workspace.json'), 'utf8')) as WorkspaceTruth;
  const texts = truth.documents.map((path) => readFileSync(path, 'utf8'));
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  const reps = options.reps ?? 5;
  // The cold pass for memory is the cold warm-up; the floor warms up within its first files.
  const warmup = 0;

  const coldPass = () => {
    const t0 = performance.now();
    const ws = loadWorkspace([truth.root], truth.root);
    const t1 = performance.now();
    let diagnostics = 0;
    for (const uri of ws.index.documents()) diagnostics += documentDiagnostics(ws.index, uri.uri, DEFAULT_CONFIG).length;
    const t2 = performance.now();
    return { load: t1 - t0, diagnose: t2 - t1, total: t2 - t0, diagnostics, index: ws.index, documents: [...ws.index.documents()].length };
  };

  // First (and warm-up) pass: the cold pipeline alone, for its peak memory.
  gc();
  const baseline = process.memoryUsage();
  let first: ReturnType<typeof coldPass> | undefined = coldPass();
  const peakRss = maxRss();
  gc();
  const retainedHeap = process.memoryUsage().heapUsed - baseline.heapUsed;
  const documents = first.documents;
  const diagnostics = first.diagnostics;
  log(`workspace: warm-up cold ${Math.round(first.total)} ms (${documents} documents, ${diagnostics} diagnostics), peak RSS ${Math.round(mb(peakRss))} MB, retained heap ${Math.round(mb(retainedHeap))} MB`);
  first = undefined;

  const floor: number[] = [];
  const total: number[] = [];
  const load: number[] = [];
  const diagnose: number[] = [];
  let index: WorkspaceIndex | undefined;
  for (let i = 0; i < warmup + reps; i++) {
    index = undefined;
    gc();
    const t = performance.now();
    for (const text of texts) floorProcessor.parse(text);
    const f = performance.now() - t;
    gc();
    const c = coldPass();
    floor.push(f);
    total.push(c.total);
    load.push(c.load);
    diagnose.push(c.diagnose);
    index = c.index;
    log(`workspace rep ${i + 1 - warmup}/${reps}: floor ${Math.round(f)} ms, cold ${Math.round(c.total)} ms (load ${Math.round(c.load)}, diagnostics ${Math.round(c.diagnose)})`);
  }

  // Keystrokes in one contract of the loaded workspace, in process.
  const keys = keystrokesOf(truth.edit);
  // First the server's way (as bench:workspace measures it): the index keeps the file's text, and each keystroke's
  // diagnostics are found in its window.
  const window = windowKeystrokes(index!, keys, options.edits);
  // Then each keystroke taken into the index, the way of one the window refuses. It may re-link the whole workspace
  // (rules that count uses across it): a time budget bounds them.
  const edits: number[] = [];
  const budget = performance.now() + WS_EDIT_BUDGET_MS;
  for (let e = 0; e < options.edits; e++) {
    if (e >= 3 && performance.now() > budget) break;
    const t = performance.now();
    index!.setDocument(keys.uri, keys.text(e));
    documentDiagnostics(index!, keys.uri, DEFAULT_CONFIG);
    edits.push(performance.now() - t);
  }
  return { files: texts.length, bytes, documents, diagnostics, floor, total, load, diagnose, peakRss, baselineRss: baseline.rss, retainedHeap, windows: window.times, refused: window.refused.length, edits };
}

async function runChildPhase(options: Options): Promise<Json> {
  switch (options.child) {
    case 'time':
      return childTime(options);
    case 'memory-floor':
      return childMemory(options, 'floor');
    case 'memory-cold':
      return childMemory(options, 'cold');
    case 'profile': {
      // Three runs in one process, so that start-up (loading the bundle) is a small part of the profile.
      const { text } = readDoc(options.size!);
      for (let i = 0; i < 3; i++) await cold(text, docUri(options.size!));
      return {};
    }
    case 'lsp':
      return childLsp(options);
    case 'peer':
      return childPeer(options);
    case 'ws':
      return childWorkspace(options);
    default:
      throw new Error(`unknown child phase ${options.child}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The parent: runs the children, renders the table

const RESULT = '@@RESULT ';
/** At most this long for keystrokes in the workspace (at least 3 are measured). */
const WS_EDIT_BUDGET_MS = 120_000;
/** The workspace child's heap limit (MB). */
const WS_HEAP_MB = 16384;
/** A fresh server's first requests of each lookup kind, reported apart (they are part of the warm-up). */
const FRESH_REQUESTS = 1000;

/** At most this long per kind of lookup request and size (a slow server is measured at fewer positions). */
const LOOKUP_BUDGET_MS = 90_000;

function passThrough(options: Options): string[] {
  const args = ['--seed', String(options.seed), '--edits', String(options.edits), '--lookup-positions', String(options.lookupPositions), '--lookup-warm-up', String(options.lookupWarmUp)];
  if (options.reps) args.push('--reps', String(options.reps));
  if (options.quick) args.push('--quick');
  args.push('--server-flags', options.serverFlags.length > 0 ? options.serverFlags.join(' ') : 'none');
  return args;
}

/** Runs one phase in a child process; resolves to its result, or to `{ error }`. */
function runChild(options: Options, phase: string, size: string | undefined, nodeFlags: string[] = []): Promise<Json> {
  return new Promise((resolvePromise) => {
    const args = ['--expose-gc', ...nodeFlags, process.argv[1]!, '--child', phase, ...(size ? ['--size', size] : []), ...passThrough(options)];
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    // 'close', not 'exit': the child may have exited before the last of its output (the result line) is read.
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT));
      if (line) resolvePromise(JSON.parse(line.slice(RESULT.length)) as Json);
      else resolvePromise({ error: `child ${phase} ${size ?? ''} exited with ${code}` });
    });
  });
}

/**
 * Several lsp runs as one: samples pooled (a p99 of 5,000 lookups in five servers), times that happen once per run
 * (open, quiet, peak) as lists, and each run's own p99 of each lookup kind kept to show the spread.
 */
function poolLspRuns(runs: readonly Json[]): Json {
  const ok = runs.filter((r) => !r.error);
  if (ok.length === 0) return runs[0] ?? { error: 'no lsp run' };
  const all = (key: string) => ok.flatMap((r) => (Array.isArray(r[key]) ? (r[key] as number[]) : []));
  const each = (key: string) => ok.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
  const lookups: Json = {};
  for (const name of Object.keys((ok[0]!.lookups as Json | undefined) ?? {})) {
    const parts = ok.map((r) => (r.lookups as Json)[name] as Json | undefined).filter((l): l is Json => l !== undefined);
    const cat = (key: string) => parts.flatMap((l) => (Array.isArray(l[key]) ? (l[key] as number[]) : []));
    lookups[name] = {
      samples: cat('samples'),
      bytes: cat('bytes'),
      warmup: cat('warmup'),
      fresh: cat('fresh'),
      replay: cat('replay'),
      empty: parts.reduce((n, l) => n + ((l.empty as number | undefined) ?? 0), 0),
      cut: parts.some((l) => l.cut === true),
      runP99: parts.map((l) => quantile((l.samples as number[] | undefined) ?? [], 0.99)),
    };
  }
  return {
    runs: ok.length,
    open: median(each('open')),
    opens: each('open'),
    unchanged: all('unchanged'),
    unchangedInFull: all('unchangedInFull'),
    settle: median(each('settle')),
    lookupWarmUp: each('lookupWarmUp')[0],
    lookups,
    edits: all('edits'),
    verified: ok.every((r) => r.verified === true),
    definitionEdits: all('definitionEdits'),
    definitionVerified: ok.every((r) => r.definitionVerified === true),
    extraPulls: each('extraPulls').reduce((a, b) => a + b, 0),
    serverPeakRss: median(each('serverPeakRss')),
    serverPeaks: each('serverPeakRss'),
    editorRequests: all('editorRequests'),
    serverPeakAfterRequests: median(each('serverPeakAfterRequests')),
    serverPeaksAfterRequests: each('serverPeakAfterRequests'),
    hoverAfterKeystroke: all('hoverAfterKeystroke'),
    hoversFound: each('hoversFound').reduce((a, b) => a + b, 0),
    capabilities: ok[0]!.capabilities,
  };
}

interface SizeResults {
  time?: Json;
  memFloor?: Json;
  memCold?: Json;
  lsp?: Json;
  peer?: Json;
}

async function main(options: Options): Promise<void> {
  const started = new Date();
  const load0 = os.loadavg();
  mkdirSync(OUT, { recursive: true });
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run node esbuild.mjs (bench/build.mjs does)`);
  const phases = options.phases;
  prepareDocs(options);
  if (phases.has('ws')) prepareWorkspace(options);

  const results: Record<string, SizeResults> = {};
  let ws: Json | undefined;
  let profile: string | undefined;
  // Everything measured so far, after each phase: a run cut short still leaves its figures (see --render).
  const save = (file: string) =>
    writeFileSync(join(OUT, file), JSON.stringify({ options: { ...options, phases: [...phases] }, started, ended: Date.now(), load0, load1: os.loadavg(), results, ws, profile }, null, 1));
  for (const size of options.sizes) {
    const r: SizeResults = (results[size] = {});
    log(`--- ${size}`);
    if (phases.has('time')) r.time = await runChild(options, 'time', size);
    save('results.partial.json');
    if (phases.has('memory')) {
      r.memFloor = await runChild(options, 'memory-floor', size);
      r.memCold = await runChild(options, 'memory-cold', size);
    }
    save('results.partial.json');
    if (phases.has('lsp')) {
      // Run to run, a p99 moves by a millisecond or more on a shared machine: several fresh servers, pooled.
      const runs: Json[] = [];
      for (let i = 0; i < options.lspRuns; i++) runs.push(await runChild(options, 'lsp', size));
      r.lsp = poolLspRuns(runs);
    }
    save('results.partial.json');
    if (phases.has('peer')) r.peer = await runChild(options, 'peer', size);
    save('results.partial.json');
  }
  if (phases.has('ws')) {
    log('--- workspace');
    // Node's default heap (about 4 GB on this machine) runs out on the third re-index of the 5,000 files: the
    // child gets a larger one, and the table says so.
    ws = await runChild(options, 'ws', undefined, [`--max-old-space-size=${WS_HEAP_MB}`]);
    save('results.partial.json');
  }
  if (phases.has('profile')) {
    log('--- profile (1 MB cold pipeline)');
    const dir = join(OUT, 'profile');
    rmSync(dir, { recursive: true, force: true });
    if (!existsSync(docPath('1m'))) prepareDocs({ ...options, sizes: ['1m'] });
    await runChild(options, 'profile', '1m', ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file) profile = profileMarkdown(summarizeProfile(join(dir, file), process.argv[1]!));
  }

  save('results.json');
  rmSync(join(OUT, 'results.partial.json'), { force: true });
  const markdown = render(options, results, ws, profile, started, load0, os.loadavg(), Date.now());
  writeFileSync(join(OUT, 'results.md'), markdown);
  process.stdout.write(`${markdown}\n`);
}

/** `--render FILE`: the table again from a saved results.json (or results.partial.json of a run cut short). */
function renderSaved(file: string): void {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    options: Options & { phases: string[] };
    started: string;
    ended?: number;
    load0: number[];
    load1: number[];
    results: Record<string, SizeResults>;
    ws?: Json;
    profile?: string;
  };
  const options: Options = { ...saved.options, phases: new Set(saved.options.phases) };
  const markdown = render(options, saved.results, saved.ws, saved.profile, new Date(saved.started), saved.load0, saved.load1, saved.ended ?? statSync(file).mtimeMs);
  process.stdout.write(`${markdown}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

const fmt = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '–' : ms >= 100 ? Math.round(ms).toLocaleString('en-US') : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${x.toFixed(2)}×`);
const mbFmt = (bytes: unknown) => (typeof bytes === 'number' ? `${Math.round(mb(bytes)).toLocaleString('en-US')} MB` : '–');

function nums(j: Json | undefined, key: string): number[] | undefined {
  const v = j?.[key];
  return Array.isArray(v) ? (v as number[]) : undefined;
}

function med(j: Json | undefined, key: string): number | undefined {
  const v = nums(j, key);
  return v ? median(v) : undefined;
}

function q(j: Json | undefined, key: string, p: number): number | undefined {
  const v = nums(j, key);
  return v ? quantile(v, p) : undefined;
}

/** The median of a[i] / b[i]: the ratio within each repetition, robust to load that drifts between repetitions. */
function pairedRatio(a: readonly number[] | undefined, b: readonly number[] | undefined): number | undefined {
  if (!a || !b || a.length !== b.length || a.length === 0) return undefined;
  return median(a.map((x, i) => x / b[i]!));
}

function render(
  options: Options,
  results: Record<string, SizeResults>,
  ws: Json | undefined,
  profile: string | undefined,
  started: Date,
  load0: number[],
  load1: number[],
  ended: number,
): string {
  const sizes = options.sizes;
  const label: Record<string, string> = { '100k': '100 KB', '1m': '1 MB', '10m': '10 MB' };
  const cpu = os.cpus();
  const lines: string[] = [];
  lines.push('## Clausemark benchmark (issue 6)', '');
  lines.push(
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    `Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; took ${Math.round((ended - started.getTime()) / 60000)} min. Load average ${load0[0]!.toFixed(1)} at the start, ${load1[0]!.toFixed(1)} at the end.`,
    `Run: ${options.quick ? 'quick' : 'full'}, seed ${options.seed}; medians of ${sizes.map((s) => `${repsFor(options, s).reps} (${label[s]})`).join(', ')} repetitions after warm-up, GC before each; ${options.edits} keystrokes per size; the server started with ${options.serverFlags.length > 0 ? options.serverFlags.join(' ') : "Node's defaults"}.`,
    '',
  );
  const row = (cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);
  row(['#', 'Measure', ...sizes.map((s) => label[s]!), 'Target (issue 6)']);
  row(['---', '---', ...sizes.map(() => '---:'), '---']);
  const each = (f: (r: SizeResults, s: string) => string) => sizes.map((s) => f(results[s] ?? {}, s));
  const floorMed = (r: SizeResults) => med(r.time, 'floor');
  const coldMed = (r: SizeResults) => med(r.time, 'total');
  const editP = (r: SizeResults, p: number) => q(r.lsp, 'edits', p);

  row(['', 'Document size (chars)', ...each((r) => (typeof r.time?.bytes === 'number' ? (r.time.bytes as number).toLocaleString('en-US') : '–')), '']);
  row(['1', 'Floor: remark parse, whole document (ms)', ...each((r) => fmt(floorMed(r))), '—']);
  row(['1', 'Floor throughput (MB/s)', ...each((r) => (floorMed(r) ? (mb(r.time!.bytes as number) / (floorMed(r)! / 1000)).toFixed(2) : '–')), '—']);
  row(['1', 'Floor peak RSS', ...each((r) => mbFmt(r.memFloor?.peakRss)), '—']);
  row(['2', 'Cold: parseDocument + documentDiagnostics (ms)', ...each((r) => fmt(coldMed(r))), '']);
  row(['2', '… of which parse / link / rules (ms)', ...each((r) => `${fmt(med(r.time, 'parse'))} / ${fmt(med(r.time, 'link'))} / ${fmt(med(r.time, 'rules'))}`), '']);
  row(['2', '**Cold ÷ floor**', ...each((r) => ratio(coldMed(r) && floorMed(r) ? coldMed(r)! / floorMed(r)! : undefined)), '≤ 1.0× on 10 MB']);
  row(['2', 'Cold ÷ floor, median of the paired ratios (same repetition)', ...each((r) => ratio(pairedRatio(nums(r.time, 'total'), nums(r.time, 'floor')))), '']);
  row(['2', '**Peak RSS, cold**', ...each((r) => mbFmt(r.memCold?.peakRss)), '≤ 500 MB']);
  row(['2', 'Heap retained by the index after cold', ...each((r) => mbFmt(r.memCold?.retainedHeap)), '']);
  const servers = (r: SizeResults) => (typeof r.lsp?.runs === 'number' ? (r.lsp.runs as number) : 1);
  row(['3', 'Fresh servers measured, their samples pooled (rows 3 and 4)', ...each((r) => (r.lsp ? String(servers(r)) : '–')), '']);
  row(['3', 'Open via LSP: didOpen → first diagnostics, median (ms)', ...each((r) => fmt(r.lsp?.open as number | undefined)), '']);
  row(['3', '**Edit via LSP: keystroke → fresh diagnostics p50 / p95 (ms)**', ...each((r) => `${fmt(editP(r, 0.5))} / ${fmt(editP(r, 0.95))}`), 'p95 ≤ 20 ms']);
  row(['3', 'Edit answers verified (ref.broken appears and goes)', ...each((r) => (r.lsp ? (r.lsp.verified ? 'yes' : 'no') : '–')), '']);
  row(['3', 'Edit via LSP inside a definition\'s text (the middle one of the definitions section) p50 / p95 (ms; verified as above)', ...each((r) => (r.lsp ? `${fmt(q(r.lsp, 'definitionEdits', 0.5))} / ${fmt(q(r.lsp, 'definitionEdits', 0.95))}${r.lsp.definitionVerified ? '' : ' (unverified)'}` : '–')), '']);
  /** A median peak with the lowest and highest of the servers. */
  const peakCell = (median: number | undefined, peaks: readonly number[]) =>
    `${mbFmt(median)}${peaks.length > 1 ? ` (${Math.round(mb(Math.min(...peaks)))}–${Math.round(mb(Math.max(...peaks)))})` : ''}`;
  row(['3', 'Server peak RSS (VmHWM) after open, lookups and edits: median (lowest–highest)', ...each((r) => peakCell(r.lsp?.serverPeakRss as number | undefined, nums(r.lsp, 'serverPeaks') ?? [])), '≤ 500 MB']);
  row(['3', 'The editor\'s requests after a keystroke (completion, semantic tokens delta, outline, folding ranges, code lenses, links, code actions, sent at once as VS Code does when typing pauses), last answer p50 / p95 (ms)', ...each((r) => (nums(r.lsp, 'editorRequests')?.length ? `${fmt(q(r.lsp, 'editorRequests', 0.5))} / ${fmt(q(r.lsp, 'editorRequests', 0.95))}` : '–')), '']);
  row(['3', 'Server peak RSS (VmHWM) after those requests too: median (lowest–highest)', ...each((r) => peakCell(r.lsp?.serverPeakAfterRequests as number | undefined, nums(r.lsp, 'serverPeaksAfterRequests') ?? [])), '']);
  row(['3', 'A hover right after a keystroke, at a term used elsewhere, p50 / p95 (ms; hovers that found something)', ...each((r) => (nums(r.lsp, 'hoverAfterKeystroke')?.length ? `${fmt(q(r.lsp, 'hoverAfterKeystroke', 0.5))} / ${fmt(q(r.lsp, 'hoverAfterKeystroke', 0.95))} (${(r.lsp as Json).hoversFound} of ${nums(r.lsp, 'hoverAfterKeystroke')!.length})` : '–')), '']);
  row(['4', 'Server quiet after the first diagnostics, median (ms; lookups start then)', ...each((r) => fmt(r.lsp?.settle as number | undefined)), '']);
  row(['4', 'Diagnostic pull, unchanged document, naming the report held (as VS Code does): p50 / p99 (ms)', ...each((r) => `${fmt(q(r.lsp, 'unchanged', 0.5))} / ${fmt(q(r.lsp, 'unchanged', 0.99))}`), '']);
  row(['4', '… naming no report (answered in full) p50 / p99 (ms)', ...each((r) => `${fmt(q(r.lsp, 'unchangedInFull', 0.5))} / ${fmt(q(r.lsp, 'unchangedInFull', 0.99))}`), '']);
  row(['4', 'index.linked(), cached, p50 / p99 (ms)', ...each((r) => `${fmt(q(r.time, 'cachedLinked', 0.5))} / ${fmt(q(r.time, 'cachedLinked', 0.99))}`), '']);
  row(['4', 'index.linked() after any change (re-link), median (ms)', ...each((r) => fmt(med(r.time, 'relink'))), '']);
  for (const name of ['hover', 'definition', 'references', 'completion']) {
    row(['4', `**${name}** in process (the language service, no protocol) p50 / p99 at the same positions, median of 3 timings each (ms)`, ...each((r) => {
      const l = (r.time?.lookups as Json | undefined)?.[name] as { p50?: number; p99?: number; positions?: number } | undefined;
      return l?.p99 !== undefined ? `${fmt(l.p50!)} / ${fmt(l.p99)}${l.positions !== undefined && l.positions < options.lookupPositions ? ` (${l.positions} positions)` : ''}` : '–';
    }), 'p99 ≤ 2 ms']);
  }
  row(['4', 'Bare JSON-RPC floor: a fresh Node process refusing at once, no Clausemark code, p50 / p99 (ms)', ...each((r) => {
    const l = (r.lsp?.lookups as Json | undefined)?.echo as Json | undefined;
    return l ? `${fmt(q(l, 'samples', 0.5))} / ${fmt(q(l, 'samples', 0.99))}` : '–';
  }), '']);
  row(['4', 'Transport floor: a request the server refuses at once, p50 / p99 (ms)', ...each((r) => {
    const l = (r.lsp?.lookups as Json | undefined)?.transport as Json | undefined;
    return l ? `${fmt(q(l, 'samples', 0.5))} / ${fmt(q(l, 'samples', 0.99))}` : '–';
  }), '']);
  for (const name of ['hover', 'definition', 'references', 'completion']) {
    const any = sizes.some((s) => (results[s]?.lsp?.lookups as Json | undefined)?.[name]);
    if (!any) {
      row(['4', `**${name}** p99 at 1,000 positions (ms)`, ...sizes.map(() => 'TODO'), 'p99 ≤ 2 ms']);
      continue;
    }
    row(['4', `**${name}** p50 / p99 at 1,000 positions per server (ms)`, ...each((r) => {
      const l = (r.lsp?.lookups as Json | undefined)?.[name] as Json | undefined;
      const n = Math.round((nums(l, 'samples')?.length ?? 0) / servers(r));
      const note = l?.cut ? ` (${n} positions: ${LOOKUP_BUDGET_MS / 1000} s budget spent)` : n < 1000 ? ` (all ${n} positions)` : '';
      return l ? `${fmt(q(l, 'samples', 0.5))} / ${fmt(q(l, 'samples', 0.99))}${note}` : '–';
    }), 'p99 ≤ 2 ms']);
    row(['4', `… ${name}: each server's own p99 (ms)`, ...each((r) => {
      const l = (r.lsp?.lookups as Json | undefined)?.[name] as Json | undefined;
      const own = nums(l, 'runP99');
      return own && own.length > 1 ? own.map((v) => fmt(v)).join(', ') : '–';
    }), '']);
    // Saved runs from before `--lookup-warm-up` asked 200 first and kept no `fresh` list.
    const warmUps = (r: SizeResults) => (typeof r.lsp?.lookupWarmUp === 'number' ? (r.lsp.lookupWarmUp as number) : 200);
    row(['4', `… ${name}: a fresh server's first ${Math.min(FRESH_REQUESTS, options.lookupWarmUp ?? 200).toLocaleString('en-US')} requests (unmeasured, before the 1,000), p50 / p99 (ms)`, ...each((r) => {
      const l = (r.lsp?.lookups as Json | undefined)?.[name] as Json | undefined;
      return l && nums(l, 'fresh') ? `${fmt(q(l, 'fresh', 0.5))} / ${fmt(q(l, 'fresh', 0.99))}` : '–';
    }), '']);
    row(['4', `… ${name}: requests asked before the 1,000 (cycling through the positions; the first ${FRESH_REQUESTS.toLocaleString('en-US')} among them), per server`, ...each((r) => (r.lsp ? warmUps(r).toLocaleString('en-US') : '–')), '']);
    row(['4', `… ${name}: the same answers from a bare JSON-RPC process (no lookup), p50 / p99 (ms)`, ...each((r) => {
      const l = (r.lsp?.lookups as Json | undefined)?.[name] as Json | undefined;
      return l && nums(l, 'replay') ? `${fmt(q(l, 'replay', 0.5))} / ${fmt(q(l, 'replay', 0.99))}` : '–';
    }), '']);
    row(['4', `… ${name}: answer's JSON p50 / p99 (KB)`, ...each((r) => {
      const l = (r.lsp?.lookups as Json | undefined)?.[name] as Json | undefined;
      const kb = (p: number) => fmt((q(l, 'bytes', p) ?? NaN) / 1024);
      return l && nums(l, 'bytes') ? `${kb(0.5)} / ${kb(0.99)}` : '–';
    }), '']);
  }
  row(['5', 'Reopen unchanged document: measured by `npm run bench:reopen` (block cache), see docs/performance.md', ...each(() => '—'), '≤ 0.2× floor']);
  row(['6', 'Peer (VS Code Markdown LS): cold diagnostics (ms)', ...each((r) => fmt(med(r.peer, 'cold'))), '']);
  row(['6', 'Peer: diagnostics after a keystroke p50 / p95 (ms)', ...each((r) => `${fmt(q(r.peer, 'edits', 0.5))} / ${fmt(q(r.peer, 'edits', 0.95))}`), '']);
  row(['6', '**Peer edit p50 ÷ our edit p50**', ...each((r) => ratio(q(r.peer, 'edits', 0.5) && editP(r, 0.5) ? q(r.peer, 'edits', 0.5)! / editP(r, 0.5)! : undefined)), '≥ 10×']);
  row(['6', 'Peer peak RSS', ...each((r) => mbFmt(r.peer?.peakRss)), '']);

  // Growth: time per byte relative to the previous size (1.00× = linear; for edits and lookups, flat means 0.1×).
  const growth = (f: (r: SizeResults) => number | undefined) =>
    sizes.map((s, i) => {
      if (i === 0) return '—';
      const a = f(results[sizes[i - 1]!] ?? {});
      const b = f(results[s] ?? {});
      const bytesA = results[sizes[i - 1]!]?.time?.bytes as number | undefined;
      const bytesB = results[s]?.time?.bytes as number | undefined;
      if (!a || !b || !bytesA || !bytesB) return '–';
      return `${(b / a).toFixed(1)}× for ${(bytesB / bytesA).toFixed(1)}× size`;
    });
  row(['7', '**Growth of cold** (vs previous size)', ...growth(coldMed), 'at most linear']);
  row(['7', 'Growth of floor', ...growth(floorMed), '']);
  row(['7', '**Growth of edit p50**', ...growth((r) => editP(r, 0.5)), 'flat (1.0×)']);
  row(['7', 'Growth of unchanged diagnostic pull p50', ...growth((r) => q(r.lsp, 'unchanged', 0.5)), 'flat']);

  if (ws) {
    lines.push('', '### Workspace', '');
    if (ws.error) lines.push(`Failed: ${String(ws.error)}`);
    else {
      const floorW = med(ws, 'floor');
      const coldW = med(ws, 'total');
      lines.push(
        `${ws.files as number} files (${ws.documents as number} documents indexed), ${mb(ws.bytes as number).toFixed(1)} M chars, ${(ws.diagnostics as number).toLocaleString('en-US')} diagnostics; medians of ${nums(ws, 'total')?.length ?? 0} repetitions; run with --max-old-space-size=${WS_HEAP_MB} (Node's default heap ran out of memory on the third re-index).`,
        '',
        '| # | Measure | Value | Target (issue 6) |',
        '|---|---|---:|---|',
        `| 5 | Floor: remark parse of every file (ms) | ${fmt(floorW)} | — |`,
        `| 5 | Cold: loadWorkspace + documentDiagnostics of all (ms) | ${fmt(coldW)} | |`,
        `| 5 | … of which load (read + parse) / diagnostics (link + rules) (ms) | ${fmt(med(ws, 'load'))} / ${fmt(med(ws, 'diagnose'))} | |`,
        `| 5 | **Cold ÷ floor** (median of paired ratios: ${ratio(pairedRatio(nums(ws, 'total'), nums(ws, 'floor')))}) | ${ratio(floorW && coldW ? coldW / floorW : undefined)} | ≤ 1.0× |`,
        `| 5 | **Peak RSS, cold** (texts held: ${mbFmt(ws.baselineRss)} baseline) | ${mbFmt(ws.peakRss)} | reported |`,
        `| 5 | Heap retained by the index | ${mbFmt(ws.retainedHeap)} | |`,
        `| 5 | **Keystroke in one file, in its window (the server's way), in process p50 / p95** (ms; ${nums(ws, 'windows')?.length ?? 0} keystrokes${ws.refused ? `, ${ws.refused as number} refused by the window` : ''}) | ${fmt(q(ws, 'windows', 0.5))} / ${fmt(q(ws, 'windows', 0.95))} | p95 ≤ 20 ms |`,
        `| 5 | Keystroke in one file taken into the index (setDocument + its diagnostics: the way of a keystroke the window refuses), in process p50 / p95 (ms; ${nums(ws, 'edits')?.length ?? 0} keystrokes) | ${fmt(q(ws, 'edits', 0.5))} / ${fmt(q(ws, 'edits', 0.95))} | |`,
      );
    }
  }
  const failures = Object.entries(results).flatMap(([s, r]) => Object.entries(r).filter(([, v]) => (v as Json | undefined)?.error).map(([k, v]) => `${s} ${k}: ${String((v as Json).error)}`));
  if (failures.length > 0) lines.push('', `Failed phases: ${failures.join('; ')}`);
  if (profile) lines.push('', '### Profile: 1 MB cold pipeline, three runs in one process (`node --cpu-prof`, whole process)', '', profile);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------

const renderIndex = process.argv.indexOf('--render');
const options = parseArgs(renderIndex >= 0 ? [] : process.argv.slice(2));
if (renderIndex >= 0) {
  renderSaved(resolve(process.argv[renderIndex + 1] ?? join(OUT, 'results.json')));
} else if (options.child === 'echo') {
  serveBareFloor(options.answers);
} else if (options.child) {
  runChildPhase(options).then(
    (result) => {
      // Exit once the line is written: a pipe takes it in pieces, and exiting at once would cut it.
      process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`, () => process.exit(0));
    },
    (error: unknown) => {
      process.stderr.write(`[bench] child ${options.child} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  main(options).catch((error: unknown) => {
    process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
