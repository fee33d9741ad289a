import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import type { DateRange } from '@/lib/kpis/results';

/**
 * Each metric's value combined over each range by its own aggregation (sum,
 * last, average, min, max), computed by the database in ONE statement whatever
 * the number of metrics and ranges. A metric without a value in a range has no
 * entry (no data is never 0). Keyed `metricId|rangeKey`.
 */
export async function getMetricPeriodValues(
  tx: TenantTx,
  metricIds: readonly string[],
  ranges: readonly DateRange[],
): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  if (metricIds.length === 0 || ranges.length === 0) return values;
  const starts = ranges.map((r) => r.start).sort();
  const ends = ranges.map((r) => r.end).sort();
  const rangeRows = JSON.stringify(ranges.map((r) => ({ key: r.key, start: r.start, end: r.end })));
  const rows = rowsOf<{ metric_id: string; key: string; value: number }>(
    await tx.execute(sql`
      with r as (select * from jsonb_to_recordset(${rangeRows}::jsonb) as r(key text, start date, "end" date)),
      g as (
        select v.metric_id, r.key, count(*) as n, sum(v.value) as s, min(v.value) as lo, max(v.value) as hi,
          (array_agg(v.value order by v.date desc))[1] as last
        from measurements v
        join r on v.date between r.start and r."end"
        where v.organization_id = ${tx.organizationId}
          and v.metric_id = any(${`{${metricIds.join(',')}}`}::uuid[])
          and v.date between ${starts[0]!}::date and ${ends[ends.length - 1]!}::date
        group by v.metric_id, r.key
      )
      select g.metric_id, g.key,
        case m.aggregation when 'sum' then g.s when 'average' then g.s / g.n when 'min' then g.lo when 'max' then g.hi else g.last end as value
      from g join metrics m on m.organization_id = ${tx.organizationId} and m.id = g.metric_id`),
  );
  for (const row of rows) values.set(`${row.metric_id}|${row.key}`, Number(row.value));
  return values;
}
