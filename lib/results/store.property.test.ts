import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { kpiLinks, kpiMetrics, kpis, kpiTargets, measurements, metrics, organizations, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { writeMeasurements } from '@/lib/metrics/measurement-batch';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey } from '@/lib/periods';
import { explainKpi } from '@/lib/scorecards/explain';
import { refreshResults } from './maintain';

/*
 * The results store is right (issue 15): random organizations take random
 * sequences of writes; after each, the results kept incrementally equal a
 * recomputation from scratch, and an explanation (which recomputes one result
 * from raw values) equals its stored result.
 */

const today = '2026-11-15';
const dates = fc.integer({ min: 0, max: 300 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
const periodKeys = fc.constantFrom('2026-W10', '2026-W27', '2026-02', '2026-05', '2026-06', '2026-09', '2026-Q1', '2026-Q2', '2026-Q3', '2026');
const value = fc.integer({ min: -5, max: 500 });

type World = { units: string[]; metrics: string[]; kpis: string[]; rollups: string[] };

const write = fc.oneof(
  fc.record({ op: fc.constant('value' as const), metric: fc.nat(2), date: dates, value }),
  fc.record({ op: fc.constant('unvalue' as const), metric: fc.nat(2), date: dates }),
  fc.record({ op: fc.constant('target' as const), kpi: fc.nat(4), key: periodKeys, value: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant('untarget' as const), kpi: fc.nat(4), key: periodKeys }),
  fc.record({ op: fc.constant('kpiWeight' as const), kpi: fc.nat(4), weight: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('state' as const), kpi: fc.nat(4), state: fc.constantFrom('active' as const, 'retired' as const) }),
  fc.record({ op: fc.constant('linkWeight' as const), weight: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('unitWeight' as const), unit: fc.nat(2), weight: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('archive' as const), archived: fc.boolean() }),
  fc.record({ op: fc.constant('move' as const), toFirst: fc.boolean() }),
  fc.record({ op: fc.constant('cap' as const), cap: fc.constantFrom(1, 1.2, 1.5) }),
  fc.record({ op: fc.constant('frequency' as const), kpi: fc.nat(3), frequency: fc.constantFrom('week' as const, 'month' as const, 'quarter' as const) }),
);
type Write = typeof write extends fc.Arbitrary<infer W> ? W : never;

async function makeWorld(tx: TenantTx): Promise<World> {
  const org = tx.organizationId;
  const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits);
  const deps = await tx
    .insert(orgUnits)
    .values([
      { organizationId: org, parentId: company!.id, kind: 'department' as const, name: 'D1' },
      { organizationId: org, parentId: company!.id, kind: 'department' as const, name: 'D2' },
    ])
    .returning({ id: orgUnits.id });
  const [team] = await tx.insert(orgUnits).values({ organizationId: org, parentId: deps[0]!.id, kind: 'team', name: 'T' }).returning({ id: orgUnits.id });
  const ms = await tx
    .insert(metrics)
    .values((['sum', 'last', 'average'] as const).map((aggregation, i) => ({ organizationId: org, key: `m${i}`, name: `m${i}`, unit: 'count' as const, aggregation, frequency: 'month' as const })))
    .returning({ id: metrics.id });
  const defaults = { organizationId: org, unit: 'count', indicator: 'lagging', horizon: 'strategic', state: 'active', direction: 'up' } as const;
  const formulas: [string, string, number[], 'week' | 'month' | 'quarter', string][] = [
    ['{m0}', team!.id, [0], 'week', 'F0'],
    ['{m0} / {m1} * 100', deps[0]!.id, [0, 1], 'month', 'F1'],
    ['{m2}', deps[1]!.id, [2], 'month', 'F2'],
    ['{m1} - {m2}', team!.id, [1, 2], 'quarter', 'F3'],
  ];
  const ids: string[] = [];
  for (const [formula, unitId, refs, frequency, name] of formulas) {
    const [k] = await tx.insert(kpis).values({ ...defaults, unitId, name, frequency, source: 'formula', formula }).returning({ id: kpis.id });
    await tx.insert(kpiMetrics).values(refs.map((r) => ({ organizationId: org, kpiId: k!.id, metricId: ms[r]!.id })));
    ids.push(k!.id);
  }
  const [rollup] = await tx
    .insert(kpis)
    .values({ ...defaults, unitId: company!.id, name: 'R', frequency: 'month', source: 'rollup', rollupMethod: 'weighted_average' })
    .returning({ id: kpis.id });
  await tx.insert(kpiLinks).values([
    { organizationId: org, parentKpiId: rollup!.id, childKpiId: ids[1]!, weight: 1 },
    { organizationId: org, parentKpiId: rollup!.id, childKpiId: ids[2]!, weight: 2 },
  ]);
  return { units: [deps[0]!.id, deps[1]!.id, team!.id], metrics: ms.map((m) => m.id), kpis: [...ids, rollup!.id], rollups: [rollup!.id] };
}

async function apply(tx: TenantTx, world: World, w: Write) {
  const org = tx.organizationId;
  switch (w.op) {
    case 'value':
      await writeMeasurements(tx, [{ metricId: world.metrics[w.metric]!, metricKey: `m${w.metric}`, date: w.date, value: w.value, note: null }], { source: 'manual', userId: null, tokenId: null }, () => {});
      return;
    case 'unvalue':
      await tx.delete(measurements).where(and(eq(measurements.organizationId, org), eq(measurements.metricId, world.metrics[w.metric]!), eq(measurements.date, w.date)));
      return;
    case 'target':
      await tx
        .insert(kpiTargets)
        .values({ organizationId: org, kpiId: world.kpis[w.kpi]!, periodKey: w.key, value: w.value })
        .onConflictDoUpdate({ target: [kpiTargets.organizationId, kpiTargets.kpiId, kpiTargets.periodKey], set: { value: w.value } });
      return;
    case 'untarget':
      await tx.delete(kpiTargets).where(and(eq(kpiTargets.organizationId, org), eq(kpiTargets.kpiId, world.kpis[w.kpi]!), eq(kpiTargets.periodKey, w.key)));
      return;
    case 'kpiWeight':
      await tx.update(kpis).set({ weight: w.weight }).where(and(eq(kpis.organizationId, org), eq(kpis.id, world.kpis[w.kpi]!)));
      return;
    case 'state':
      await tx.update(kpis).set({ state: w.state }).where(and(eq(kpis.organizationId, org), eq(kpis.id, world.kpis[w.kpi]!)));
      return;
    case 'frequency':
      await tx.update(kpis).set({ frequency: w.frequency }).where(and(eq(kpis.organizationId, org), eq(kpis.id, world.kpis[w.kpi]!)));
      return;
    case 'linkWeight':
      await tx.update(kpiLinks).set({ weight: w.weight }).where(and(eq(kpiLinks.organizationId, org), eq(kpiLinks.parentKpiId, world.rollups[0]!)));
      return;
    case 'unitWeight':
      await tx.update(orgUnits).set({ weight: w.weight }).where(and(eq(orgUnits.organizationId, org), eq(orgUnits.id, world.units[w.unit]!)));
      return;
    case 'archive':
      await tx.update(orgUnits).set({ archivedAt: w.archived ? new Date('2026-11-01T00:00:00Z') : null }).where(and(eq(orgUnits.organizationId, org), eq(orgUnits.id, world.units[2]!)));
      return;
    case 'move':
      await tx.update(orgUnits).set({ parentId: world.units[w.toFirst ? 0 : 1]! }).where(and(eq(orgUnits.organizationId, org), eq(orgUnits.id, world.units[2]!)));
      return;
    case 'cap':
      await tx.update(organizations).set({ policy: { ...readPolicy({}), scoreCap: w.cap } }).where(eq(organizations.id, org));
      return;
  }
}

/** Every stored row, in one order, scores rounded so a recomputation's floating point noise does not count. */
async function snapshot(tx: TenantTx) {
  const round = (x: unknown) => (x === null ? null : Number(Number(x).toPrecision(12)));
  type Row = { kpi_id: string; period_key: string; actual: unknown; target_value: unknown; score: unknown } & Record<string, unknown>;
  const k = rowsOf<Row>(
    await tx.execute(sql`select kpi_id, period_key, actual, target_value, target_low, target_high, target_parts, target_missing, score, status
      from kpi_results where organization_id = ${tx.organizationId} order by kpi_id, period_key`),
  ).map((r) => ({ ...r, actual: round(r.actual), score: round(r.score), target_value: round(r.target_value) }));
  const u = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select unit_id, period_key, score, status, counted, covered from unit_results where organization_id = ${tx.organizationId} order by unit_id, period_key`),
  ).map((r) => ({ ...r, score: round(r.score) }));
  return { kpis: k, units: u };
}

describeEachDatabase('results store', (db) => {
  it('keeps every result equal to a recomputation from scratch, after every write', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 8 }), async (writes) => {
        const org = await makeOrganization(db(), 'Property');
        const world = await db().withTenant(org.id, makeWorld);
        await db().withTenant(org.id, (tx) => refreshResults(tx, today));
        for (const w of writes) {
          await db().withTenant(org.id, async (tx) => {
            await apply(tx, world, w);
            await refreshResults(tx, today);
          });
          const kept = await db().withTenant(org.id, snapshot);
          const fresh = await db().withTenant(org.id, async (tx) => {
            await tx.execute(sql`insert into results_pending (organization_id, kind) values (${org.id}, 'all') on conflict do nothing`);
            await refreshResults(tx, today);
            return snapshot(tx);
          });
          expect(kept, JSON.stringify(w)).toEqual(fresh);
        }
        // The explanation recomputes from raw values and agrees with what is kept.
        const [row] = await db().withTenant(org.id, (tx) =>
          tx.execute(sql`select o.fiscal_year_start_month, o.policy from organizations o where o.id = ${org.id}`).then((r) => rowsOf<{ fiscal_year_start_month: number; policy: unknown }>(r)),
        );
        const organization = { fiscalYearStartMonth: row!.fiscal_year_start_month, policy: readPolicy(typeof row!.policy === 'string' ? JSON.parse(row!.policy) : row!.policy) };
        const stored = (await db().withTenant(org.id, snapshot)).kpis;
        for (const r of stored.slice(0, 6)) {
          if (String(r.period_key).endsWith('YTD')) continue;
          const explained = await db().withTenant(org.id, (tx) =>
            explainKpi(tx, organization, { kpiId: r.kpi_id, period: parsePeriodKey(r.period_key, organization), today, actor: null }),
          );
          expect(explained?.score === null || explained?.score === undefined ? null : Number(explained.score.toPrecision(12)), `${r.kpi_id} ${r.period_key}`).toBe(r.score);
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
