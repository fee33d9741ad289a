import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { kpiLinks, kpiMetrics, kpis, measurements, metrics, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { getKpiStaleness } from '@/lib/kpis/staleness-queries';
import { getMetricStaleness } from './staleness-queries';

const organization = { fiscalYearStartMonth: 1, policy: { overdueGraceDays: 3 } };
const today = '2026-12-10';

describeEachDatabase('metric and KPI staleness queries', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let other: Awaited<ReturnType<typeof makeOrganization>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Stale Co', ['owner', 'member']);
    other = await makeOrganization(db(), 'Other Stale Co', ['owner']);
    await db().withTenant(org.id, async (tx) => {
      const owner = org.byRole('owner').id;
      const base = { organizationId: org.id, unit: 'count' as const, aggregation: 'sum' as const, ownerId: owner, createdAt: new Date('2025-01-01T00:00:00Z') };
      const rows = await tx
        .insert(metrics)
        .values([
          { ...base, key: 'late', name: 'Late', frequency: 'month' },
          { ...base, key: 'fresh', name: 'Fresh', frequency: 'month', ownerId: org.byRole('member').id },
          { ...base, key: 'weekly', name: 'Weekly', frequency: 'week' },
          { ...base, key: 'brand_new', name: 'Brand new', frequency: 'month', createdAt: new Date('2026-12-05T00:00:00Z') },
        ])
        .returning();
      for (const r of rows) ids[r.key] = r.id;
      await tx.insert(measurements).values([
        { organizationId: org.id, metricId: ids.late!, date: '2026-10-15', value: 1, source: 'manual' },
        { organizationId: org.id, metricId: ids.fresh!, date: '2026-11-30', value: 1, source: 'manual' },
        // Week 49 of 2026 (30 Nov – 6 Dec) is the one owed on 10 December.
        { organizationId: org.id, metricId: ids.weekly!, date: '2026-12-02', value: 1, source: 'manual' },
      ]);
      const [company] = await tx.select().from(orgUnits);
      const kpi = (name: string, source: 'formula' | 'rollup') => ({
        organizationId: org.id,
        unitId: company!.id,
        name,
        unit: 'count' as const,
        direction: 'up' as const,
        frequency: 'month' as const,
        indicator: 'lagging' as const,
        horizon: 'operational' as const,
        source,
        formula: source === 'formula' ? '{x}' : null,
        rollupMethod: source === 'rollup' ? ('sum' as const) : null,
        state: 'active' as const,
      });
      const made = await tx
        .insert(kpis)
        .values([kpi('Uses late', 'formula'), kpi('Uses fresh', 'formula'), kpi('Rolls up late', 'rollup'), kpi('Rolls up the roll-up', 'rollup'), kpi('Uses nothing', 'formula')])
        .returning();
      const [usesLate, usesFresh, rollup, rollupOfRollup, empty] = made.map((k) => k.id);
      Object.assign(ids, { usesLate, usesFresh, rollup, rollupOfRollup, empty });
      await tx.insert(kpiMetrics).values([
        { organizationId: org.id, kpiId: usesLate!, metricId: ids.late! },
        { organizationId: org.id, kpiId: usesLate!, metricId: ids.fresh! },
        { organizationId: org.id, kpiId: usesFresh!, metricId: ids.fresh! },
      ]);
      await tx.insert(kpiLinks).values([
        { organizationId: org.id, parentKpiId: rollup!, childKpiId: usesLate! },
        { organizationId: org.id, parentKpiId: rollup!, childKpiId: usesFresh! },
        { organizationId: org.id, parentKpiId: rollupOfRollup!, childKpiId: rollup! },
      ]);
    });
  });

  it('finds each metric’s due period, value and owner in one query', async () => {
    const staleness = await db().withTenant(org.id, (tx) => getMetricStaleness(tx, organization, today));
    expect(staleness.get(ids.late!)).toMatchObject({ overdue: true, overdueSince: '2026-12-04', lastDate: '2026-10-15', due: { key: '2026-11' }, ownerId: org.byRole('owner').id });
    expect(staleness.get(ids.fresh!)).toMatchObject({ overdue: false, lastDate: '2026-11-30' });
    expect(staleness.get(ids.weekly!)).toMatchObject({ overdue: false, due: { key: '2026-W49' } });
    expect(staleness.get(ids.brand_new!)).toMatchObject({ overdue: false, lastDate: null });
    // A larger grace keeps October owed, and the late metric has October.
    const lenient = await db().withTenant(org.id, (tx) => getMetricStaleness(tx, { ...organization, policy: { overdueGraceDays: 15 } }, today));
    expect(lenient.get(ids.late!)).toMatchObject({ overdue: false, due: { key: '2026-10' } });
  });

  it('sees no other organization’s metrics', async () => {
    const staleness = await db().withTenant(other.id, (tx) => getMetricStaleness(tx, organization, today));
    expect(staleness.size).toBe(0);
    const kpiStaleness = await db().withTenant(other.id, (tx) => getKpiStaleness(tx, organization, [ids.usesLate!], today));
    expect(kpiStaleness.size).toBe(0);
  });

  it('makes a KPI stale through its own metrics and through the KPIs it rolls up from', async () => {
    const staleness = await db().withTenant(org.id, (tx) => getKpiStaleness(tx, organization, undefined, today));
    expect(staleness.get(ids.usesLate!)).toMatchObject({ overdue: true, overdueMetrics: [{ metricId: ids.late }] });
    expect(staleness.get(ids.usesFresh!)).toMatchObject({ overdue: false, overdueMetrics: [] });
    expect(staleness.get(ids.rollup!)?.overdue).toBe(true);
    expect(staleness.get(ids.rollupOfRollup!)?.overdue).toBe(true);
    expect(staleness.get(ids.rollupOfRollup!)?.overdueMetrics.map((m) => m.metricId)).toEqual([ids.late]);
    expect(staleness.get(ids.empty!)?.overdue ?? false).toBe(false);
    // Only the KPIs asked for.
    const some = await db().withTenant(org.id, (tx) => getKpiStaleness(tx, organization, [ids.usesFresh!, ids.rollup!], today));
    expect([...some.keys()].sort()).toEqual([ids.usesFresh!, ids.rollup!].sort());
    // With November's value in, nothing is stale.
    await db().withTenant(org.id, (tx) => tx.insert(measurements).values({ organizationId: org.id, metricId: ids.late!, date: '2026-11-02', value: 2, source: 'manual' }));
    const after = await db().withTenant(org.id, (tx) => getKpiStaleness(tx, organization, undefined, today));
    expect([...after.values()].some((s) => s.overdue)).toBe(false);
    await db().withTenant(org.id, (tx) => tx.delete(measurements).where(eq(measurements.date, '2026-11-02')));
  });
});
