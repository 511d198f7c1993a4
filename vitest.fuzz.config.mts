// Vitest configuration of the long fuzz run (`npm run fuzz`): the fuzz properties of test/fuzz/service.test.ts for a
// time budget of CLAUSEMARK_FUZZ_SECONDS (default 300) shared among them, printing documents tried per property.
import { defineConfig } from 'vitest/config';

const seconds = Number(process.env.CLAUSEMARK_FUZZ_SECONDS ?? 0) || 300;

export default defineConfig({
  test: {
    include: ['test/fuzz/service.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    globalSetup: ['test/globalSetup.ts'],
    env: { CLAUSEMARK_FUZZ_SECONDS: String(seconds) },
    testTimeout: seconds * 1000 + 600_000,
    hookTimeout: 120_000,
    disableConsoleIntercept: true,
    reporters: ['verbose'],
  },
});
