import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import type { DateRange } from '@/lib/kpis/results';
import { addDays } from '@/lib/periods';

/** A range made of whole calendar months (a month, a quarter, a fiscal year): readable from metric_months. */
export function isWholeMonths(range: { start: string; end: string }): boolean {
  return range.start.endsWith('-01') && addDays(range.end, 1).endsWith('-01') && range.start <= range.end;
}

/** `{a,b}` for a uuid[], date[] or text[] parameter: both databases bind it as one text value. */
const arrayLiteral = (values: readonly string[]) => `{${values.map((v) => `"${v}"`).join(',')}}`;

/**
 * Each metric's value combined over each range by its own aggregation (sum,
 * last, average, min, max), computed by the database in ONE statement whatever
 * the number of metrics and ranges. Ranges of whole months (months, quarters,
 * years) combine the per-month aggregates the database keeps on write
 * (metric_months), so their cost follows metrics × months, not the number of
 * values; other ranges (weeks) read the raw values. A metric without a value
 * in a range has no entry (no data is never 0). Keyed `metricId|rangeKey`.
 */
export async function getMetricPeriodValues(
  tx: TenantTx,
  metricIds: readonly string[],
  ranges: readonly DateRange[],
): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  if (metricIds.length === 0 || ranges.length === 0) return values;
  const byMonth = ranges.filter(isWholeMonths);
  const byDay = ranges.filter((r) => !isWholeMonths(r));
  const org = tx.organizationId;
  const ids = arrayLiteral(metricIds);
  const parts = [];
  if (byMonth.length) {
    parts.push(sql`
      select mm.metric_id, r.key, sum(mm.count) as n, sum(mm.sum) as s, min(mm.min) as lo, max(mm.max) as hi,
        (array_agg(mm.last_value order by mm.last_date desc))[1] as last
      from metric_months mm
      join unnest(${arrayLiteral(byMonth.map((r) => r.key))}::text[], ${arrayLiteral(byMonth.map((r) => r.start))}::date[],
        ${arrayLiteral(byMonth.map((r) => r.end))}::date[]) as r(key, start_date, end_date)
        on mm.month between r.start_date and r.end_date
      where mm.organization_id = ${org} and mm.metric_id = any(${ids}::uuid[])
        and mm.month between ${minOf(byMonth.map((r) => r.start))}::date and ${maxOf(byMonth.map((r) => r.end))}::date
      group by mm.metric_id, r.key`);
  }
  if (byDay.length) {
    parts.push(sql`
      select v.metric_id, r.key, count(*) as n, sum(v.value) as s, min(v.value) as lo, max(v.value) as hi,
        (array_agg(v.value order by v.date desc))[1] as last
      from measurements v
      join unnest(${arrayLiteral(byDay.map((r) => r.key))}::text[], ${arrayLiteral(byDay.map((r) => r.start))}::date[],
        ${arrayLiteral(byDay.map((r) => r.end))}::date[]) as r(key, start_date, end_date)
        on v.date between r.start_date and r.end_date
      where v.organization_id = ${org} and v.metric_id = any(${ids}::uuid[])
        and v.date between ${minOf(byDay.map((r) => r.start))}::date and ${maxOf(byDay.map((r) => r.end))}::date
      group by v.metric_id, r.key`);
  }
  // One JSON value instead of a row per metric and period: 8,000 metrics × 12 months is 96,000 rows, and
  // decoding rows one by one in JavaScript cost more than the query.
  const [result] = rowsOf<{ data: [string, string, number][] | string | null }>(
    await tx.execute(sql`
      with g as (${sql.join(parts, sql` union all `)})
      select json_agg(json_build_array(g.metric_id, g.key,
        case m.aggregation when 'sum' then g.s when 'average' then g.s / g.n when 'min' then g.lo when 'max' then g.hi else g.last end)) as data
      from g join metrics m on m.organization_id = ${org} and m.id = g.metric_id`),
  );
  const data = typeof result?.data === 'string' ? (JSON.parse(result.data) as [string, string, number][]) : (result?.data ?? []);
  for (const [metricId, key, value] of data) values.set(`${metricId}|${key}`, Number(value));
  return values;
}

const minOf = (dates: string[]) => dates.reduce((a, b) => (b < a ? b : a));
const maxOf = (dates: string[]) => dates.reduce((a, b) => (b > a ? b : a));
