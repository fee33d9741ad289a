import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run test:mutation` (stryker.config.mjs) runs against each
 * mutant: only those of the mutated modules, on in-memory PGlite only, so a
 * mutant's run stays short on two cores. Not used by `npm test`.
 */
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: [
      'lib/permissions*.test.ts',
      'lib/action-runner.test.ts',
      'lib/proposals/rules*.test.ts',
      'lib/scoring/**/*.test.ts',
      'lib/metrics/measurement-batch*.test.ts',
      'lib/api/idempotency*.test.ts',
      'lib/csv/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // An empty TEST_DATABASE_URL counts as unset (lib/env.ts): PGlite only, whatever the shell says.
    env: { KEEL_ENV: 'test', DATA_DIR: '.data/test', TEST_DATABASE_URL: '' },
  },
});
