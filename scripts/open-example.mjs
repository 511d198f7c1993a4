// The main job: checks the example workspace with the command line, then opens it in a real VS Code with the
// extension loaded — desktop VS Code (`code`) where it is installed and a display is there, otherwise
// code-server (VS Code in the browser, installed by `npm run setup:e2e`) on http://127.0.0.1:PORT — and prints
// where to look. Stop it with Ctrl-C.
//
// Usage: node scripts/open-example.mjs [--port 8080] [--workspace examples/frontier-dispute] [--no-open]
//   --no-open   check only, do not start an editor (used by CI smoke runs)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT || '8080' },
    workspace: { type: 'string', default: join(ROOT, 'examples/frontier-dispute') },
    'no-open': { type: 'boolean', default: false },
  },
});
const workspace = resolve(opts.workspace);

console.log(`Checking ${workspace} with the clausemark command line:\n`);
const check = spawnSync(process.execPath, [join(ROOT, 'server/out/cli.js'), 'check', workspace, '--format', 'text'], { stdio: 'inherit' });
if (check.status === 2) process.exit(2);
if (opts['no-open']) process.exit(0);

const WHERE_TO_LOOK = `
Where to look:
  1. Open microsoft-openai.clause.md and hover "Stateless API Call": its definition, its explanation and the
     positions of Microsoft, OpenAI and Amazon, with their sources.
  2. Ctrl/Cmd-click a term, a citation key ([@…]) or a clause reference (§1.1): go to its definition.
  3. View > Problems: the findings above, live as you type. The status bar shows the document's counts.
  4. The Outline view: the clause tree with the definitions inside.
Stop with Ctrl-C.`;

const code = spawnSync('code', ['--version'], { encoding: 'utf8' });
if (code.status === 0 && (process.env.DISPLAY || process.platform !== 'linux')) {
  console.log(`\nOpening desktop VS Code ${code.stdout.split('\n')[0]} with the extension loaded from ${ROOT}`);
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, workspace], { stdio: 'inherit', detached: true }).unref();
  console.log(WHERE_TO_LOOK.replace('Stop with Ctrl-C.', ''));
  process.exit(0);
}

const bin = process.env.CLAUSEMARK_CODE_SERVER || join(ROOT, '.cache/code-server/node_modules/.bin/code-server');
if (!existsSync(bin)) {
  // No desktop VS Code and no code-server yet: install code-server (and the Debian packages it needs) now.
  console.log('\nNo desktop VS Code here: installing code-server (VS Code in the browser) with scripts/install-e2e.sh');
  const install = spawnSync('bash', [join(ROOT, 'scripts/install-e2e.sh')], { stdio: 'inherit' });
  if (install.status !== 0 || !existsSync(bin)) {
    console.error('\nInstalling code-server failed (see above). Install desktop VS Code, or run `npm run setup:e2e` as root, then `npm start` again.');
    process.exit(2);
  }
}
const state = join(ROOT, '.cache/open-example');
mkdirSync(join(state, 'User'), { recursive: true });
writeFileSync(join(state, 'User/settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'git.openRepositoryInParentFolders': 'never' }, null, 2));
const host = `127.0.0.1:${opts.port}`;
const server = spawn(
  bin,
  ['--auth', 'none', '--bind-addr', host, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', state, '--extensions-dir', join(state, 'extensions'), workspace],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
);
const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${host}${ROOT}`], ['skipWelcome', 'true']]));
const url = `http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${payload}`;
let announced = false;
const announce = (chunk) => {
  if (announced || !/HTTP server listening/i.test(String(chunk))) return;
  announced = true;
  console.log(`\nVS Code (code-server) is serving the example with the Clausemark extension loaded. Open in a browser:\n\n  ${url}\n${WHERE_TO_LOOK}`);
};
server.stdout.on('data', announce);
server.stderr.on('data', announce);
server.on('exit', (status) => process.exit(status ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
