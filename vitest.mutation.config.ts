import { statSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Smallest test file first (vitest runs the largest first): a mutant of a
 * table that every test loads runs all its related files, and stops at the
 * first failure, so the quick pure tests get the first chance to kill it
 * before the permission matrix spends a minute.
 */
class SmallestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
    return [...files].sort((a, b) => size(a) - size(b));
  }
}

/**
 * The tests `npm run test:mutation` (scripts/mutation.ts, stryker.config.mjs) runs against each
 * mutant: only those of the mutated modules, on in-memory PGlite only, so a
 * mutant's run stays short on two cores. Not used by `npm test`.
 */
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    // scripts/mutation.ts names the tests of the group under test; all of them without it.
    include: process.env.MUTATION_TESTS?.split(',') ?? [
      'lib/permissions*.test.ts',
      'lib/action-runner.test.ts',
      'lib/proposals/rules*.test.ts',
      'lib/scoring/**/*.test.ts',
      'lib/metrics/measurement-batch*.test.ts',
      'lib/api/idempotency*.test.ts',
      'lib/csv/**/*.test.ts',
    ],
    environment: 'node',
    sequence: { sequencer: SmallestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // An empty TEST_DATABASE_URL counts as unset (lib/env.ts): PGlite only, whatever the shell says.
    env: { KEEL_ENV: 'test', DATA_DIR: '.data/test', TEST_DATABASE_URL: '' },
  },
});
