// Runs the same end-to-end suite in desktop VS Code through @vscode/test-electron, for machines that can download VS Code.
//
// Usage: node test/e2e/runInElectron.mjs [--extension DIR] [--tests FILE] [--workspace DIR]
//                                        [--vscode-version VERSION] [--vscode-executable PATH]
//   --extension          extension development path (default: repository root)
//   --tests              compiled test module exporting run(): Promise<void> (default: test/e2e/out/suite/index.js)
//   --workspace          folder opened in VS Code (default: examples/frontier-dispute)
//   --vscode-version     VS Code to download: 'stable', 'insiders' or a number such as 1.100.3 (default: stable)
//   --vscode-executable  use this installed VS Code instead of downloading one
// Downloads go to .cache/vscode-test/ (git-ignored). On Linux without a display, run it under `xvfb-run -a`.
// Screenshots: this runner has no handle on the window, so the suite's screenshot() calls are no-ops here.
// Where VS Code cannot be downloaded (a closed network, like the machines this project is developed on), it
// stops with a message saying so and exit code 3; use `npm run test:e2e` (code-server) there.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      extension: { type: 'string', default: ROOT },
      tests: { type: 'string', default: join(ROOT, 'test/e2e/out/suite/index.js') },
      workspace: { type: 'string', default: join(ROOT, 'examples/frontier-dispute') },
      'vscode-version': { type: 'string', default: 'stable' },
      'vscode-executable': { type: 'string' },
    },
  }));
} catch (err) {
  console.error(err.message);
  process.exit(2);
}

const extensionDevelopmentPath = resolve(opts.extension);
const extensionTestsPath = resolve(opts.tests);
const workspace = resolve(opts.workspace);
for (const [what, path] of [['extension folder', join(extensionDevelopmentPath, 'package.json')], ['test module', extensionTestsPath], ['workspace', workspace]]) {
  if (!existsSync(path)) {
    console.error(`runInElectron: ${what} ${path} not found${what === 'test module' ? ' (build the suite first: tsc -p test/e2e)' : ''}`);
    process.exit(2);
  }
}

let testElectron;
try {
  testElectron = await import('@vscode/test-electron');
} catch {
  console.error('runInElectron: @vscode/test-electron is not installed; run `npm install`');
  process.exit(2);
}

// 1. VS Code itself: an installed one, or a download (cached in .cache/vscode-test/), kept apart from the run so
//    that a download failure gets its own clear message.
let vscodeExecutablePath = opts['vscode-executable'] && resolve(opts['vscode-executable']);
if (!vscodeExecutablePath) {
  const version = opts['vscode-version'];
  try {
    vscodeExecutablePath = await testElectron.downloadAndUnzipVSCode({
      version,
      cachePath: join(ROOT, '.cache/vscode-test'),
      timeout: 30_000, // idle time-out, so that a dead network fails in seconds, not minutes
    });
  } catch (err) {
    console.error(
      `runInElectron: could not download VS Code (${version}) with @vscode/test-electron: ${err?.message ?? err}\n` +
        "This machine cannot reach VS Code's download server (offline or a closed network). Run the suite in\n" +
        'code-server instead: `npm run setup:e2e && npm run test:e2e`, or pass --vscode-executable PATH to an\n' +
        'installed VS Code.',
    );
    process.exit(3);
  }
}

// 2. The suite, in an Extension Development Host on the workspace with every other extension off (workspace
//    trust off too, as in the code-server run).
try {
  const code = await testElectron.runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { CLAUSEMARK_E2E_WORKSPACE: workspace, CLAUSEMARK_E2E_RUNNER: 'electron' },
  });
  process.exit(code);
} catch (err) {
  // runTests rejects with 'Test run failed with code N' when the suite failed; its output is already printed.
  console.error(`runInElectron: ${err?.message ?? err}`);
  process.exit(1);
}
