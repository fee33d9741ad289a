import { and, asc, count, desc, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { kpiMetrics, kpis, measurements, metrics, users } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { ExpectedError } from '@/lib/errors';

const metricColumns = {
  id: metrics.id,
  key: metrics.key,
  name: metrics.name,
  description: metrics.description,
  unit: metrics.unit,
  currencyCode: metrics.currencyCode,
  aggregation: metrics.aggregation,
  frequency: metrics.frequency,
  ownerId: metrics.ownerId,
  ownerName: users.name,
  createdAt: metrics.createdAt,
};

export type MetricUsage = { kpiId: string; name: string; unitId: string; state: 'draft' | 'active' | 'retired'; ownerId: string | null };

/**
 * Every metric with its owner, latest value, number of values and the KPIs
 * that reference it: four queries whatever the number of metrics.
 */
export async function listMetrics(tx: TenantTx) {
  const [rows, latest, counts, usage] = await Promise.all([
    tx
      .select(metricColumns)
      .from(metrics)
      .leftJoin(users, eq(users.id, metrics.ownerId))
      .where(eq(metrics.organizationId, tx.organizationId))
      .orderBy(asc(metrics.name), asc(metrics.key)),
    tx
      .selectDistinctOn([measurements.metricId], { metricId: measurements.metricId, date: measurements.date, value: measurements.value })
      .from(measurements)
      .where(eq(measurements.organizationId, tx.organizationId))
      .orderBy(measurements.metricId, desc(measurements.date)),
    tx
      .select({ metricId: measurements.metricId, values: count() })
      .from(measurements)
      .where(eq(measurements.organizationId, tx.organizationId))
      .groupBy(measurements.metricId),
    listMetricUsage(tx),
  ]);
  const latestBy = new Map(latest.map((l) => [l.metricId, l]));
  const countBy = new Map(counts.map((c) => [c.metricId, c.values]));
  return rows.map((m) => ({
    ...m,
    lastValue: latestBy.get(m.id)?.value ?? null,
    lastDate: latestBy.get(m.id)?.date ?? null,
    valueCount: countBy.get(m.id) ?? 0,
    usedBy: usage.get(m.id) ?? [],
  }));
}

export type MetricListRow = Awaited<ReturnType<typeof listMetrics>>[number];

export async function getMetric(tx: TenantTx, id: string) {
  const [row] = await tx
    .select(metricColumns)
    .from(metrics)
    .leftJoin(users, eq(users.id, metrics.ownerId))
    .where(and(eq(metrics.organizationId, tx.organizationId), eq(metrics.id, id)));
  return row ?? null;
}

export type Metric = NonNullable<Awaited<ReturnType<typeof getMetric>>>;

/** The key is what CSV files, the API and formulas use. */
export async function getMetricByKey(tx: TenantTx, key: string) {
  const [row] = await tx
    .select(metricColumns)
    .from(metrics)
    .leftJoin(users, eq(users.id, metrics.ownerId))
    .where(and(eq(metrics.organizationId, tx.organizationId), eq(metrics.key, key)));
  return row ?? null;
}

/** A metric's values in date order, with who recorded each; `from`/`to` are inclusive YYYY-MM-DD dates. */
export function listMeasurements(tx: TenantTx, metricId: string, range: { from?: string; to?: string } = {}) {
  return tx
    .select({
      date: measurements.date,
      value: measurements.value,
      note: measurements.note,
      source: measurements.source,
      recordedBy: measurements.recordedBy,
      recordedByName: users.name,
      recordedAt: measurements.recordedAt,
    })
    .from(measurements)
    .leftJoin(users, eq(users.id, measurements.recordedBy))
    .where(
      and(
        eq(measurements.organizationId, tx.organizationId),
        eq(measurements.metricId, metricId),
        range.from ? gte(measurements.date, range.from) : undefined,
        range.to ? lte(measurements.date, range.to) : undefined,
      ),
    )
    .orderBy(asc(measurements.date));
}

export type MeasurementRow = Awaited<ReturnType<typeof listMeasurements>>[number];

/** The KPIs whose formulas reference each metric (all metrics when `metricIds` is omitted), in one query. */
export async function listMetricUsage(tx: TenantTx, metricIds?: readonly string[]): Promise<Map<string, MetricUsage[]>> {
  if (metricIds && metricIds.length === 0) return new Map();
  const rows = await tx
    .select({ metricId: kpiMetrics.metricId, kpiId: kpis.id, name: kpis.name, unitId: kpis.unitId, state: kpis.state, ownerId: kpis.ownerId })
    .from(kpiMetrics)
    .innerJoin(kpis, and(eq(kpis.organizationId, kpiMetrics.organizationId), eq(kpis.id, kpiMetrics.kpiId)))
    .where(and(eq(kpiMetrics.organizationId, tx.organizationId), metricIds ? inArray(kpiMetrics.metricId, [...metricIds]) : undefined))
    .orderBy(asc(kpis.name));
  const grouped = groupBy(rows, (r) => r.metricId);
  return new Map(
    [...grouped].map(([metricId, list]) => [metricId, list.map((r) => ({ kpiId: r.kpiId, name: r.name, unitId: r.unitId, state: r.state, ownerId: r.ownerId }))]),
  );
}

/**
 * What decides who may record values: the owner, and the units of the live or
 * draft KPIs that use the metric (their heads may record). Not found when the
 * metric is not in this organization.
 */
export async function getMetricAccess(tx: TenantTx, metricId: string): Promise<{ ownerId: string | null; unitIds: string[] }> {
  const [metric] = await tx
    .select({ ownerId: metrics.ownerId })
    .from(metrics)
    .where(and(eq(metrics.organizationId, tx.organizationId), eq(metrics.id, metricId)));
  if (!metric) throw new ExpectedError('Not found', undefined, 'not_found');
  const units = await tx
    .selectDistinct({ unitId: kpis.unitId })
    .from(kpiMetrics)
    .innerJoin(kpis, and(eq(kpis.organizationId, kpiMetrics.organizationId), eq(kpis.id, kpiMetrics.kpiId)))
    .where(and(eq(kpiMetrics.organizationId, tx.organizationId), eq(kpiMetrics.metricId, metricId), ne(kpis.state, 'retired')));
  return { ownerId: metric.ownerId, unitIds: units.map((u) => u.unitId) };
}

export type MetricAccess = { ownerId: string | null; unitIds: string[] };

/** getMetricAccess for many metrics at once (two queries); metrics not in this organization are absent. */
export async function getMetricsAccess(tx: TenantTx, metricIds: readonly string[]): Promise<Map<string, MetricAccess>> {
  if (metricIds.length === 0) return new Map();
  const ids = [...new Set(metricIds)];
  const [owners, units] = await Promise.all([
    tx
      .select({ id: metrics.id, ownerId: metrics.ownerId })
      .from(metrics)
      .where(and(eq(metrics.organizationId, tx.organizationId), inArray(metrics.id, ids))),
    tx
      .selectDistinct({ metricId: kpiMetrics.metricId, unitId: kpis.unitId })
      .from(kpiMetrics)
      .innerJoin(kpis, and(eq(kpis.organizationId, kpiMetrics.organizationId), eq(kpis.id, kpiMetrics.kpiId)))
      .where(and(eq(kpiMetrics.organizationId, tx.organizationId), inArray(kpiMetrics.metricId, ids), ne(kpis.state, 'retired'))),
  ]);
  const access = new Map<string, MetricAccess>(owners.map((o) => [o.id, { ownerId: o.ownerId, unitIds: [] }]));
  for (const u of units) access.get(u.metricId)?.unitIds.push(u.unitId);
  return access;
}
