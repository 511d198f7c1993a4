// Minimal test runner executed by VS Code's extension host: runs the tests exported by every *.e2e.js beside it and prints `N passed, M failed`.
//
// A test file exports async functions; each export is one test and the export's name is the test's name, or
// it exports `tests`, an object whose keys are the names. Tests run one after another, in file then export
// order, each with a time limit (CLAUSEMARK_E2E_TEST_TIMEOUT ms, default 60 000). CLAUSEMARK_E2E_GREP, when
// set, keeps only the tests whose `file › name` contains it. run() rejects when any test failed, which the
// workbench turns into exit code 1.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';

type Test = () => unknown | Promise<unknown>;

function collect(file: string): [string, Test][] {
  const mod = require(join(__dirname, file)) as Record<string, unknown>;
  const entries = Object.entries(mod).flatMap(([key, value]): [string, unknown][] =>
    key === 'tests' && value && typeof value === 'object' ? Object.entries(value) : [[key, value]],
  );
  const base = file.replace(/\.e2e\.js$/, '');
  return entries.filter((e): e is [string, Test] => typeof e[1] === 'function').map(([name, fn]) => [`${base} › ${name}`, fn]);
}

function withTimeout(p: Promise<unknown>, ms: number, name: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`'${name}' timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export async function run(): Promise<void> {
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort();
  const grep = process.env.CLAUSEMARK_E2E_GREP;
  const timeoutMs = Number(process.env.CLAUSEMARK_E2E_TEST_TIMEOUT) || 60_000;
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    let tests: [string, Test][];
    try {
      tests = collect(file);
    } catch (err) {
      tests = [[`${file} (load)`, () => Promise.reject(err)]];
    }
    for (const [name, fn] of tests) {
      if (grep && !name.includes(grep)) continue;
      const start = Date.now();
      try {
        await withTimeout(Promise.resolve().then(fn), timeoutMs, name);
        passed++;
        console.log(`✓ ${name} (${Date.now() - start} ms)`);
      } catch (err) {
        failed++;
        console.log(`✗ ${name} (${Date.now() - start} ms)\n${indent(err instanceof Error && err.stack ? err.stack : inspect(err))}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) throw new Error(passed === 0 && failed === 0 ? 'no e2e test ran' : `${failed} e2e test(s) failed`);
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}
