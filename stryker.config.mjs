// Mutation testing: `npm run test:mutation` (not part of `npm test`; scripts/mutation.ts runs one
// group of modules at a time). Each mutant runs only the tests that cover it (coverageAnalysis
// perTest), from vitest.mutation.config.ts, on PGlite.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  mutate: [
    'lib/permissions.ts',
    'lib/action-runner.ts',
    'lib/proposals/rules.ts',
    'lib/scoring/**/*.ts',
    'lib/metrics/measurement-batch.ts',
    'lib/api/idempotency.ts',
    'lib/csv/**/*.ts',
    '!lib/**/*.test.ts',
  ],
  // The sandbox needs only the code and its tests; node_modules is linked, not copied.
  ignorePatterns: ['/*', '!/lib', '!/db', '!/package.json', '!/tsconfig.json', '!/vitest.mutation.config.ts'],
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { allowColor: false, logTests: false },
  // One report per group of scripts/mutation.ts.
  htmlReporter: { fileName: `reports/mutation/${process.env.MUTATION_GROUP ?? 'all'}.html` },
  jsonReporter: { fileName: `reports/mutation/${process.env.MUTATION_GROUP ?? 'all'}.json` },
  // A DB test's first run opens and migrates PGlite, and the initial run includes the permission
  // matrix: allow for both on a busy machine (the initial run timed out at the default 5 minutes).
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 20,
  thresholds: { high: 90, low: 75, break: null },
};

export default config;
