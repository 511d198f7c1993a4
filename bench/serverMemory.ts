// Where the language server's peak memory comes from (`npm run bench:server-memory`, issue 6 "memory"): drives the
// built server over stdio through the phases of `npm run bench`'s `lsp` phase (open, diagnostic pulls, hover,
// definition, references, completion, keystrokes) and samples the server process's VmRSS from /proc/PID/status
// every few milliseconds, so each phase gets its highest RSS, its RSS at the end and the VmHWM so far.
//
// Flags: --size 10m (a contract of bench/out/docs, made by `npm run bench` or generated here)  --positions N
//        (lookups per kind, default 1000)  --edits N (default 20)  --interval MS (sampling, default 10)
//        --server FILE (default server/out/main.js)  --node-flags "..." (given to the server's node; default
//        the VS Code client's on this machine, `none` for Node's defaults)
//        --init JSON (initializationOptions, default {"trusted":true})  --json FILE
//        --ipc (node IPC, as the VS Code client starts it, instead of stdio)  --trace-gc FILE (with --ipc: the
//        server's `--trace-gc` lines, phase marks between them, written to FILE)  --settle S (then wait S seconds
//        idle, default 0: V8's memory reducer runs after about 8 s, so this shows what the server keeps)
// Run: npm run bench:server-memory -- --size 10m   (Linux only: it reads /proc)

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { LineIndex } from '../server/src/language/index.js';
import { benchServerFlags, diagnosticPuller, initializeParams, type BenchDiagnostic, type Registration } from './initialize.js';
import { cpuMs, serverSettled } from './serverQuiet.js';
import { generateContract, SIZES, type ContractTruth } from './generate.js';

const REPO = resolve(__dirname, '../..');
const OUT = join(REPO, 'bench/out');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const size = arg('size', '10m');
const positionsPerKind = Number(arg('positions', '1000'));
const editCount = Number(arg('edits', '20'));
const intervalMs = Number(arg('interval', '10'));
const serverPath = resolve(arg('server', join(REPO, 'server/out/main.js')));
const nodeFlags = benchServerFlags(process.argv.includes('--node-flags') ? arg('node-flags', '') : undefined);
const initializationOptions = JSON.parse(arg('init', '{"trusted":true}')) as unknown;
const jsonOut = arg('json', join(OUT, `server-memory-${size}.json`));
const ipc = process.argv.includes('--ipc');
const settleS = Number(arg('settle', '0'));
const traceGc = arg('trace-gc', '');
if (traceGc && !ipc) throw new Error('--trace-gc needs --ipc: over stdio the trace would corrupt the protocol');

const MB = 1024 * 1024;

/** VmRSS, VmHWM and thread count of a process from /proc/PID/status, in bytes. */
function status(pid: number): { rss: number; hwm: number; threads: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024, threads: kb('Threads') };
  } catch {
    return undefined;
  }
}

interface PhaseFigures {
  readonly phase: string;
  readonly ms: number;
  /** CPU time of the server during the phase (every thread: main, workers, GC helpers). */
  readonly cpuMs: number;
  /** Highest VmRSS sampled during the phase. */
  readonly maxRss: number;
  /** VmRSS at the end of the phase. */
  readonly endRss: number;
  /** VmHWM at the end of the phase (the peak since the server started). */
  readonly hwm: number;
  /** Most threads seen during the phase (worker threads show here). */
  readonly threads: number;
  readonly note?: string;
}

function docText(): { text: string; truth: ContractTruth } {
  const path = join(OUT, 'docs', `contract-${size}.clause.md`);
  if (!existsSync(path) || !existsSync(`${path}.json`)) {
    if (!(size in SIZES)) throw new Error(`unknown size ${size}: use ${Object.keys(SIZES).join(', ')}`);
    const { text, truth } = generateContract({ seed: 20260601, targetBytes: SIZES[size]! });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    writeFileSync(`${path}.json`, JSON.stringify(truth));
  }
  return { text: readFileSync(path, 'utf8'), truth: JSON.parse(readFileSync(`${path}.json`, 'utf8')) as ContractTruth };
}

async function main(): Promise<void> {
  const { text, truth } = docText();
  const root = join(OUT, `server-memory-root-${size}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const uri = pathToFileURL(join(root, basename(`contract-${size}.clause.md`))).href; // Not on disk: the editor's text only.
  const flags = [...nodeFlags, ...(traceGc ? ['--trace-gc'] : [])];
  let connection: MessageConnection;
  const child = ipc
    ? spawn(process.execPath, [...flags, serverPath, '--node-ipc'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
    : spawn(process.execPath, [...flags, serverPath, '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
  const trace = traceGc ? createWriteStream(traceGc) : undefined;
  if (ipc) {
    connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    if (trace) child.stdout!.pipe(trace);
    else child.stdout!.resume();
  } else {
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  }
  const pid = child.pid!;
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onRequest('window/workDoneProgress/create', () => null);
  const registrations: Registration[] = [];
  connection.onRequest('client/registerCapability', (p: { registrations: Registration[] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    process.stderr.write(`[server] ${p.message}\n`);
  });
  connection.listen();

  // The sampler: the highest RSS and thread count since the current phase began.
  let phaseMax = 0;
  let phaseThreads = 0;
  const sample = () => {
    const s = status(pid);
    if (!s) return;
    phaseMax = Math.max(phaseMax, s.rss);
    phaseThreads = Math.max(phaseThreads, s.threads);
  };
  const timer = setInterval(sample, intervalMs);
  const phases: PhaseFigures[] = [];
  let phaseStart = performance.now();
  let phaseCpu = cpuMs(pid);
  const endPhase = (phase: string, note?: string) => {
    sample();
    const s = status(pid) ?? { rss: NaN, hwm: NaN, threads: NaN };
    const cpu = cpuMs(pid);
    const figures: PhaseFigures = { phase, ms: performance.now() - phaseStart, cpuMs: cpu - phaseCpu, maxRss: phaseMax, endRss: s.rss, hwm: s.hwm, threads: phaseThreads, ...(note ? { note } : {}) };
    phases.push(figures);
    trace?.write(`=== end of phase ${phase}: max ${Math.round(figures.maxRss / MB)} MB\n`);
    process.stderr.write(
      `[memory] ${phase.padEnd(22)} ${String(Math.round(figures.ms)).padStart(7)} ms  cpu ${String(Math.round(figures.cpuMs)).padStart(7)} ms  max ${String(Math.round(figures.maxRss / MB)).padStart(5)} MB  end ${String(Math.round(figures.endRss / MB)).padStart(5)} MB  HWM ${String(Math.round(figures.hwm / MB)).padStart(5)} MB  threads ${figures.threads}${note ? `  (${note})` : ''}\n`,
    );
    phaseMax = 0;
    phaseThreads = 0;
    phaseStart = performance.now();
    phaseCpu = cpu;
  };

  const request = <R>(method: string, params: unknown) => connection.sendRequest<R>(method, params);
  try {
    const init = await request<{ capabilities: Record<string, unknown> }>('initialize', initializeParams(root, initializationOptions));
    await connection.sendNotification('initialized', {});
    await new Promise((r) => setTimeout(r, 200));
    endPhase('start');

    const pull = diagnosticPuller(request, uri, (init.capabilities.diagnosticProvider as { identifier?: string } | undefined)?.identifier, registrations);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'clausemark', version: 1, text } });
    endPhase('didOpen sent');
    let first = await pull();
    while (first.items.length === 0) {
      await new Promise((r) => setTimeout(r, 20));
      first = await pull();
    }
    endPhase('open → diagnostics', `${first.items.length} diagnostics`);
    for (let i = 0; i < 10; i++) await pull();
    endPhase('unchanged pulls ×10');
    // As `npm run bench` does: the lookups start once the server is quiet (it prepares them meanwhile).
    const settle = await serverSettled(pid);
    endPhase('quiet', `after ${Math.round(settle)} ms`);

    const lines = new LineIndex(text);
    const positions = truth.termUseSamples.slice(0, positionsPerKind).map((o) => lines.position(o));
    const triggers = [...text.matchAll(/\[\[|\[@|§/g)].map((m) => m.index + m[0].length);
    const n = Math.min(positionsPerKind, triggers.length);
    const completionPositions = Array.from({ length: n }, (_, i) => lines.position(triggers[Math.floor((i * triggers.length) / n)]!));
    const kinds: [string, string, (p: { line: number; character: number }) => unknown][] = [
      ['hover', 'hoverProvider', (position) => ({ textDocument: { uri }, position })],
      ['definition', 'definitionProvider', (position) => ({ textDocument: { uri }, position })],
      ['references', 'referencesProvider', (position) => ({ textDocument: { uri }, position, context: { includeDeclaration: true } })],
      ['completion', 'completionProvider', (position) => ({ textDocument: { uri }, position })],
    ];
    for (const [name, capability, params] of kinds) {
      if (!init.capabilities[capability]) continue;
      const at = name === 'completion' ? completionPositions : positions;
      for (const position of at) await request(`textDocument/${name}`, params(position));
      endPhase(name, `${at.length} positions`);
    }

    const at = lines.position(truth.edit.offset);
    const brokenAt = (items: readonly BenchDiagnostic[]) =>
      items.some((d) => d.code === 'ref.broken' && d.range.start.line === at.line && d.range.start.character <= at.character && d.range.end.character >= at.character);
    let verified = true;
    const keystrokes: number[] = [];
    for (let e = 0; e < editCount; e++) {
      const t0 = performance.now();
      const insert = e % 2 === 0;
      const change = insert
        ? { range: { start: at, end: at }, text: truth.edit.insert }
        : { range: { start: at, end: { line: at.line, character: at.character + truth.edit.insert.length } }, text: '' };
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: e + 2 }, contentChanges: [change] });
      let report = await pull();
      for (let k = 0; brokenAt(report.items) !== insert && k < 50; k++) report = await pull();
      if (brokenAt(report.items) !== insert) verified = false;
      keystrokes.push(performance.now() - t0);
      if (e === 0 || e === editCount - 1) endPhase(e === 0 ? 'first keystroke' : `keystrokes 2-${editCount}`);
    }
    const sorted = [...keystrokes].sort((a, b) => a - b);
    const keystrokeP50 = sorted[Math.ceil(sorted.length / 2) - 1] ?? NaN;
    process.stderr.write(`[memory] keystroke → fresh diagnostics p50 ${Math.round(keystrokeP50)} ms, max ${Math.round(sorted.at(-1) ?? NaN)} ms\n`);
    if (settleS > 0) {
      await new Promise((r) => setTimeout(r, settleS * 1000));
      endPhase(`idle ${settleS} s`);
    }
    clearInterval(timer);
    const peak = phases.reduce((a, p) => (p.maxRss > a.maxRss ? p : a));
    process.stderr.write(`[memory] peak VmHWM ${Math.round(phases.at(-1)!.hwm / MB)} MB; highest sampled RSS ${Math.round(peak.maxRss / MB)} MB in "${peak.phase}"; edits verified: ${verified}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
    mkdirSync(dirname(jsonOut), { recursive: true });
    writeFileSync(jsonOut, JSON.stringify({ size, chars: text.length, nodeFlags, initializationOptions, load: os.loadavg(), verified, keystrokes, keystrokeP50, phases }, null, 1));
  } finally {
    clearInterval(timer);
    await request('shutdown', null).catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    // A server under --heap-prof writes its profile as it exits: give it time before stopping it.
    if (child.exitCode === null) await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 20_000))]);
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
