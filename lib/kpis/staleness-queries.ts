import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { getMetricStaleness, type MetricStaleness } from '@/lib/metrics/staleness-queries';
import type { FiscalCalendar, IsoDate } from '@/lib/periods';

export type KpiStaleness = {
  /** Some metric it uses, directly or through the KPIs it rolls up from, is overdue. */
  overdue: boolean;
  /** Those overdue metrics' staleness, earliest overdue first. */
  overdueMetrics: MetricStaleness[];
};

/**
 * Which KPIs are stale: a KPI is stale when any metric it uses is overdue,
 * directly (kpi_metrics) or through the KPIs it rolls up from (the kpi_links
 * closure). Two queries whatever the number of KPIs: the closure and the
 * metrics' staleness. Without `kpiIds`, every KPI of the organization.
 */
export async function getKpiStaleness(
  tx: TenantTx,
  organization: FiscalCalendar & { policy: { overdueGraceDays: number } },
  kpiIds: readonly string[] | undefined,
  today: IsoDate,
): Promise<Map<string, KpiStaleness>> {
  return (await getKpiAndMetricStaleness(tx, organization, kpiIds, today)).kpis;
}

/** Both, for a page that badges a KPI and the metrics it uses (the KPI page): still two queries. */
export async function getKpiAndMetricStaleness(
  tx: TenantTx,
  organization: FiscalCalendar & { policy: { overdueGraceDays: number } },
  kpiIds: readonly string[] | undefined,
  today: IsoDate,
): Promise<{ kpis: Map<string, KpiStaleness>; metrics: Map<string, MetricStaleness> }> {
  if (kpiIds && kpiIds.length === 0) return { kpis: new Map(), metrics: new Map() };
  const org = tx.organizationId;
  const roots = kpiIds
    ? sql`select k.id from kpis k where k.organization_id = ${org} and k.id in (select (jsonb_array_elements_text(${JSON.stringify([...new Set(kpiIds)])}::jsonb))::uuid)`
    : sql`select k.id from kpis k where k.organization_id = ${org}`;
  const [uses, staleness] = await Promise.all([
    tx.execute(sql`
      with recursive reach(kpi_id, source_id) as (
        select id, id from (${roots}) as r
        union
        select reach.kpi_id, l.child_kpi_id from reach join kpi_links l on l.organization_id = ${org} and l.parent_kpi_id = reach.source_id
      )
      select distinct reach.kpi_id, km.metric_id
      from reach join kpi_metrics km on km.organization_id = ${org} and km.kpi_id = reach.source_id`),
    getMetricStaleness(tx, organization, today),
  ]);
  const result = new Map<string, KpiStaleness>();
  for (const { kpi_id: kpiId, metric_id: metricId } of rowsOf<{ kpi_id: string; metric_id: string }>(uses)) {
    const entry = result.get(kpiId) ?? { overdue: false, overdueMetrics: [] };
    const metric = staleness.get(metricId);
    if (metric?.overdue) {
      entry.overdue = true;
      entry.overdueMetrics.push(metric);
    }
    result.set(kpiId, entry);
  }
  for (const entry of result.values()) entry.overdueMetrics.sort((a, b) => (a.overdueSince ?? '').localeCompare(b.overdueSince ?? ''));
  return { kpis: result, metrics: staleness };
}
