// Builds the bundles: the `clausemark` command line (and, with the server and client, their bundles), each
// one CommonJS file with every dependency inlined, so the package ships without node_modules.
// Flags: --production minifies; --watch rebuilds on change.

import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * citation-js's core can fetch remote bibliography files; Clausemark never lets it (sources come from the
 * workspace only), so its fetch libraries are replaced by a module that refuses, which also keeps ~300 KB out of
 * the bundles.
 */
const noNetwork = {
  name: 'no-network',
  setup(build) {
    build.onResolve({ filter: /^(sync-fetch|fetch-ponyfill|node-fetch)$/ }, (args) => ({ path: args.path, namespace: 'no-network' }));
    build.onLoad({ filter: /.*/, namespace: 'no-network' }, (args) => ({
      contents: [
        "const refuse = () => { throw new Error('Clausemark does not access the network'); };",
        // fetch-ponyfill is called at load time and returns the fetch API; the others are fetch functions.
        args.path === 'fetch-ponyfill'
          ? 'module.exports = () => ({ fetch: refuse, Headers: class {}, Request: class {}, Response: class {} });'
          : 'module.exports = refuse; module.exports.default = refuse; module.exports.fetch = refuse;',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  plugins: [noNetwork],
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
  // The read pool's worker thread (server/src/host/readPool.ts), used by the server and the command line.
  { ...common, entryPoints: ['server/src/host/readWorker.ts'], outfile: 'server/out/readWorker.js' },
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
