// Runs the end-to-end suite inside a real VS Code (code-server 4.100.3 = VS Code 1.100.3) driven by headless Chromium, and exits with the suite's exit code.
//
// Usage: node test/e2e/runInCodeServer.mjs [--extension DIR] [--tests FILE] [--workspace DIR]
//                                          [--screenshots DIR] [--timeout SECONDS] [--verbose]
//   --extension    extension development path (default: repository root)
//   --tests        compiled test module exporting run(): Promise<void> (default: test/e2e/out/suite/index.js)
//   --workspace    folder opened in VS Code (default: examples/frontier-dispute)
//   --screenshots  folder for screenshots the suite asks for (optional; without it screenshot() is a no-op)
//   --timeout      whole run, server start included, in seconds (default: 180); exit code 124 when exceeded
//   --verbose      also print the workbench's own console messages and code-server's log
// Env: CLAUSEMARK_CODE_SERVER  code-server binary (default: .cache/code-server/node_modules/.bin/code-server,
//      installed by `npm run setup:e2e`); CHROMIUM  browser binary (default: /usr/bin/chromium).
//
// How it works (recipe: shared notes vscode-e2e.md): code-server starts on a free loopback port with throw-away
// --user-data-dir / --extensions-dir / XDG folders in one temp folder. Chromium opens the workbench with a
// `payload` carrying extensionDevelopmentPath and extensionTestsPath (code-server refuses them on its own
// command line); the workbench runs the suite's run() in the extension host and calls the page's exposed
// codeAutomationExit(code) when it settles. Console lines that the extension host forwards to the page
// ("[Extension Host] ...") are printed to stdout without any prefix, so the suite's `✓ name` lines and its
// closing `N passed, M failed` line appear as the suite wrote them. Everything else the page logs is hidden
// unless --verbose (the workbench logs a lot about the closed network).
//
// Screenshots: the suite runs in the extension host and cannot reach the browser, so the runner serves a tiny
// HTTP endpoint on 127.0.0.1 and hands its address to the extension host in the environment variable
// CLAUSEMARK_E2E_SCREENSHOT_URL (code-server passes its environment on to the extension host). The suite's
// helper test/e2e/suite/screenshot.ts does `POST <url>?name=NAME`; the runner waits `settle` ms (default 300)
// for the workbench to paint, saves <screenshots>/NAME.png with Playwright and answers 200 {"path": ...} only
// once the file is written (or 500 {"error": ...}), so a test continues exactly when its picture exists, and
// errors reach the test. The URL holds a random token; names are restricted to [A-Za-z0-9._-]. Without
// --screenshots the variable is not set and the helper does nothing. On a failure or a timeout the runner
// also saves <screenshots>/failure.png.
//
// Cleanup: code-server runs in its own process group, killed (SIGTERM, then SIGKILL) together with the browser
// on every path: success, failure, timeout, SIGINT/SIGTERM, uncaught errors; the temp folder is removed.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const T0 = Date.now();
const secs = () => ((Date.now() - T0) / 1000).toFixed(1);
const note = (msg) => process.stderr.write(`[e2e ${secs()}s] ${msg}\n`);

// ---------------------------------------------------------------------------------------------------- arguments
let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      extension: { type: 'string', default: ROOT },
      tests: { type: 'string', default: join(ROOT, 'test/e2e/out/suite/index.js') },
      workspace: { type: 'string', default: join(ROOT, 'examples/frontier-dispute') },
      screenshots: { type: 'string' },
      timeout: { type: 'string', default: '180' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n\n')[0].replace(/^\/\/ ?/gm, '') + '\n');
  process.exit(0);
}
const extensionPath = resolve(opts.extension);
const testsPath = resolve(opts.tests);
const workspacePath = resolve(opts.workspace);
const screenshotsDir = opts.screenshots ? resolve(opts.screenshots) : undefined;
const timeoutSeconds = Number(opts.timeout);
const codeServerBin = process.env.CLAUSEMARK_CODE_SERVER || join(ROOT, '.cache/code-server/node_modules/.bin/code-server');
const chromiumBin = process.env.CHROMIUM || '/usr/bin/chromium';

function fail(msg) {
  process.stderr.write(`runInCodeServer: ${msg}\n`);
  process.exit(2);
}
if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) fail(`--timeout must be a positive number of seconds, got '${opts.timeout}'`);
if (!existsSync(join(extensionPath, 'package.json'))) fail(`no package.json in the extension folder ${extensionPath}`);
if (!existsSync(testsPath)) fail(`test module ${testsPath} not found; build the suite first (tsc -p test/e2e)`);
if (!existsSync(workspacePath) || !statSync(workspacePath).isDirectory()) fail(`workspace folder ${workspacePath} not found`);
if (!existsSync(codeServerBin)) fail(`code-server not found at ${codeServerBin}; run \`npm run setup:e2e\` (or set CLAUSEMARK_CODE_SERVER)`);
if (!existsSync(chromiumBin)) fail(`Chromium not found at ${chromiumBin}; run \`npm run setup:e2e\` (apt-get install chromium) or set CHROMIUM`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  fail('playwright-core is not installed; run `npm install`');
}
if (screenshotsDir) mkdirSync(screenshotsDir, { recursive: true });

// ---------------------------------------------------------------------------------------------------- cleanup
const tmp = mkdtempSync(join(tmpdir(), 'clausemark-e2e-'));
const logPath = join(tmp, 'code-server.log');
let server; // code-server child process
let browser;
let page;
let shotServer;
let cleaning;
let finishing = false;

function killServerGroup(signal, evenIfLeaderExited = false) {
  if (!server || (!evenIfLeaderExited && (server.exitCode !== null || server.signalCode !== null))) return;
  try {
    process.kill(-server.pid, signal); // the whole group: code-server, its extension host, pty host, ...
  } catch {
    try { server.kill(signal); } catch { /* already gone */ }
  }
}

async function cleanup() {
  cleaning ??= (async () => {
    if (browser) await Promise.race([browser.close().catch(() => {}), delay(5000)]);
    if (shotServer) shotServer.close();
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      killServerGroup('SIGTERM');
      if ((await Promise.race([exited.then(() => true), delay(3000).then(() => false)])) === false) killServerGroup('SIGKILL');
    }
    killServerGroup('SIGKILL', true); // stragglers of the group whose leader already exited
    try { rmSync(tmp, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ }
  })();
  return cleaning;
}

// quiet: the suite itself failed (its failures are printed already) or the user stopped the run, so the server's
// log is no news.
async function finish(code, why, quiet = false) {
  if (finishing) {
    // A second signal while cleaning up: stop now (the 'exit' handler still kills code-server's group).
    if (quiet) process.exit(code);
    return;
  }
  finishing = true;
  if (why) note(why);
  if (code !== 0 && page && screenshotsDir) {
    await Promise.race([page.screenshot({ path: join(screenshotsDir, 'failure.png') }).then(() => note(`saved ${join(screenshotsDir, 'failure.png')}`)).catch(() => {}), delay(5000)]);
  }
  if (code !== 0 && !quiet && !opts.verbose && existsSync(logPath)) {
    const tail = readFileSync(logPath, 'utf8').split('\n').filter((l) => l.trim()).slice(-15).join('\n');
    if (tail) process.stderr.write(`--- last lines of code-server's log ---\n${tail}\n---\n`);
  }
  await cleanup();
  note(`exit ${code}`);
  process.exit(code);
}

// Last resort if something calls process.exit directly: never leave code-server behind.
process.on('exit', () => killServerGroup('SIGKILL', true));
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => void finish(code, `${sig} received, stopping`, true));
}
process.on('uncaughtException', (err) => void finish(1, `runner error: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => void finish(1, `runner error: ${err?.stack ?? err}`));
const overall = setTimeout(() => void finish(124, `timeout: no result after ${timeoutSeconds} s (--timeout)`), timeoutSeconds * 1000);
overall.unref();

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms).unref());
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------- screenshots
async function startScreenshotServer() {
  const token = randomBytes(12).toString('hex');
  shotServer = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== `/${token}/screenshot`) return reply(404, { error: 'unknown path' });
    const name = url.searchParams.get('name') ?? '';
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || name.startsWith('.')) return reply(400, { error: `bad screenshot name '${name}'` });
    const settle = Math.min(Math.max(Number(url.searchParams.get('settle') ?? 300) || 0, 0), 10000);
    if (!page) return reply(503, { error: 'no page yet' });
    const path = join(screenshotsDir, `${name}.png`);
    try {
      await delay(settle);
      await page.screenshot({ path });
      note(`screenshot ${path}`);
      reply(200, { path });
    } catch (err) {
      reply(500, { error: String(err?.message ?? err) });
    }
  });
  await new Promise((r) => shotServer.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${shotServer.address().port}/${token}/screenshot`;
}

// ---------------------------------------------------------------------------------------------------- code-server
// User settings of the throw-away profile: no prompts over the editor in screenshots, nothing that calls out.
const USER_SETTINGS = {
  'git.openRepositoryInParentFolders': 'never', // else a "git repository found in the parent folders" toast
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
};

async function startCodeServer(env) {
  const port = await freePort();
  for (const d of ['user-data/User', 'extensions', 'xdg-data', 'xdg-config', 'xdg-cache']) mkdirSync(join(tmp, d), { recursive: true });
  writeFileSync(join(tmp, 'user-data/User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--config', join(tmp, 'config.yaml'),
    '--user-data-dir', join(tmp, 'user-data'),
    '--extensions-dir', join(tmp, 'extensions'),
    // No folder argument: the browser opens the folder. With one, code-server would hand the folder to an already
    // running code-server of the same user (its session socket) and exit.
  ];
  const log = createWriteStream(logPath);
  server = spawn(codeServerBin, args, {
    env,
    cwd: workspacePath,
    detached: true, // own process group, so that cleanup can kill the extension host and the pty host with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [server.stdout, server.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (opts.verbose) process.stderr.write(String(chunk).replace(/^(?=.)/gm, '[code-server] '));
    });
  }
  const exited = new Promise((r) => server.once('exit', (code, signal) => r(`code-server exited early (code ${code}, signal ${signal})`)));
  server.once('exit', (code, signal) => {
    if (!cleaning) void finish(1, `code-server exited unexpectedly (code ${code}, signal ${signal})`);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await Promise.race([
      fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false),
      exited,
    ]);
    if (answer === true) return { port, base };
    if (typeof answer === 'string') throw new Error(answer);
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${base}/healthz within 60 s`);
    await delay(150);
  }
}

// ---------------------------------------------------------------------------------------------------- main
const env = { ...process.env };
for (const key of Object.keys(env)) {
  // A VS Code terminal's variables would make code-server and its extension host talk to that other VS Code.
  if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
}
Object.assign(env, {
  XDG_DATA_HOME: join(tmp, 'xdg-data'),
  XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
  XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
  EXTENSIONS_GALLERY: '{}', // no marketplace (code-server would query open-vsx.org, which this network cannot reach)
  CLAUSEMARK_E2E_WORKSPACE: workspacePath,
  CLAUSEMARK_E2E_RUNNER: 'code-server',
});
if (screenshotsDir) env.CLAUSEMARK_E2E_SCREENSHOT_URL = await startScreenshotServer();

note(`starting code-server (${codeServerBin.startsWith(ROOT) ? codeServerBin.slice(ROOT.length + 1) : codeServerBin})`);
const { port, base } = await startCodeServer(env).catch((err) => finish(1, String(err.message ?? err)));
note(`code-server answers on ${base}`);

const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(extensionPath)],
  ['extensionTestsPath', remote(testsPath)],
  ['skipWelcome', 'true'],
];
const url = `${base}/?folder=${encodeURIComponent(workspacePath)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

browser = await chromium.launch({
  executablePath: chromiumBin,
  headless: true,
  handleSIGINT: false, // the runner's own handlers close the browser and code-server together
  handleSIGTERM: false,
  handleSIGHUP: false,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    // Resolve no host name at all: the workbench only needs 127.0.0.1, and must not try the outside network.
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  ],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
page = await context.newPage();

let suiteDone;
const suiteExit = new Promise((r) => (suiteDone = r));
// The workbench calls this with run()'s outcome (0 or 1) once the suite settles.
await page.exposeFunction('codeAutomationExit', (code) => suiteDone(Number(code) || 0));

// In a test run the workbench sends what the extension host writes with console.* to its log service, which
// prints it as console.log('%c INFO', 'color: #33f', message) (WARN, '  ERR', DEBUG, TRACE alike). Those
// messages go to stdout without the level prefix; the workbench's own chatter of the same kind (connection
// set-up, caches) is dropped, and every other page message is shown only with --verbose.
const LOG_LINE = /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR) color: \S+ ?/;
const WORKBENCH_CHATTER = [
  /^Resolv(ing|ed) connection token /,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore: /,
  /^Started local extension host with pid /,
  /^Ignoring fetching additional builtin extensions from gallery as it is disabled/,
  /^Creation of workbench contribution '[^']*' took \d+ms\.$/,
];
page.on('console', (msg) => {
  const text = msg.text(); // synchronous, so that lines keep their order
  const m = LOG_LINE.exec(text);
  const message = m ? text.slice(m[0].length) : undefined;
  if (message !== undefined && !WORKBENCH_CHATTER.some((re) => re.test(message))) {
    process.stdout.write(message + '\n');
  } else if (opts.verbose) {
    process.stderr.write(`[page ${msg.type()}] ${text}\n`);
  }
});
page.on('pageerror', (err) => {
  if (opts.verbose) process.stderr.write(`[page error] ${err.message}\n`);
});

note('opening the workbench in Chromium');
await page.goto(url, { waitUntil: 'domcontentloaded' });
const code = await suiteExit;
await finish(code, `suite finished with exit code ${code}`, true);
