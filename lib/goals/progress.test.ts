import { beforeAll, expect, it } from 'vitest';
import { goals, kpiMetrics, kpis, kpiTargets, measurements, metrics, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { readPolicy } from '@/lib/organizations/policy';
import { getGoalProgress, getLatestKpiStatuses } from './progress';
import { listGoals } from './queries';

describeEachDatabase('goal progress', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let kpiId: string;
  const organization = { policy: readPolicy({}), fiscalYearStartMonth: 1 };
  const today = '2026-03-31';

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Pace Co');
    await db().withTenant(org.id, async (tx) => {
      const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits);
      const [metric] = await tx
        .insert(metrics)
        .values({ organizationId: org.id, key: 'paid_signups', name: 'Paid sign-ups', unit: 'count', aggregation: 'sum', frequency: 'month' })
        .returning();
      const [kpi] = await tx
        .insert(kpis)
        .values({
          organizationId: org.id,
          unitId: company!.id,
          name: 'New paying members',
          unit: 'count',
          direction: 'up',
          frequency: 'month',
          indicator: 'lagging',
          horizon: 'strategic',
          source: 'formula',
          formula: '{paid_signups}',
          state: 'active',
        })
        .returning();
      kpiId = kpi!.id;
      await tx.insert(kpiMetrics).values({ organizationId: org.id, kpiId, metricId: metric!.id });
      await tx.insert(measurements).values(
        [
          ['2026-01-15', 500],
          ['2026-02-10', 700],
          ['2026-03-05', 212],
          ['2026-04-02', 999], // after today: not yet counted
        ].map(([date, value]) => ({ organizationId: org.id, metricId: metric!.id, date: date as string, value: value as number, source: 'manual' as const })),
      );
      await tx.insert(kpiTargets).values({ organizationId: org.id, kpiId, periodKey: '2026-02', value: 600 });
      const goal = (title: string, startDate: string, dueDate: string, outcomeTarget: number) => ({
        organizationId: org.id,
        unitId: company!.id,
        title,
        startDate,
        dueDate,
        outcomeKpiId: kpiId,
        outcomeTarget,
      });
      await tx.insert(goals).values([
        goal('Year', '2026-01-01', '2026-12-31', 2000),
        goal('February', '2026-02-01', '2026-02-28', 1000),
        goal('Later', '2026-06-01', '2026-12-31', 500),
        goal('Quick win', '2026-01-01', '2026-06-30', 1200),
      ]);
      await tx.insert(goals).values({ organizationId: org.id, unitId: company!.id, title: 'No outcome', startDate: '2026-01-01', dueDate: '2026-12-31' });
    });
  });

  it('measures each goal over its own span up to today, and judges its pace', async () => {
    const progress = await db().withTenant(org.id, async (tx) => getGoalProgress(tx, organization, await listGoals(tx), today));
    const byTitle = async (title: string) => {
      const all = await db().withTenant(org.id, (tx) => listGoals(tx));
      return progress.get(all.find((g) => g.title === title)!.id);
    };
    const year = await byTitle('Year');
    expect(year).toMatchObject({ target: 2000, actual: 1412, verdict: 'ahead' });
    expect(year!.expected).toBeCloseTo((2000 * 90) / 365, 6);
    // Over, and short of its target: behind.
    expect(await byTitle('February')).toMatchObject({ actual: 700, elapsedShare: 1, verdict: 'behind' });
    expect(await byTitle('Later')).toMatchObject({ actual: null, expected: 0, verdict: 'not_started' });
    expect(await byTitle('Quick win')).toMatchObject({ actual: 1412, verdict: 'achieved' });
    expect(await byTitle('No outcome')).toBeUndefined();
  });

  it('reads each KPI’s status for its last completed period', async () => {
    const statuses = await db().withTenant(org.id, (tx) => getLatestKpiStatuses(tx, organization, [{ id: kpiId, frequency: 'month' }], today));
    expect(statuses.get(kpiId)).toMatchObject({ period: { key: '2026-02' }, actual: 700, status: 'on_track' });
  });
});
