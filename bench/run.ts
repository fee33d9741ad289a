/**
 * `npm run bench`: the costs every request pays, on embedded PGlite and (when
 * TEST_DATABASE_URL is set) PostgreSQL. Numbers live here, never in tests.
 */
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '@/db/client';
import { makeOrganization } from '@/db/testing-data';
import { getMembershipBySlug, getOverview } from '@/lib/organizations/queries';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { env } from '@/lib/env';
import { listKpis } from '@/lib/kpis/queries';
import { getKpiResults } from '@/lib/kpis/results';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey } from '@/lib/periods';
import { makeKpiOrganization } from './kpi-data';

async function measure(label: string, runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`  ${label.padEnd(44)} median ${at(0.5).padStart(7)} ms   p95 ${at(0.95).padStart(7)} ms   (${runs} runs)`);
}

async function benchDatabase(name: string, db: Database) {
  console.log(`\n${name}`);
  await db.migrate();
  const org = await makeOrganization(db, 'Bench Org', ['owner', 'admin', 'member', 'viewer']);
  const owner = org.byRole('owner').id;
  await measure('withTenant: empty transaction', 300, () => db.withTenant(org.id, async () => null));
  await measure('membership by slug (every request)', 300, () => db.withUser(owner, (tx) => getMembershipBySlug(tx, org.slug)));
  await measure('overview page data', 300, () => db.withTenant(org.id, (tx) => getOverview(tx)));

  // 50 departments × 20 formula KPIs + 50 roll-ups = 1,050 KPIs, 2,000 metrics, 24,000 values.
  const big = await makeOrganization(db, 'Bench KPIs', ['owner']);
  const { kpiIds, months } = await makeKpiOrganization(db, big.id, 50, 20);
  const organization = { fiscalYearStartMonth: 1, policy: readPolicy({}) };
  const today = '2026-11-15';
  const lastMonth = [parsePeriodKey('2026-10', organization)];
  const year = months.map((key) => parsePeriodKey(key, organization));
  await measure('KPI list: 1,050 KPIs with names', 30, () => db.withTenant(big.id, (tx) => listKpis(tx, { states: ['active'] })));
  await measure('results: 1,050 KPIs × last month', 20, () =>
    db.withTenant(big.id, (tx) => getKpiResults(tx, organization, kpiIds.map((kpiId) => ({ kpiId, ranges: lastMonth })), today)),
  );
  await measure('results: 1,050 KPIs × 12 months', 10, () =>
    db.withTenant(big.id, (tx) => getKpiResults(tx, organization, kpiIds.map((kpiId) => ({ kpiId, ranges: year })), today)),
  );
  await measure('results: one KPI page (1 KPI × 12 months)', 100, () =>
    db.withTenant(big.id, (tx) => getKpiResults(tx, organization, [{ kpiId: kpiIds[0]!, ranges: year }], today)),
  );
}

const pglite = await openDatabase({ memory: true });
await benchDatabase('PGlite (in memory)', pglite);
await pglite.close();

if (env.TEST_DATABASE_URL) {
  const { createPostgresDatabase } = await import('@/db/testing-data');
  const created = await createPostgresDatabase(env.TEST_DATABASE_URL);
  const pg = await openDatabase({ url: created.url });
  await benchDatabase('PostgreSQL', pg);
  await pg.close();
  await created.drop();
}

console.log('\nPasswords');
const hash = await hashPassword('bench password 123');
await measure('argon2id hash (sign-up)', 20, () => hashPassword('bench password 123'));
await measure('argon2id verify (sign-in)', 20, () => verifyPassword(hash, 'bench password 123'));

const { runScorecardBench } = await import('./scorecard');
await runScorecardBench(env.TEST_DATABASE_URL);
