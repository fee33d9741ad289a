/** Where the scorecard's time goes on the large organization (a development aid; not part of npm run bench). */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { env } from '@/lib/env';
import { getKpiStaleness } from '@/lib/kpis/staleness-queries';
import { listTargets } from '@/lib/kpis/queries';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey, shiftPeriod } from '@/lib/periods';
import { getOrgScorecard } from '@/lib/scorecards/org-scorecard';
import { getMetricPeriodValues } from '@/lib/scorecards/metric-period-values';
import { BENCH_TODAY, largeOrganization } from './large-organization';
import { openBenchDatabase } from './scorecard';

const { db } = await openBenchDatabase(env.TEST_DATABASE_URL!);
const org = await largeOrganization(db, console.log);
const organization = { fiscalYearStartMonth: 1, policy: readPolicy({}) };
const period = parsePeriodKey('2026-10', organization);
const periods = Array.from({ length: 12 }, (_, i) => shiftPeriod(period, i - 11, organization));
const ids = await db.withTenant(org.id, async (tx) => ({
  kpis: rowsOf<{ id: string }>(await tx.execute(sql`select id from kpis where state = 'active'`)).map((r) => r.id),
  metrics: rowsOf<{ id: string }>(await tx.execute(sql`select id from metrics`)).map((r) => r.id),
}));
const time = async (label: string, fn: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await db.withTenant(org.id, () => fn());
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(30)} median ${times[3]!.toFixed(0)} ms  min ${times[0]!.toFixed(0)} ms`);
};
await time('empty transaction', async () => null);
await time('values (8000 × 12)', () => db.withTenant(org.id, (tx) => getMetricPeriodValues(tx, ids.metrics, periods)));
await time('targets', () => db.withTenant(org.id, (tx) => listTargets(tx, ids.kpis, periods.map((p) => p.key))));
await time('staleness', () => db.withTenant(org.id, (tx) => getKpiStaleness(tx, { ...organization }, ids.kpis, BENCH_TODAY)));
await time('whole scorecard', () => db.withTenant(org.id, (tx) => getOrgScorecard(tx, organization, { period, today: BENCH_TODAY })));
await db.close();
