// Vitest configuration: every in-memory suite under test/, never the end-to-end suite that needs a real VS Code.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'threads',
    globalSetup: ['test/globalSetup.ts'],
  },
});
