import { expect, it } from 'vitest';
import type { TenantTx } from '@/db';
import { eq } from 'drizzle-orm';
import { kpiLinks, kpiMetrics, kpis, kpiTargets, metrics, organizations, orgUnits } from '@/db/schema';
import { countQueries, describeEachDatabase, makeOrganization } from '@/db/testing';
import { writeMeasurements } from '@/lib/metrics/measurement-batch';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey } from '@/lib/periods';
import { refreshResults } from '@/lib/results/maintain';
import { getOrgScorecard } from './org-scorecard';
import { getUnitScorecard } from './unit-scorecard';

const organization = { fiscalYearStartMonth: 1, policy: readPolicy({}) };
const period = parsePeriodKey('2026-10', organization);
const options = { period, today: '2026-11-15' };
const kpiDefaults = { unit: 'count', frequency: 'month', indicator: 'lagging', horizon: 'strategic', state: 'active' } as const;

type Values = Record<string, [string, number][]>;

/** Metrics (aggregation by key), their values through the one writer, formula KPIs over one metric each. */
async function addMetrics(tx: TenantTx, aggregations: Record<string, 'sum' | 'last' | 'average' | 'min' | 'max'>, values: Values) {
  const rows = await tx
    .insert(metrics)
    .values(Object.entries(aggregations).map(([key, aggregation]) => ({ organizationId: tx.organizationId, key, name: key, unit: 'count' as const, aggregation, frequency: 'month' as const })))
    .returning({ id: metrics.id, key: metrics.key });
  const idOf = new Map(rows.map((r) => [r.key, r.id]));
  const writes = Object.entries(values).flatMap(([key, points]) => points.map(([date, value]) => ({ metricId: idOf.get(key)!, metricKey: key, date, value, note: null })));
  await writeMeasurements(tx, writes, { source: 'manual', userId: null, tokenId: null }, () => {});
  return idOf;
}

async function addFormulaKpi(
  tx: TenantTx,
  idOf: Map<string, string>,
  fields: {
    unitId: string;
    name: string;
    metric: string;
    direction: 'up' | 'down' | 'within';
    weight?: number;
    baselineValue?: number;
    statusThresholds?: { green: number; amber: number };
  },
) {
  const [row] = await tx
    .insert(kpis)
    .values({ organizationId: tx.organizationId, ...kpiDefaults, ...fields, source: 'formula', formula: `{${fields.metric}}` })
    .returning({ id: kpis.id });
  await tx.insert(kpiMetrics).values({ organizationId: tx.organizationId, kpiId: row!.id, metricId: idOf.get(fields.metric)! });
  return row!.id;
}

async function addUnit(tx: TenantTx, parentId: string, kind: 'department' | 'team', name: string, weight = 1) {
  const [row] = await tx.insert(orgUnits).values({ organizationId: tx.organizationId, parentId, kind, name, weight }).returning({ id: orgUnits.id });
  return row!.id;
}

async function companyOf(tx: TenantTx) {
  const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits);
  return company!.id;
}


/** `departments` departments × 2 teams × 2 KPIs each, two months of daily values, targets for every month. */
async function makeTree(tx: TenantTx, departments: number) {
  const company = await companyOf(tx);
  const aggregations: Record<string, 'sum'> = {};
  const values: Values = {};
  const plan: { team: string; metric: string }[] = [];
  for (let d = 0; d < departments; d++) {
    const department = await addUnit(tx, company, 'department', `D${d}`);
    for (let t = 0; t < 2; t++) {
      const team = await addUnit(tx, department, 'team', `T${d}.${t}`);
      for (let k = 0; k < 2; k++) {
        const key = `m_${d}_${t}_${k}`;
        aggregations[key] = 'sum';
        values[key] = Array.from({ length: 61 }, (_, day) => [new Date(Date.UTC(2026, 8, 1 + day)).toISOString().slice(0, 10), day % 7]);
        plan.push({ team, metric: key });
      }
    }
  }
  const idOf = await addMetrics(tx, aggregations, values);
  const ids: string[] = [];
  for (const { team, metric } of plan) ids.push(await addFormulaKpi(tx, idOf, { unitId: team, name: metric, metric, direction: 'up' }));
  await tx.insert(kpiTargets).values(ids.flatMap((kpiId) => ['2026-09', '2026-10'].map((periodKey) => ({ organizationId: tx.organizationId, kpiId, periodKey, value: 90 }))));
  return ids.length;
}

describeEachDatabase('organization scorecard', (db) => {
  it('rolls up a hand-computed organization: weights, caps, bands, missing data, coverage, a roll-up KPI, movers', async () => {
    const org = await makeOrganization(db(), 'Hand computed');
    const ids = await db().withTenant(org.id, async (tx) => {
      const company = await companyOf(tx);
      const a = await addUnit(tx, company, 'department', 'A', 2);
      const b = await addUnit(tx, company, 'department', 'B', 1);
      const idOf = await addMetrics(
        tx,
        { m1: 'sum', m2: 'average', m3: 'last', m4: 'sum' },
        {
          m1: [['2026-09-10', 100], ['2026-10-01', 40], ['2026-10-31', 50], ['2026-11-01', 1000]],
          m2: [['2026-10-05', 30], ['2026-10-06', 50]],
          m3: [['2026-10-01', 5], ['2026-10-20', 25]],
        },
      );
      const k1 = await addFormulaKpi(tx, idOf, { unitId: a, name: 'k1', metric: 'm1', direction: 'up' });
      const k2 = await addFormulaKpi(tx, idOf, { unitId: a, name: 'k2', metric: 'm2', direction: 'down', weight: 3 });
      const k3 = await addFormulaKpi(tx, idOf, { unitId: b, name: 'k3', metric: 'm3', direction: 'within' });
      const k4 = await addFormulaKpi(tx, idOf, { unitId: b, name: 'k4', metric: 'm4', direction: 'up' });
      const [total] = await tx
        .insert(kpis)
        .values({ organizationId: org.id, ...kpiDefaults, unitId: company, name: 'total', direction: 'up', source: 'rollup', rollupMethod: 'sum' })
        .returning({ id: kpis.id });
      await tx.insert(kpiLinks).values([k1, k3].map((childKpiId) => ({ organizationId: org.id, parentKpiId: total!.id, childKpiId })));
      const target = (kpiId: string, periodKey: string, value: number) => ({ organizationId: org.id, kpiId, periodKey, value });
      await tx.insert(kpiTargets).values([
        target(k1, '2026-09', 100),
        target(k1, '2026-10', 100),
        target(k2, '2026-10', 50),
        { organizationId: org.id, kpiId: k3, periodKey: '2026-10', low: 10, high: 20 },
        target(k4, '2026-10', 10),
        target(total!.id, '2026-10', 200),
      ]);
      return { company, a, b, k1, k2, k3, k4, total: total!.id };
    });

    const card = (await db().withTenant(org.id, (tx) => getOrgScorecard(tx, organization, options)))!;
    const kpi = (id: string) => card.kpis.find((k) => k.id === id)!;
    const unit = (id: string) => card.units.find((u) => u.unit.id === id)!;
    // k1: up, 40 + 50 = 90 against 100 → 0.9 (at risk); the November value is outside the month.
    expect(kpi(ids.k1)).toMatchObject({ actual: 90, score: 0.9, status: 'at_risk', change: expect.closeTo(-0.1, 12) });
    // k2: down without baseline, mean 40 against 50 → 50 / 40 = 1.25, capped at 1.2.
    expect(kpi(ids.k2)).toMatchObject({ actual: 40, score: 1.2, status: 'on_track' });
    // k3: within [10, 20], last value 25 → 1 − 5 / 10 = 0.5.
    expect(kpi(ids.k3)).toMatchObject({ actual: 25, score: 0.5, status: 'off_track' });
    // k4: no value → no data, never 0.
    expect(kpi(ids.k4)).toMatchObject({ actual: null, score: null, status: 'no_data' });
    // total: sum of k1 and k3 = 115 against 200 → 0.575.
    expect(kpi(ids.total)).toMatchObject({ actual: 115, score: 0.575 });
    // A = (0.9·1 + 1.2·3) / 4 = 1.125; B = 0.5 (k4 excluded) with coverage 1/2.
    expect(unit(ids.a)).toMatchObject({ score: 1.125, coverage: 1, status: 'on_track' });
    expect(unit(ids.b)).toMatchObject({ score: 0.5, coverage: 0.5, status: 'off_track' });
    // Company = (0.575·1 + 1.125·2 + 0.5·1) / 4 = 0.83125; 4 of 5 KPIs have data.
    expect(unit(ids.company).score).toBeCloseTo(0.83125, 12);
    expect(unit(ids.company)).toMatchObject({ coverage: 0.8, status: 'off_track' });
    // Trends: twelve periods ending with October; in September only k1 had a score (1.0).
    expect(card.periods).toHaveLength(12);
    expect(card.periods.at(-1)).toBe('2026-10');
    expect(unit(ids.a).trend.at(-2)).toEqual({ period: '2026-09', score: 1, coverage: 0.5 });
    expect(unit(ids.company).trend.at(-2)).toEqual({ period: '2026-09', score: 1, coverage: 0.2 });
    expect(unit(ids.company).trend[0]).toEqual({ period: '2025-11', score: null, coverage: 0 });
    expect(card.movers.map((k) => k.id)).toEqual([ids.k1]);
    expect(card.red.map((k) => k.id)).toEqual([ids.k3, ids.total]);
    expect(card.stale.every((k) => k.stale)).toBe(true);

    // The unit view keeps the REST shape, and a subtree is scored on its own.
    const view = (await db().withTenant(org.id, (tx) => getUnitScorecard(tx, organization, { ...options, unitId: ids.b })))!;
    expect(view).toMatchObject({ unit: { id: ids.b, kind: 'department' }, period: '2026-10', score: 0.5, coverage: 0.5, children: [] });
    expect(view.kpis.map((k) => k.name)).toEqual(['k3', 'k4']);
    expect(view.kpis[0]!.trend).toHaveLength(12);
  });

  it('scores a fiscal quarter: a baseline, a per-KPI threshold, a weighted roll-up skipping missing data, a sum refusing it', async () => {
    // Fiscal year from April: FY2027 runs April 2026 to March 2027, so 2027-Q2 is July to September 2026.
    const fiscal = { fiscalYearStartMonth: 4, policy: readPolicy({}) };
    const org = await makeOrganization(db(), 'Fiscal quarter');
    await db().owner.update(organizations).set({ fiscalYearStartMonth: 4 }).where(eq(organizations.id, org.id));
    const ids = await db().withTenant(org.id, async (tx) => {
      const company = await companyOf(tx);
      const a = await addUnit(tx, company, 'department', 'A');
      const team = await addUnit(tx, a, 'team', 'T');
      const idOf = await addMetrics(
        tx,
        { s1: 'sum', s2: 'max', s3: 'sum' },
        {
          s1: [['2026-06-30', 1000], ['2026-07-15', 50], ['2026-08-15', 60], ['2026-09-30', 70]],
          s2: [['2026-07-01', 10], ['2026-08-01', 40], ['2026-09-01', 20]],
        },
      );
      const c1 = await addFormulaKpi(tx, idOf, { unitId: team, name: 'c1', metric: 's1', direction: 'up', baselineValue: 100, statusThresholds: { green: 0.8, amber: 0.5 } });
      const c2 = await addFormulaKpi(tx, idOf, { unitId: team, name: 'c2', metric: 's2', direction: 'up' });
      const c3 = await addFormulaKpi(tx, idOf, { unitId: team, name: 'c3', metric: 's3', direction: 'up' });
      const rollup = async (name: string, rollupMethod: 'weighted_average' | 'sum', links: [string, number][]) => {
        const [row] = await tx
          .insert(kpis)
          .values({ organizationId: org.id, ...kpiDefaults, unitId: a, name, direction: 'up', source: 'rollup', rollupMethod })
          .returning({ id: kpis.id });
        await tx.insert(kpiLinks).values(links.map(([childKpiId, weight]) => ({ organizationId: org.id, parentKpiId: row!.id, childKpiId, weight })));
        return row!.id;
      };
      const p = await rollup('p', 'weighted_average', [[c1, 3], [c2, 1], [c3, 5]]);
      const q = await rollup('q', 'sum', [[c1, 1], [c3, 1]]);
      const target = (kpiId: string, value: number) => ({ organizationId: org.id, kpiId, periodKey: '2027-Q2', value });
      await tx.insert(kpiTargets).values([target(c1, 200), target(c2, 25), target(c3, 10), target(p, 150), target(q, 300)]);
      return { company, a, team, c1, c2, c3, p, q };
    });

    const card = (await db().withTenant(org.id, (tx) =>
      getOrgScorecard(tx, fiscal, { period: parsePeriodKey('2027-Q2', fiscal), today: '2026-11-15', trendLength: 4 }),
    ))!;
    const kpi = (id: string) => card.kpis.find((k) => k.id === id)!;
    const unit = (id: string) => card.units.find((u) => u.unit.id === id)!;
    expect(card.periods).toEqual(['2026-Q3', '2026-Q4', '2027-Q1', '2027-Q2']);
    // c1: 50 + 60 + 70 = 180 (June's 1,000 is in Q1); (180 − 100) / (200 − 100) = 0.8, green under its own 0.8 threshold.
    expect(kpi(ids.c1)).toMatchObject({ actual: 180, score: expect.closeTo(0.8, 12), status: 'on_track' });
    // c2: max 40 against 25 → 1.6, capped at 1.2.
    expect(kpi(ids.c2)).toMatchObject({ actual: 40, score: 1.2, status: 'on_track' });
    expect(kpi(ids.c3)).toMatchObject({ actual: null, score: null, status: 'no_data' });
    // p: weighted average skips c3: (180·3 + 40·1) / 4 = 145 against 150 → 0.9667, at risk.
    expect(kpi(ids.p)).toMatchObject({ actual: 145, score: expect.closeTo(145 / 150, 12), status: 'at_risk' });
    // q: a sum with a contributor missing is no data, never a partial sum.
    expect(kpi(ids.q)).toMatchObject({ actual: null, score: null, status: 'no_data' });
    // Team: (0.8 + 1.2) / 2 = 1 with c3 excluded; 2 of 3 KPIs have data.
    expect(unit(ids.team).score).toBeCloseTo(1, 12);
    expect(unit(ids.team).coverage).toBeCloseTo(2 / 3, 12);
    // A: p (0.9667) and the team (1), q excluded → 0.98333; 3 of 5 KPIs in the subtree have data.
    expect(unit(ids.a)).toMatchObject({ score: expect.closeTo((145 / 150 + 1) / 2, 12), coverage: 0.6, status: 'at_risk' });
    expect(unit(ids.company)).toMatchObject({ score: expect.closeTo((145 / 150 + 1) / 2, 12), coverage: 0.6 });
    // Q1 had June's value but no target: an actual without a score.
    expect(kpi(ids.c1).trend.at(-2)).toEqual({ period: '2027-Q1', counted: true, actual: 1000, target: null, score: null });
  });

  it("another organization's unit is not found", async () => {
    const mine = await makeOrganization(db(), 'Mine');
    const theirs = await makeOrganization(db(), 'Theirs');
    const theirCompany = await db().withTenant(theirs.id, companyOf);
    expect(await db().withTenant(mine.id, (tx) => getOrgScorecard(tx, organization, { ...options, unitId: theirCompany }))).toBeNull();
  });

  it('costs the same number of queries for an organization ten times larger', async () => {
    const small = await makeOrganization(db(), 'Small');
    const large = await makeOrganization(db(), 'Large');
    const run = async (orgId: string, departments: number) =>
      db().withTenant(orgId, async (tx) => {
        const kpiCount = await makeTree(tx, departments);
        // Writing the tree queued its results; keeping them costs the same number of queries at either size too.
        const kept = await countQueries(tx, () => refreshResults(tx, options.today));
        const counted = await countQueries(tx, () => getOrgScorecard(tx, organization, options));
        return { kpiCount, kept: kept.queries, ...counted };
      });
    const one = await run(small.id, 1);
    const ten = await run(large.id, 10);
    expect(one.result!.kpis).toHaveLength(one.kpiCount);
    expect(ten.result!.kpis).toHaveLength(10 * one.kpiCount);
    expect(ten.result!.units).toHaveLength(1 + 10 * 3);
    // 0+1+…+6 per week: the October sum is computed, not read from a cache.
    expect(ten.result!.kpis[0]!.actual).toBe(Array.from({ length: 31 }, (_, i) => (i + 30) % 7).reduce((s, x) => s + x, 0));
    expect(ten.queries).toBe(one.queries);
    expect(one.queries).toBeLessThanOrEqual(10);
    expect(ten.kept).toBe(one.kept);
  });
});

