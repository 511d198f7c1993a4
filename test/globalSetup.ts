// Builds the bundles once before the suites that run them as processes (the CLI and, later, the server).

import { execFileSync } from 'node:child_process';

/** Runs esbuild on the project's bundles. */
export default function setup(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'pipe' });
}
