import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { rowsOf } from '@/db/client';
import { measurements, metricMonths, metrics, periodLocks } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { resolveBatch, writeMeasurements, type BatchItem } from './measurement-batch';

/**
 * metric_months (migration 0012) is kept by triggers on measurements: whatever
 * sequence of writes, replacements, refused writes in locked months, deletions
 * and metric deletions, it equals a fresh computation from the raw values.
 */

type Op =
  | { kind: 'write'; items: { metric: number; day: number; value: number }[] }
  | { kind: 'lock'; month: number }
  | { kind: 'bypass'; metric: number; day: number; value: number }
  | { kind: 'delete'; metric: number; from: number; days: number }
  | { kind: 'deleteMetric'; metric: number };

const KEYS = ['a', 'b', 'c'];
const dateOf = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
const value = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
const day = fc.integer({ min: 0, max: 119 }); // January to April 2026
const metric = fc.integer({ min: 0, max: KEYS.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), items: fc.array(fc.record({ metric, day, value }), { minLength: 1, maxLength: 25 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lock' as const), month: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bypass' as const), metric, day, value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), metric, from: day, days: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMetric' as const), metric }) },
);

async function apply(db: Database, orgId: string, ops: Op[]) {
  const ids = new Map<string, string>();
  const ensureMetrics = () =>
    db.withTenant(orgId, async (tx) => {
      const missing = KEYS.filter((k) => !ids.has(k));
      if (!missing.length) return;
      const created = await tx
        .insert(metrics)
        .values(missing.map((key) => ({ organizationId: orgId, key, name: key, unit: 'count' as const, aggregation: 'sum' as const, frequency: 'month' as const })))
        .onConflictDoNothing()
        .returning({ id: metrics.id, key: metrics.key });
      for (const m of created) ids.set(m.key, m.id);
    });
  await ensureMetrics();
  for (const o of ops) {
    if (o.kind === 'write') {
      await ensureMetrics();
      const items: BatchItem[] = o.items.map((i) => ({ metric: KEYS[i.metric]!, date: dateOf(i.day), value: i.value, note: null }));
      await db.withTenant(orgId, async (tx) => {
        const { writes } = await resolveBatch(tx, items);
        await writeMeasurements(tx, writes, { source: 'api', userId: null, tokenId: null }, () => {});
      });
    } else if (o.kind === 'lock') {
      const start = `2026-${String(o.month + 1).padStart(2, '0')}-01`;
      const end = dateOf(Math.round((Date.UTC(2026, o.month + 1, 1) - Date.UTC(2026, 0, 1)) / 86_400_000) - 1);
      await db.withTenant(orgId, (tx) =>
        tx.insert(periodLocks).values({ organizationId: orgId, periodKey: start.slice(0, 7), kind: 'month', startDate: start, endDate: end }).onConflictDoNothing(),
      );
    } else if (o.kind === 'bypass') {
      // A write that skips the application's lock check: the database refuses it inside a locked month, and the whole
      // transaction (values and months) rolls back.
      const id = ids.get(KEYS[o.metric]!);
      if (!id) continue;
      await db
        .withTenant(orgId, (tx) =>
          tx.execute(sql`insert into measurements (organization_id, metric_id, date, value, source) values (${orgId}, ${id}, ${dateOf(o.day)}, ${o.value}, 'manual')
            on conflict (organization_id, metric_id, date) do update set value = excluded.value`),
        )
        .catch((error: unknown) => {
          if (!String((error as { cause?: unknown }).cause ?? error).includes('is locked')) throw error;
        });
    } else if (o.kind === 'delete') {
      const id = ids.get(KEYS[o.metric]!);
      if (!id) continue;
      await db
        .withTenant(orgId, (tx) =>
          tx.delete(measurements).where(and(eq(measurements.metricId, id), sql`${measurements.date} between ${dateOf(o.from)} and ${dateOf(o.from + o.days)}`)),
        );
    } else {
      const key = KEYS[o.metric]!;
      const id = ids.get(key);
      if (!id) continue;
      await db.withTenant(orgId, (tx) => tx.delete(metrics).where(eq(metrics.id, id)));
      ids.delete(key);
    }
  }
}

type MonthRow = { metric_id: string; month: string; count: number; sum: number; min: number; max: number; last_date: string; last_value: number };

async function compare(db: Database, orgId: string) {
  return db.withTenant(orgId, async (tx) => {
    const kept = await tx
      .select({
        metric_id: metricMonths.metricId,
        month: metricMonths.month,
        count: metricMonths.count,
        sum: metricMonths.sum,
        min: metricMonths.min,
        max: metricMonths.max,
        last_date: metricMonths.lastDate,
        last_value: metricMonths.lastValue,
      })
      .from(metricMonths)
      .orderBy(metricMonths.metricId, metricMonths.month);
    const fresh = rowsOf<MonthRow>(
      await tx.execute(sql`
        select metric_id, date_trunc('month', date)::date::text as month, count(*)::int as count, sum(value) as sum, min(value) as min,
          max(value) as max, max(date)::text as last_date, (array_agg(value order by date desc))[1] as last_value
        from measurements group by metric_id, date_trunc('month', date) order by metric_id, month`),
    ).map((r) => ({ ...r, sum: Number(r.sum), min: Number(r.min), max: Number(r.max), last_value: Number(r.last_value) }));
    const withoutSum = (r: MonthRow) => ({ ...r, sum: undefined });
    expect(kept.map(withoutSum)).toEqual(fresh.map(withoutSum));
    // Sums are added in another order than a fresh sum: equal up to rounding.
    kept.forEach((k, i) => expect(k.sum).toBeCloseTo(fresh[i]!.sum, 6));
    return kept.length;
  });
}

describeEachDatabase('metric months (aggregates kept on write)', (db) => {
  it('equal a fresh computation from the raw values after any sequence of writes, replacements, locks and deletions', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const org = await makeOrganization(db(), 'Months Org');
        await apply(db(), org.id, ops);
        if ((await compare(db(), org.id)) > 0) nonEmpty++;
      }),
      { numRuns: 15 },
    );
    expect(nonEmpty).toBeGreaterThan(3);
  }, 300_000);

  it('hold one row per metric and month with the combined values, and follow a replacement down', async () => {
    const org = await makeOrganization(db(), 'Months Example');
    await apply(db(), org.id, [
      { kind: 'write', items: [{ metric: 0, day: 0, value: 5 }, { metric: 0, day: 9, value: 7 }, { metric: 0, day: 31, value: 1 }] },
      { kind: 'write', items: [{ metric: 0, day: 9, value: 2 }] },
    ]);
    const rows = await db().withTenant(org.id, (tx) =>
      tx.select({ month: metricMonths.month, count: metricMonths.count, sum: metricMonths.sum, min: metricMonths.min, max: metricMonths.max, lastDate: metricMonths.lastDate, lastValue: metricMonths.lastValue }).from(metricMonths).orderBy(metricMonths.month),
    );
    expect(rows).toEqual([
      { month: '2026-01-01', count: 2, sum: 7, min: 2, max: 5, lastDate: '2026-01-10', lastValue: 2 },
      { month: '2026-02-01', count: 1, sum: 1, min: 1, max: 1, lastDate: '2026-02-01', lastValue: 1 },
    ]);
  });
});
