/**
 * `npm run test:mutation`: Stryker over each group of modules with only that
 * group's tests. A mutant of a module-level table (the permission table, the
 * proposal transitions) is "static": it runs every test Stryker was given, so
 * giving it only the tests of its own module keeps a run to minutes instead
 * of hours. Each group prints its score per file; `npm run test:mutation --
 * scoring csv` runs only the groups named.
 */
import { spawnSync } from 'node:child_process';

const groups: Record<string, { mutate: string[]; tests: string[] }> = {
  permissions: { mutate: ['lib/permissions.ts'], tests: ['lib/permissions*.test.ts'] },
  'action-runner': { mutate: ['lib/action-runner.ts'], tests: ['lib/action-runner.test.ts'] },
  proposals: { mutate: ['lib/proposals/rules.ts'], tests: ['lib/proposals/rules*.test.ts'] },
  'measurement-batch': { mutate: ['lib/metrics/measurement-batch.ts'], tests: ['lib/metrics/measurement-batch*.test.ts'] },
  idempotency: { mutate: ['lib/api/idempotency.ts'], tests: ['lib/api/idempotency*.test.ts'] },
  scoring: { mutate: ['lib/scoring/**/*.ts', '!lib/**/*.test.ts'], tests: ['lib/scoring/**/*.test.ts'] },
  csv: { mutate: ['lib/csv/**/*.ts', '!lib/**/*.test.ts'], tests: ['lib/csv/**/*.test.ts'] },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in groups));
if (unknown.length > 0) {
  console.error(`Unknown group ${unknown.join(', ')}; the groups are ${Object.keys(groups).join(', ')}.`);
  process.exit(2);
}
let failed = false;
for (const name of asked.length > 0 ? asked : Object.keys(groups)) {
  const { mutate, tests } = groups[name]!;
  console.log(`\n== mutation testing: ${name} (${mutate.join(' ')})`);
  const run = spawnSync('npx', ['stryker', 'run', '--mutate', mutate.join(',')], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: name, MUTATION_TESTS: tests.join(',') },
  });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
