// The `clausemark` command line: `index` prints the document model, `check` prints diagnostics. The same
// language service as the editor's; no LSP. Exit codes: 0 no error-level finding, 1 an error-level finding,
// 2 bad usage or unreadable input (one line on stderr, never a stack trace).

import { pathToFileURL } from 'node:url';
import { buildCheckJson, renderCheckText } from './checkOutput.js';
import { buildIndexJson } from './indexOutput.js';
import { loadWorkspace, UsageError } from './loadWorkspace.js';

const USAGE = `Usage:
  clausemark index PATH... [--format json]
  clausemark check PATH... [--format text|json]
PATH is a file or a folder (every *.clause.md below it, and *.md files whose front matter has "clausemark: 1").
Exit codes: 0 no error-level finding, 1 an error-level finding, 2 bad usage or unreadable input.`;

/** What a run of the command line printed and its exit code (kept apart from the process for tests). */
export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs the command line on `args` (without `node` and the script), relative to `cwd`. */
export function runCli(args: readonly string[], cwd = process.cwd()): CliResult {
  try {
    return run(args, cwd);
  } catch (error) {
    if (error instanceof UsageError) return { stdout: '', stderr: `clausemark: ${error.message}\n`, code: 2 };
    return { stdout: '', stderr: `clausemark: internal error: ${error instanceof Error ? error.message : String(error)}\n`, code: 2 };
  }
}

function run(args: readonly string[], cwd: string): CliResult {
  const [command, ...rest] = args;
  if (!command) return { stdout: '', stderr: `${USAGE}\n`, code: 2 };
  if (command === '--help' || command === '-h' || command === 'help') return { stdout: `${USAGE}\n`, stderr: '', code: 0 };
  if (command === '--version') return { stdout: `${VERSION}\n`, stderr: '', code: 0 };
  if (command !== 'index' && command !== 'check') throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  const { paths, format } = parseOptions(rest, command === 'index' ? ['json'] : ['text', 'json'], command === 'index' ? 'json' : 'text');
  if (paths.length === 0) throw new UsageError(`"${command}" needs at least one PATH\n${USAGE}`);
  const { index, documents } = loadWorkspace(paths, cwd);
  const cwdUri = pathToFileURL(cwd).href;
  if (command === 'index') {
    return { stdout: `${JSON.stringify(buildIndexJson(index, documents, cwdUri), null, 2)}\n`, stderr: '', code: 0 };
  }
  const result = buildCheckJson(index, documents, cwdUri);
  const stdout = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderCheckText(result);
  return { stdout, stderr: '', code: result.summary.error > 0 ? 1 : 0 };
}

function parseOptions(args: readonly string[], formats: readonly string[], defaultFormat: string): { paths: string[]; format: string } {
  const paths: string[] = [];
  let format = defaultFormat;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!value || !formats.includes(value)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  return { paths, format };
}

declare const __CLAUSEMARK_VERSION__: string | undefined;
const VERSION = typeof __CLAUSEMARK_VERSION__ === 'string' ? __CLAUSEMARK_VERSION__ : 'development';
