// Builds the benchmark: the project's bundles first (the edit bench spawns the built language server), then bench/run.ts into one CommonJS file, bench/out/run.js.
//
// The bench bundle is not minified: esbuild's `// path` comments before each module name the source of every
// function in a CPU profile (see bench/profile.ts).

import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });

await esbuild.build({
  absWorkingDir: repo,
  entryPoints: ['bench/run.ts'],
  outfile: 'bench/out/run.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __CLAUSEMARK_VERSION__: JSON.stringify('bench') },
});
