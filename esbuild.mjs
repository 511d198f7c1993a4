// Builds the bundles: the `clausemark` command line (and, with the server and client, their bundles), each
// one CommonJS file with every dependency inlined, so the package ships without node_modules.
// Flags: --production minifies; --watch rebuilds on change.

import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  define: { __CLAUSEMARK_VERSION__: JSON.stringify(version) },
};

const builds = [
  { ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'server/out/main.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
