// The `clausemark` command line: `check` prints findings (text, JSON, SARIF or GitHub annotations), `report` renders
// the reports, `index` prints the document model. The same language service as the editor's; no LSP. Exit codes:
// 0 no finding at or above --fail-on, 1 such a finding, 2 bad usage or unreadable input (one line on stderr, never
// a stack trace). `runCliAsync` (the executable) reads the documents in worker threads (`--jobs`); `runCli` reads them
// on the calling thread and gives the same output.

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReadPool } from '../host/readPool.js';
import { FORMATS_OF } from '../language/index.js';
import { checkJson, checkWorkspace, failsAt, FAIL_ON, renderCheckText } from './checkOutput.js';
import { renderGithub } from './github.js';
import { buildIndexJson } from './indexOutput.js';
import { loadWorkspace, loadWorkspaceParallel, PARALLEL_MIN_BYTES, UsageError, type LoadedWorkspace } from './loadWorkspace.js';
import { progressLine, type Progress, type ProgressStream } from './progress.js';
import { assertRenderable, formatOfFile, REPORT_FORMAT_NAMES, REPORT_KIND_NAMES, renderWorkspaceReport } from './report.js';
import { renderSarif } from './sarif.js';

const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
const FAIL_ON_LEVELS = Object.keys(FAIL_ON) as (keyof typeof FAIL_ON)[];

const USAGE = `Usage:
  clausemark check PATH... [--format text|json|sarif|github] [--fail-on error|warning|info] [--jobs N]
  clausemark report PATH... [--kind ${REPORT_KIND_NAMES.join('|')}] [--format ${REPORT_FORMAT_NAMES.join('|')}] [--output FILE] [--jobs N]
  clausemark index PATH... [--format json] [--jobs N]
  clausemark --help | --version

PATH is a file, a folder (every *.clause.md below it, and *.md files whose front matter has "clausemark: 1"), or a
glob in quotes: 'contracts/**/*.clause.md' (* ? [abc] within a name, ** across folders, {a,b} alternatives).

check    runs every rule. --format text (default): path:line:col severity rule-id message, then a summary;
         json: files with LSP ranges; sarif: a SARIF 2.1.0 log for code scanning; github: GitHub Actions annotations.
         --fail-on (default error): the lowest severity that makes the exit code 1.
report   renders a report of the documents: --kind (default all), --format (default: the extension of --output,
         else md), --output FILE (default: standard output). Formats of each kind:
${Object.entries(FORMATS_OF)
  .map(([kind, formats]) => `           ${`${kind}:`.padEnd(10)}${formats.join(', ')}`)
  .join('\n')}
index    prints the model of each document as JSON: clauses, terms, term uses, references, citations.

--jobs N reads the documents in N worker threads; 1 reads them in the main thread. Default: as many workers as
         processors (at most 8) when the documents make 256 KB or more. The output is the same.

Exit codes: 0 no finding at or above --fail-on, 1 a finding at or above it, 2 bad usage or unreadable input.`;

/** What a run of the command line printed and its exit code (kept apart from the process for tests). */
export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** The live streams a run may write to while it works (the progress line); everything else goes in CliResult. */
export interface CliIo {
  readonly stderr?: ProgressStream;
}

/** Where the read pool's worker script is, for `runCliAsync` (the bundle's `readWorker.js`). */
export interface CliWorkers {
  readonly workerFile: string;
}

/**
 * Runs the command line on `args` (without `node` and the script), relative to `cwd`, reading every document on this
 * thread (`--jobs` is accepted and has no effect).
 */
export function runCli(args: readonly string[], cwd = process.cwd(), io: CliIo = {}): CliResult {
  return guarded(() => {
    const step = plan(args, cwd, io);
    return 'finish' in step ? step.finish(loadWorkspace(step.paths, cwd)) : step;
  });
}

/** Runs the command line as `runCli` does, with the documents read in `--jobs` worker threads; the same output. */
export async function runCliAsync(args: readonly string[], cwd: string, io: CliIo, workers: CliWorkers): Promise<CliResult> {
  let pool: ReadPool | undefined;
  try {
    const step = guarded(() => plan(args, cwd, io));
    if (!('finish' in step)) return step;
    const jobs = step.jobs ?? availableParallelism();
    if (jobs <= 1) return guarded(() => step.finish(loadWorkspace(step.paths, cwd)));
    let warned = false;
    pool = new ReadPool({
      workerFile: workers.workerFile,
      size: jobs,
      // A worker that cannot start or stops only costs time: its documents are read here. Said once.
      onError: (message) => {
        if (!warned) io.stderr?.write(`clausemark: ${message}\n`);
        warned = true;
      },
    });
    let loaded: LoadedWorkspace;
    let reading: Progress | undefined;
    try {
      loaded = await loadWorkspaceParallel(step.paths, cwd, pool, {
        onRead: (done, total) => {
          reading ??= progressLine(io.stderr, total, Date.now, 'read');
          reading.update(done, total);
        },
        // Workers asked for by name are used whatever the workspace's size; by default only for a large one.
        minBytes: step.jobs === undefined ? PARALLEL_MIN_BYTES : 0,
      });
    } catch (error) {
      return guarded(() => {
        throw error;
      });
    } finally {
      reading?.end();
    }
    await pool.close();
    pool = undefined;
    return guarded(() => step.finish(loaded));
  } finally {
    await pool?.close();
  }
}

/** The result of `run`, with a thrown UsageError or other error turned into exit code 2 and one line. */
function guarded(run: () => CliResult): CliResult;
function guarded(run: () => CliResult | Step): CliResult | Step;
function guarded(run: () => CliResult | Step): CliResult | Step {
  try {
    return run();
  } catch (error) {
    if (error instanceof UsageError) return { stdout: '', stderr: `clausemark: ${error.message}\n`, code: 2 };
    return { stdout: '', stderr: `clausemark: internal error: ${error instanceof Error ? error.message : String(error)}\n`, code: 2 };
  }
}

/** A command whose arguments are understood: the paths to load, the workers to read them with, and the rest of its work. */
interface Step {
  readonly paths: readonly string[];
  /** `--jobs`, when given. */
  readonly jobs: number | undefined;
  readonly finish: (loaded: LoadedWorkspace) => CliResult;
}

/** What `args` ask for: an answer at once (help, version, a usage error), or a workspace to load and then finish. */
function plan(args: readonly string[], cwd: string, io: CliIo): CliResult | Step {
  const [command, ...rest] = args;
  if (!command) return { stdout: '', stderr: `${USAGE}\n`, code: 2 };
  if (command === '--help' || command === '-h' || command === 'help') return { stdout: `${USAGE}\n`, stderr: '', code: 0 };
  if (command === '--version') return { stdout: `${VERSION}\n`, stderr: '', code: 0 };
  switch (command) {
    case 'index':
      return index(rest, cwd);
    case 'check':
      return check(rest, cwd, io);
    case 'report':
      return report(rest, cwd);
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

/** The value of `--jobs`, when given: a whole number of worker threads, at least 1. */
function jobsOption(options: Map<string, string>): number | undefined {
  const value = options.get('jobs');
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`--jobs must be a whole number of at least 1, not "${value}"`);
  return Number(value);
}

function index(args: readonly string[], cwd: string): Step {
  const { paths, options } = parseOptions('index', args, { format: ['json'], jobs: 'N' });
  return {
    paths,
    jobs: jobsOption(options),
    finish: ({ index: workspace, documents }) => ({
      stdout: `${JSON.stringify(buildIndexJson(workspace, documents, pathToFileURL(cwd).href), null, 2)}\n`,
      stderr: '',
      code: 0,
    }),
  };
}

function check(args: readonly string[], cwd: string, io: CliIo): Step {
  const { paths, options } = parseOptions('check', args, { format: CHECK_FORMATS, 'fail-on': FAIL_ON_LEVELS, jobs: 'N' });
  const format = (options.get('format') ?? 'text') as (typeof CHECK_FORMATS)[number];
  const failOn = (options.get('fail-on') ?? 'error') as keyof typeof FAIL_ON;
  return {
    paths,
    jobs: jobsOption(options),
    finish: ({ index: workspace, documents }) => {
      const cwdUri = pathToFileURL(cwd).href;
      const progress = progressLine(io.stderr, documents.length);
      let result;
      try {
        result = checkWorkspace(workspace, documents, cwdUri, (done, total) => progress.update(done, total));
      } finally {
        progress.end();
      }
      const stdout =
        format === 'json'
          ? `${JSON.stringify(checkJson(result), null, 2)}\n`
          : format === 'sarif'
            ? renderSarif(result, { cwdUri, version: VERSION })
            : format === 'github'
              ? renderGithub(result)
              : renderCheckText(result);
      return { stdout, stderr: '', code: failsAt(result.summary, failOn) ? 1 : 0 };
    },
  };
}

function report(args: readonly string[], cwd: string): Step {
  const { paths, options } = parseOptions('report', args, { kind: REPORT_KIND_NAMES, format: REPORT_FORMAT_NAMES, output: 'FILE', jobs: 'N' });
  const output = options.get('output');
  const kind = (options.get('kind') ?? 'all') as (typeof REPORT_KIND_NAMES)[number];
  const format = (options.get('format') ?? (output ? formatOfFile(output) : undefined) ?? 'md') as (typeof REPORT_FORMAT_NAMES)[number];
  // An impossible pair is refused before anything is read.
  assertRenderable(kind, format);
  return {
    paths,
    jobs: jobsOption(options),
    finish: ({ index: workspace, documents }) => {
      const text = renderWorkspaceReport(workspace, documents, kind, format);
      if (output === undefined) return { stdout: text, stderr: '', code: 0 };
      try {
        writeFileSync(resolve(cwd, output), text);
      } catch (error) {
        throw new UsageError(`Cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      return { stdout: '', stderr: '', code: 0 };
    },
  };
}

/** Each option a command takes: the values it accepts, or the name of its free value (`FILE`). */
type OptionSpecs = Readonly<Record<string, readonly string[] | string>>;

/** Splits `args` into paths and `--name value` / `--name=value` options; `--` ends the options. */
function parseOptions(command: string, args: readonly string[], specs: OptionSpecs): { paths: string[]; options: Map<string, string> } {
  const paths: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : undefined;
    const spec = name !== undefined && Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
    if (spec !== undefined) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (typeof spec === 'string') {
        if (!value) throw new UsageError(`--${name} needs a ${spec}`);
      } else if (!value || !spec.includes(value)) {
        throw new UsageError(`--${name} must be one of ${spec.join(', ')}`);
      }
      options.set(name!, value);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError(`"${command}" needs at least one PATH\n${USAGE}`);
  return { paths, options };
}

declare const __CLAUSEMARK_VERSION__: string | undefined;
const VERSION = typeof __CLAUSEMARK_VERSION__ === 'string' ? __CLAUSEMARK_VERSION__ : 'development';
