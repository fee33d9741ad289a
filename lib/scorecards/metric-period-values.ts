import { sql, type SQL } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { arrayLiteral } from '@/db/sql-values';
import { rowsOf } from '@/db/client';
import { addDays } from '@/lib/periods';

/** A range made of whole calendar months (a month, a quarter, a fiscal year): readable from metric_months. */
export function isWholeMonths(range: { start: string; end: string }): boolean {
  return range.start.endsWith('-01') && addDays(range.end, 1).endsWith('-01') && range.start <= range.end;
}


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
  ranges: ReadonlyArray<{ key: string; start: string; end: string }>,
): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  if (metricIds.length === 0 || ranges.length === 0) return values;
  const byMonth = ranges.filter(isWholeMonths);
  const byDay = ranges.filter((r) => !isWholeMonths(r));
  const org = tx.organizationId;
  const value = (n: SQL, s: SQL, lo: SQL, hi: SQL, last: SQL) =>
    sql`case ms.aggregation when 'sum' then ${s} when 'average' then ${s} / ${n} when 'min' then ${lo} when 'max' then ${hi} else ${last} end`;
  const parts: SQL[] = [];
  // A range of one month is one metric_months row per metric: no grouping at all (the common case, a
  // monthly scorecard with its trend).
  const single = byMonth.filter((r) => monthsOf(r).length === 1);
  if (single.length) {
    parts.push(sql`
      select mm.metric_id, r.key, ${value(sql`mm.count`, sql`mm.sum`, sql`mm.min`, sql`mm.max`, sql`mm.last_value`)} as value
      from metric_months mm
      join ms on ms.id = mm.metric_id
      join unnest(${arrayLiteral(single.map((r) => r.start))}::date[], ${arrayLiteral(single.map((r) => r.key))}::text[]) as r(month, key)
        on mm.month = r.month
      where mm.organization_id = ${org}
        and mm.month between ${minOf(single.map((r) => r.start))}::date and ${maxOf(single.map((r) => r.start))}::date`);
  }
  // Quarters and years: their months combined. The last value is the second element of the largest
  // [day number, value] pair, an aggregate without ORDER BY.
  const multi = byMonth.filter((r) => monthsOf(r).length > 1).flatMap((r) => monthsOf(r).map((month) => ({ month, key: r.key })));
  if (multi.length) {
    parts.push(sql`
      select mm.metric_id, r.key,
        ${value(sql`sum(mm.count)`, sql`sum(mm.sum)`, sql`min(mm.min)`, sql`max(mm.max)`, sql`(max(array[(mm.last_date - date '2000-01-01')::float8, mm.last_value]))[2]`)} as value
      from metric_months mm
      join ms on ms.id = mm.metric_id
      join unnest(${arrayLiteral(multi.map((m) => m.month))}::date[], ${arrayLiteral(multi.map((m) => m.key))}::text[]) as r(month, key)
        on mm.month = r.month
      where mm.organization_id = ${org}
        and mm.month between ${minOf(multi.map((m) => m.month))}::date and ${maxOf(multi.map((m) => m.month))}::date
      group by mm.metric_id, r.key, ms.aggregation`);
  }
  if (byDay.length) {
    parts.push(sql`
      select v.metric_id, r.key,
        ${value(sql`count(*)`, sql`sum(v.value)`, sql`min(v.value)`, sql`max(v.value)`, sql`(max(array[(v.date - date '2000-01-01')::float8, v.value]))[2]`)} as value
      from measurements v
      join ms on ms.id = v.metric_id
      join unnest(${arrayLiteral(byDay.map((r) => r.key))}::text[], ${arrayLiteral(byDay.map((r) => r.start))}::date[],
        ${arrayLiteral(byDay.map((r) => r.end))}::date[]) as r(key, start_date, end_date)
        on v.date between r.start_date and r.end_date
      where v.organization_id = ${org}
        and v.date between ${minOf(byDay.map((r) => r.start))}::date and ${maxOf(byDay.map((r) => r.end))}::date
      group by v.metric_id, r.key, ms.aggregation`);
  }
  // One JSON value instead of a row per metric and period: 8,000 metrics × 12 months is 96,000 rows, and
  // decoding rows one by one in JavaScript cost more than the query.
  const [result] = rowsOf<{ data: [string, string, number][] | string | null }>(
    await tx.execute(sql`
      with ms as (select id, aggregation from metrics where organization_id = ${org} and id = any(${arrayLiteral(metricIds)}::uuid[])),
      g as (${sql.join(parts, sql` union all `)})
      select json_agg(json_build_array(g.metric_id, g.key, g.value)) as data from g`),
  );
  const data = typeof result?.data === 'string' ? (JSON.parse(result.data) as [string, string, number][]) : (result?.data ?? []);
  for (const [metricId, key, value] of data) values.set(`${metricId}|${key}`, Number(value));
  return values;
}

/** The first days of the months a whole-months range covers (32 days after a first day is always in the next month). */
function monthsOf(range: { start: string; end: string }): string[] {
  const months: string[] = [];
  for (let month = range.start; month <= range.end; month = `${addDays(month, 32).slice(0, 8)}01`) months.push(month);
  return months;
}

const minOf = (dates: string[]) => dates.reduce((a, b) => (b < a ? b : a));
const maxOf = (dates: string[]) => dates.reduce((a, b) => (b > a ? b : a));
