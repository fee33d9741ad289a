import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantTx } from '@/db';
import { apiTokens, kpiLinks, kpiMetrics, kpis, kpiTargets, metrics, orgUnits } from '@/db/schema';
import { countQueries, describeEachDatabase, makeOrganization } from '@/db/testing';
import { writeMeasurements } from '@/lib/metrics/measurement-batch';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey } from '@/lib/periods';
import type { Actor } from '@/lib/permissions';
import { refreshResults } from '@/lib/results/maintain';
import { explainKpi, explainUnit, scoreCalculation, type ExplainedContributor, type KpiExplanation } from './explain';
import { getOrgScorecard } from './org-scorecard';

const organization = { fiscalYearStartMonth: 1, policy: readPolicy({}) };
const period = parsePeriodKey('2026-10', organization);
const today = '2026-11-15';
const kpiDefaults = { unit: 'count', frequency: 'month', indicator: 'lagging', horizon: 'strategic', state: 'active' } as const;
const owner: Actor = { role: 'owner', headOf: [], memberOf: [] };
const viewer: Actor = { role: 'viewer', headOf: [], memberOf: [] };
const member: Actor = { role: 'member', headOf: [], memberOf: [] };

describe('scoreCalculation (product.md §3 with the numbers)', () => {
  const cap = 1.2;
  it('up with a baseline', () => {
    expect(scoreCalculation({ direction: 'up', actual: 412, target: { value: 450 }, baseline: 300, cap })).toEqual({
      rule: '(a − b) / (t − b): actual a, baseline b, target t',
      expression: '(412 − 300) / (450 − 300) = 0.7467',
      raw: 112 / 150,
      clamped: null,
    });
  });
  it('down without a baseline, capped', () => {
    expect(scoreCalculation({ direction: 'down', actual: 40, target: { value: 50 }, baseline: null, cap })).toMatchObject({
      expression: '50 / 40 = 1.25, capped at 1.2',
      raw: 1.25,
      clamped: 'cap',
    });
    expect(scoreCalculation({ direction: 'down', actual: 0, target: { value: 50 }, baseline: null, cap })).toMatchObject({ raw: 1.2, expression: 'a = 0 ≤ 0 → the cap 1.2' });
  });
  it('within: 1 inside the band, less outside it', () => {
    expect(scoreCalculation({ direction: 'within', actual: 15, target: { low: 10, high: 20 }, baseline: null, cap })).toMatchObject({ raw: 1, expression: '15 is inside [10, 20] → 1' });
    expect(scoreCalculation({ direction: 'within', actual: 25, target: { low: 10, high: 20 }, baseline: null, cap })).toMatchObject({
      raw: 0.5,
      expression: '1 − (25 − 20) / 10 = 0.5',
    });
    expect(scoreCalculation({ direction: 'within', actual: -20, target: { low: 10, high: 20 }, baseline: null, cap })).toMatchObject({ raw: -2, clamped: 'zero' });
  });
  it('up without a baseline, a target of 0, and no data', () => {
    expect(scoreCalculation({ direction: 'up', actual: 90, target: { value: 100 }, baseline: null, cap })).toMatchObject({ expression: '90 / 100 = 0.9', raw: 0.9 });
    expect(scoreCalculation({ direction: 'up', actual: 3, target: { value: 0 }, baseline: null, cap })).toMatchObject({ raw: 1 });
    expect(scoreCalculation({ direction: 'up', actual: null, target: { value: 1 }, baseline: null, cap })).toMatchObject({ expression: null, raw: null });
    expect(scoreCalculation({ direction: 'up', actual: 1, target: null, baseline: null, cap })).toMatchObject({ expression: null, raw: null });
  });
});

type Ids = Record<'company' | 'a' | 'b' | 'archived' | 'kUp' | 'kDown' | 'kWithin' | 'kNoData' | 'draft' | 'total', string> & { ownerId: string };

/**
 * Company: roll-up "total" (weighted_average of kUp ×1, kWithin ×3 and a draft ×2).
 * A (weight 2): kUp (up, baseline 300) and kDown (down, weight 3). B: kWithin (band) and kNoData.
 */
async function makeHandComputed(tx: TenantTx, ownerId: string): Promise<Ids> {
  const org = tx.organizationId;
  const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits);
  const unit = async (name: string, weight: number, archived = false) =>
    (
      await tx
        .insert(orgUnits)
        .values({ organizationId: org, parentId: company!.id, kind: 'department', name, weight, archivedAt: archived ? new Date() : null })
        .returning({ id: orgUnits.id })
    )[0]!.id;
  const a = await unit('A', 2);
  const b = await unit('B', 1);
  const archived = await unit('Gone', 1, true);
  const made = await tx
    .insert(metrics)
    .values(
      (
        [
          ['m_up', 'sum'],
          ['m_down', 'average'],
          ['m_within', 'last'],
          ['m_none', 'sum'],
          ['m_draft', 'sum'],
        ] as const
      ).map(([key, aggregation]) => ({ organizationId: org, key, name: `Metric ${key}`, unit: 'count' as const, aggregation, frequency: 'month' as const })),
    )
    .returning({ id: metrics.id, key: metrics.key });
  const metricId = new Map(made.map((m) => [m.key, m.id]));
  const [token] = await tx.insert(apiTokens).values({ organizationId: org, name: 'warehouse', scope: 'write', tokenHash: `h-${org}`, prefix: 'keel_x' }).returning({ id: apiTokens.id });
  const w = (key: string, date: string, value: number, note: string | null = null) => ({ metricId: metricId.get(key)!, metricKey: key, date, value, note });
  await writeMeasurements(tx, [w('m_up', '2026-10-03', 200, 'from CRM'), w('m_down', '2026-10-05', 30), w('m_down', '2026-10-06', 50), w('m_up', '2026-09-30', 999)], { source: 'manual', userId: ownerId, tokenId: null }, () => {});
  await writeMeasurements(tx, [w('m_up', '2026-10-20', 212), w('m_within', '2026-10-01', 5), w('m_within', '2026-10-20', 25), w('m_draft', '2026-10-10', 10)], { source: 'api', userId: null, tokenId: token!.id }, () => {});

  const formulaKpi = async (fields: { unitId: string; name: string; metric: string; direction: 'up' | 'down' | 'within'; weight?: number; baselineValue?: number; state?: 'draft' }) => {
    const [row] = await tx
      .insert(kpis)
      .values({ organizationId: org, ...kpiDefaults, ...fields, source: 'formula', formula: `{${fields.metric}}` })
      .returning({ id: kpis.id });
    await tx.insert(kpiMetrics).values({ organizationId: org, kpiId: row!.id, metricId: metricId.get(fields.metric)! });
    return row!.id;
  };
  const kUp = await formulaKpi({ unitId: a, name: 'Up', metric: 'm_up', direction: 'up', baselineValue: 300 });
  const kDown = await formulaKpi({ unitId: a, name: 'Down', metric: 'm_down', direction: 'down', weight: 3 });
  const kWithin = await formulaKpi({ unitId: b, name: 'Within', metric: 'm_within', direction: 'within' });
  const kNoData = await formulaKpi({ unitId: b, name: 'No data', metric: 'm_none', direction: 'up' });
  const draft = await formulaKpi({ unitId: b, name: 'Secret draft', metric: 'm_draft', direction: 'up', state: 'draft' });
  const [total] = await tx
    .insert(kpis)
    .values({ organizationId: org, ...kpiDefaults, unitId: company!.id, name: 'Total', direction: 'up', source: 'rollup', rollupMethod: 'weighted_average' })
    .returning({ id: kpis.id });
  await tx.insert(kpiLinks).values([
    { organizationId: org, parentKpiId: total!.id, childKpiId: kUp, weight: 1 },
    { organizationId: org, parentKpiId: total!.id, childKpiId: kWithin, weight: 3 },
    { organizationId: org, parentKpiId: total!.id, childKpiId: draft, weight: 2 },
  ]);
  const target = (kpiId: string, value: number) => ({ organizationId: org, kpiId, periodKey: '2026-10', value });
  await tx.insert(kpiTargets).values([
    target(kUp, 450),
    target(kDown, 50),
    { organizationId: org, kpiId: kWithin, periodKey: '2026-10', low: 10, high: 20 },
    target(kNoData, 5),
    target(total!.id, 100),
  ]);
  return { company: company!.id, a, b, archived, kUp, kDown, kWithin, kNoData, draft, total: total!.id, ownerId };
}

const contributor = (node: KpiExplanation, i: number): ExplainedContributor => (node.source.kind === 'rollup' ? node.source.contributors[i]! : (undefined as never));

describeEachDatabase('score explanations', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let ids: Ids;
  const kpi = (kpiId: string, actor: Actor | null = owner, p = period) => db().withTenant(org.id, (tx) => explainKpi(tx, organization, { kpiId, period: p, today, actor }));
  const unit = (unitId?: string) => db().withTenant(org.id, (tx) => explainUnit(tx, organization, { unitId, period, today }));

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Explained', ['owner', 'member', 'viewer']);
    ids = await db().withTenant(org.id, (tx) => makeHandComputed(tx, org.byRole('owner').id));
  });

  it('explains a formula KPI with a baseline: values per date, who entered them, the calculation', async () => {
    const up = (await kpi(ids.kUp))!;
    // 200 + 212 = 412 against 450 from the baseline 300: (412 − 300) / (450 − 300) = 0.7467 (the September value is outside).
    expect(up).toMatchObject({ name: 'Up', period: '2026-10', actual: 412, target: { value: 450 }, baseline: 300, cap: 1.2, status: 'off_track', unit: { id: ids.a } });
    expect(up.score).toBeCloseTo(112 / 150, 12);
    expect(up.calculation.expression).toBe('(412 − 300) / (450 − 300) = 0.7467');
    expect(up.thresholds).toEqual({ green: 1, amber: 0.9, own: false });
    expect(up.source).toEqual({
      kind: 'formula',
      formula: '{m_up}',
      substituted: '412 = 412',
      metrics: [
        {
          id: expect.any(String),
          key: 'm_up',
          name: 'Metric m_up',
          measure: { unit: 'count', currencyCode: null },
          aggregation: 'sum',
          value: 412,
          values: [
            { date: '2026-10-03', value: 200, note: 'from CRM', source: 'manual', enteredBy: org.byRole('owner').email },
            { date: '2026-10-20', value: 212, note: null, source: 'api', enteredBy: 'API token warehouse' },
          ],
        },
      ],
    });
  });

  it('explains down without a baseline (capped) and within outside its band', async () => {
    const down = (await kpi(ids.kDown))!;
    // mean(30, 50) = 40; 50 / 40 = 1.25 → capped at 1.2.
    expect(down).toMatchObject({ actual: 40, score: 1.2, status: 'on_track', calculation: { raw: 1.25, clamped: 'cap' } });
    const within = (await kpi(ids.kWithin))!;
    // last value 25; 1 − (25 − 20) / 10 = 0.5.
    expect(within).toMatchObject({ actual: 25, target: { low: 10, high: 20 }, score: 0.5, calculation: { expression: '1 − (25 − 20) / 10 = 0.5' } });
    const none = (await kpi(ids.kNoData))!;
    expect(none).toMatchObject({ actual: null, score: null, status: 'no_data', calculation: { expression: null } });
    if (none.source.kind !== 'formula') throw new Error('formula expected');
    expect(none.source.metrics[0]).toMatchObject({ value: null, values: [] });
  });

  it('explains a weighted-average roll-up with its contributors, hiding a draft from those who may not see it', async () => {
    // (412·1 + 25·3 + 10·2) / 6 = 84.5 against 100 → 0.845.
    const total = (await kpi(ids.total, owner))!;
    expect(total).toMatchObject({ actual: 84.5, score: 0.845, status: 'off_track', source: { kind: 'rollup', method: 'weighted_average' } });
    const byWeight = (node: KpiExplanation) => (node.source.kind === 'rollup' ? [...node.source.contributors].sort((x, y) => x.weight - y.weight) : []);
    const [one, two, three] = byWeight(total);
    expect(one).toMatchObject({ weight: 1, hidden: false, kpi: { id: ids.kUp, actual: 412 } });
    expect(two).toMatchObject({ weight: 2, hidden: false, kpi: { id: ids.draft, state: 'draft', actual: 10, score: null } });
    expect(three).toMatchObject({ weight: 3, hidden: false, kpi: { id: ids.kWithin, actual: 25, score: 0.5 } });

    for (const reader of [member, viewer, null]) {
      const seen = (await kpi(ids.total, reader))!;
      expect(seen.actual).toBe(84.5);
      expect(byWeight(seen)[1]).toEqual({ weight: 2, hidden: true });
      expect(JSON.stringify(seen)).not.toContain('Secret draft');
      expect(JSON.stringify(seen)).not.toContain(ids.draft);
    }
    expect(contributor(total, 0).weight).toBeGreaterThan(0);
  });

  it('gives the numbers of the scorecard engine for every KPI and unit', async () => {
    const card = (await db().withTenant(org.id, (tx) => getOrgScorecard(tx, organization, { period, today })))!;
    for (const k of card.kpis) expect(await kpi(k.id)).toMatchObject({ actual: k.actual, score: k.score, status: k.status });
    for (const u of card.units) expect(await unit(u.unit.id)).toMatchObject({ score: u.score, status: u.status, coverage: { share: u.coverage } });
  });

  it('explains a unit roll-up: included and excluded entries with weights, coverage, children one level down', async () => {
    const b = (await unit(ids.b))!;
    // kWithin 0.5 (weight 1) in; kNoData out (no data). Coverage 1 of 2.
    expect(b).toMatchObject({ score: 0.5, weightedSum: 0.5, totalWeight: 1, coverage: { withScore: 1, total: 2, share: 0.5 }, expression: '(1 × 0.5) / 1 = 0.5' });
    expect(b.entries.map((e) => [e.name, e.included])).toEqual([
      ['No data', false],
      ['Within', true],
    ]);

    const company = (await unit())!;
    // total 0.845 ×1, A = (0.7467·1 + 1.2·3) / 4 = 1.0867 ×2, B 0.5 ×1 → (0.845 + 2.1733 + 0.5) / 4 = 0.8796.
    const a = (112 / 150 + 3.6) / 4;
    expect(company.unit.id).toBe(ids.company);
    expect(company.score).toBeCloseTo((0.845 + 2 * a + 0.5) / 4, 12);
    expect(company.totalWeight).toBe(4);
    expect(company.coverage).toEqual({ withScore: 4, total: 5, share: 0.8 });
    expect(company.entries.map((e) => [e.kind, e.name, e.weight])).toEqual([
      ['kpi', 'Total', 1],
      ['unit', 'A', 2],
      ['unit', 'B', 1],
    ]);
    expect(company.children.map((c) => c.unit.name)).toEqual(['A', 'B']);
    expect(company.children[0]!.score).toBeCloseTo(a, 12);
    expect(company.children[0]!.children).toEqual([]);
  });

  it('is null for a draft, an archived unit, an unknown id and another organization’s KPI or unit', async () => {
    expect(await kpi(ids.draft)).toBeNull();
    expect(await unit(ids.archived)).toBeNull();
    expect(await kpi('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await unit('00000000-0000-4000-8000-000000000000')).toBeNull();
    const other = await makeOrganization(db(), 'Other');
    const theirs = await db().withTenant(other.id, (tx) => makeHandComputed(tx, other.byRole('owner').id));
    expect(await kpi(theirs.kUp)).toBeNull();
    expect(await kpi(theirs.total)).toBeNull();
    expect(await unit(theirs.a)).toBeNull();
  });

  it('costs the same number of queries for an organization ten times larger', async () => {
    const run = async (departments: number) => {
      const o = await makeOrganization(db(), `Size ${departments}`);
      return db().withTenant(o.id, async (tx) => {
        const made = await makeHandComputed(tx, o.byRole('owner').id);
        const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, made.company));
        for (let d = 0; d < departments; d++) {
          const [dep] = await tx.insert(orgUnits).values({ organizationId: o.id, parentId: company!.id, kind: 'department', name: `D${d}` }).returning({ id: orgUnits.id });
          const [m] = await tx.insert(metrics).values({ organizationId: o.id, key: `x_${d}`, name: `x ${d}`, unit: 'count', aggregation: 'sum', frequency: 'month' }).returning({ id: metrics.id });
          await writeMeasurements(tx, [{ metricId: m!.id, metricKey: `x_${d}`, date: '2026-10-02', value: d, note: null }], { source: 'manual', userId: null, tokenId: null }, () => {});
          for (let k = 0; k < 3; k++) {
            const [row] = await tx
              .insert(kpis)
              .values({ organizationId: o.id, ...kpiDefaults, unitId: dep!.id, name: `K${d}.${k}`, direction: 'up', source: 'formula', formula: `{x_${d}}` })
              .returning({ id: kpis.id });
            await tx.insert(kpiMetrics).values({ organizationId: o.id, kpiId: row!.id, metricId: m!.id });
            await tx.insert(kpiLinks).values({ organizationId: o.id, parentKpiId: made.total, childKpiId: row!.id });
          }
        }
        // Writing them queued their results; the counts below are of reading.
        await refreshResults(tx, today);
        const k = await countQueries(tx, () => explainKpi(tx, organization, { kpiId: made.total, period, today, actor: owner }));
        const u = await countQueries(tx, () => explainUnit(tx, organization, { period, today }));
        return { kpi: k, unit: u };
      });
    };
    const one = await run(1);
    const ten = await run(10);
    const contributors = (e: KpiExplanation | null) => (e?.source.kind === 'rollup' ? e.source.contributors.length : 0);
    expect(contributors(one.kpi.result)).toBe(3 + 3);
    expect(contributors(ten.kpi.result)).toBe(3 + 30);
    expect(ten.unit.result!.entries).toHaveLength(1 + 2 + 10);
    expect(ten.kpi.queries).toBe(one.kpi.queries);
    expect(ten.unit.queries).toBe(one.unit.queries);
    expect(one.kpi.queries).toBeLessThanOrEqual(14);
    expect(one.unit.queries).toBeLessThanOrEqual(10);
  });
});
