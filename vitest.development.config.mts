// Vitest configuration for micromark's assertion build: the inline-syntax suite with the `development` export condition.
//
// Vitest already adds `--conditions development` unless NODE_ENV is `production`; the explicit `execArgv` makes the
// `dev/` builds (with `devlop` assertions) load in any environment, and CLAUSEMARK_MICROMARK_DEV turns on the test
// that proves it (a deliberately broken construct must trip an assertion). No globalSetup: this suite runs no bundle.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['development'] },
  ssr: { resolve: { conditions: ['module', 'node', 'development'], externalConditions: ['development'] } },
  test: {
    include: ['test/syntax/inlineSyntax.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'threads',
    execArgv: ['--conditions=development'],
    env: { CLAUSEMARK_MICROMARK_DEV: '1' },
  },
});
