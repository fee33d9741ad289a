import { expect, it } from 'vitest';
import { kpiLinks, kpiMetrics, kpis, metrics, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { getKpiStaleness } from '@/lib/kpis/staleness-queries';
import { writeMeasurements } from '@/lib/metrics/measurement-batch';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey } from '@/lib/periods';
import { getOrgScorecard } from './org-scorecard';

const organization = { fiscalYearStartMonth: 1, policy: readPolicy({}) };
const kpiDefaults = { unit: 'count', frequency: 'month', indicator: 'lagging', horizon: 'strategic', state: 'active', direction: 'up' } as const;

describeEachDatabase('scorecard staleness', (db) => {
  it('marks a KPI stale when a metric it uses, directly or through roll-ups, is overdue — the same as the KPI staleness query', async () => {
    const org = await makeOrganization(db(), 'Stale Scorecard');
    const today = '2026-11-15'; // October's values are owed (three grace days are over)
    const { card, expected, ids } = await db().withTenant(org.id, async (tx) => {
      const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits);
      const made = await tx
        .insert(metrics)
        .values(['fresh', 'late'].map((key) => ({ organizationId: org.id, key, name: key, unit: 'count' as const, aggregation: 'sum' as const, frequency: 'month' as const, createdAt: new Date('2026-01-01') })))
        .returning({ id: metrics.id, key: metrics.key });
      const metricId = (key: string) => made.find((m) => m.key === key)!.id;
      await writeMeasurements(
        tx,
        [
          { metricId: metricId('fresh'), metricKey: 'fresh', date: '2026-10-20', value: 3, note: null },
          { metricId: metricId('late'), metricKey: 'late', date: '2026-09-20', value: 4, note: null },
        ],
        { source: 'manual', userId: null, tokenId: null },
        () => {},
      );
      const formula = async (name: string, key: string) => {
        const [row] = await tx.insert(kpis).values({ organizationId: org.id, unitId: company!.id, name, ...kpiDefaults, source: 'formula', formula: `{${key}}` }).returning({ id: kpis.id });
        await tx.insert(kpiMetrics).values({ organizationId: org.id, kpiId: row!.id, metricId: metricId(key) });
        return row!.id;
      };
      const rollup = async (name: string, children: string[]) => {
        const [row] = await tx.insert(kpis).values({ organizationId: org.id, unitId: company!.id, name, ...kpiDefaults, source: 'rollup', rollupMethod: 'sum' }).returning({ id: kpis.id });
        await tx.insert(kpiLinks).values(children.map((childKpiId) => ({ organizationId: org.id, parentKpiId: row!.id, childKpiId })));
        return row!.id;
      };
      const fresh = await formula('Fresh', 'fresh');
      const late = await formula('Late', 'late');
      const mixed = await rollup('Mixed', [fresh, late]);
      const onlyFresh = await rollup('Only fresh', [fresh]);
      const above = await rollup('Above mixed', [mixed]);
      const ids = { fresh, late, mixed, onlyFresh, above };
      const card = await getOrgScorecard(tx, organization, { period: parsePeriodKey('2026-10', organization), today });
      const expected = await getKpiStaleness(tx, organization, Object.values(ids), today);
      return { card: card!, expected, ids };
    });
    const staleOf = (id: string) => card.kpis.find((k) => k.id === id)!.stale;
    expect(Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, staleOf(id)]))).toEqual({
      fresh: false,
      late: true,
      mixed: true,
      onlyFresh: false,
      above: true,
    });
    for (const id of Object.values(ids)) expect(staleOf(id)).toBe(expected.get(id)?.overdue ?? false);
    expect(card.stale.map((k) => k.name).sort()).toEqual(['Above mixed', 'Late', 'Mixed']);
  });
});
