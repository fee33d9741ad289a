import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { periodKinds, type FiscalCalendar, type IsoDate, type PeriodKind } from '@/lib/periods';
import { isWholeMonths } from '@/lib/scorecards/metric-period-values';
import { duePeriod, stalenessOf, type Staleness } from './staleness';

export type MetricStaleness = Staleness & { metricId: string; ownerId: string | null; lastDate: IsoDate | null };

/**
 * Every metric's staleness in one query: for each, whether it has a value in
 * the due period of its frequency and its latest date. Both are index lookups
 * on the per-month aggregates (metric_months, far smaller than the values),
 * except a week's value, looked up in the values; whatever the number of values.
 */
export async function getMetricStaleness(
  tx: TenantTx,
  organization: FiscalCalendar & { policy: { overdueGraceDays: number } },
  today: IsoDate,
): Promise<Map<string, MetricStaleness>> {
  const grace = organization.policy.overdueGraceDays;
  const due = new Map(periodKinds.map((kind) => [kind, duePeriod(kind, today, organization, grace)]));
  // The due period of each frequency as rows joined on the metric's frequency: the bounds are then columns,
  // so the lookup below is an index range. (A CASE over parameters is not: under a generic plan it
  // became a filter over every value of every metric, seconds for a large organization.)
  const dueRows = sql.join(
    periodKinds.map((kind) => sql`(${kind}::period_kind, ${due.get(kind)!.start}::date, ${due.get(kind)!.end}::date, ${isWholeMonths(due.get(kind)!)}::boolean)`),
    sql`, `,
  );
  const rows = rowsOf<{ id: string; frequency: PeriodKind; owner_id: string | null; created_on: string; last_date: string | null; has_due: boolean }>(
    await tx.execute(sql`
      select m.id, m.frequency, m.owner_id, (m.created_at at time zone 'UTC')::date::text as created_on,
        (select mm.last_date::text from metric_months mm where mm.organization_id = m.organization_id and mm.metric_id = m.id
          order by mm.month desc limit 1) as last_date,
        case when due.by_month then exists (
          select 1 from metric_months mm
          where mm.organization_id = m.organization_id and mm.metric_id = m.id and mm.month between due.start_date and due.end_date
        ) else exists (
          select 1 from measurements v
          where v.organization_id = m.organization_id and v.metric_id = m.id and v.date between due.start_date and due.end_date
        ) end as has_due
      from metrics m
      join (values ${dueRows}) as due(kind, start_date, end_date, by_month) on due.kind = m.frequency
      where m.organization_id = ${tx.organizationId}`),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        metricId: r.id,
        ownerId: r.owner_id,
        lastDate: r.last_date,
        ...stalenessOf({ frequency: r.frequency, createdOn: r.created_on, hasValueInDuePeriod: r.has_due }, today, organization, grace),
      },
    ]),
  );
}
