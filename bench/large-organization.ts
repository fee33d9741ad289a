import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { rowsOf } from '@/db/client';
import { makeOrganization } from '@/db/testing-data';

/**
 * The issue-7 benchmark organization, generated with set-based SQL on the
 * owner's connection: 1 company, 20 departments, 200 teams, 8,000 metrics
 * (sum, last, average, min and max; monthly, weekly and quarterly), 5,000
 * active KPIs (4,910 formula KPIs on teams, departments and the company, 80
 * department roll-ups over team KPIs, 10 company roll-ups over those), targets
 * for every month, quarter and year (a band for `within` KPIs), and daily
 * values for three years (~8.76M rows; 2% of the metrics stop in August, so
 * they are overdue). Ids are derived from numbers (md5), so the whole
 * organization is a handful of INSERT … SELECT statements.
 *
 * The generation is one transaction that ends by renaming the organization to
 * READY_NAME: a later run finds that name and reuses the data.
 */
export const READY_NAME = 'Bench Large Org';
const GENERATING_NAME = `${READY_NAME} (generating)`;
export const FIRST_DAY = '2023-12-01';
export const LAST_DAY = '2026-11-29';
/** The benchmark's "today": the scorecard is for the last completed month, October 2026. */
export const BENCH_TODAY = '2026-11-30';

export type LargeOrganization = { id: string; ownerId: string; created: boolean; seconds: number };

export async function largeOrganization(db: Database, log: (line: string) => void): Promise<LargeOrganization> {
  const [ready] = rowsOf<{ id: string; owner_id: string }>(
    await db.owner.execute(sql`
      select o.id, m.user_id as owner_id from organizations o join memberships m on m.organization_id = o.id and m.role = 'owner'
      where o.name = ${READY_NAME} limit 1`),
  );
  if (ready) return { id: ready.id, ownerId: ready.owner_id, created: false, seconds: 0 };

  // A generation that was interrupted left an empty organization behind.
  const leftovers = rowsOf<{ id: string }>(await db.owner.execute(sql`select id from organizations where name = ${GENERATING_NAME}`));
  for (const { id } of leftovers) await db.withTenant(id, (tx) => tx.execute(sql`select delete_organization(${id})`));
  const started = performance.now();
  const org = await makeOrganization(db, GENERATING_NAME, ['owner']);
  const o = org.id;
  const step = async (label: string, statement: ReturnType<typeof sql>) => {
    const t = performance.now();
    await db.owner.execute(statement);
    log(`    ${label.padEnd(40)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s`);
  };
  // One transaction: a crash leaves nothing half-made behind (the "(generating)" organization is empty).
  await db.owner.transaction(async (tx) => {
    const run = async (label: string, statement: ReturnType<typeof sql>) => {
      const t = performance.now();
      await tx.execute(statement);
      log(`    ${label.padEnd(40)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s`);
    };
    // The bulk load skips the triggers and the per-row key checks of measurements (the generated rows are right by
    // construction, and no period is locked); metric_months is then filled in one GROUP BY, as migration 0012 does.
    await tx.execute(sql`alter table measurements disable trigger all`);
    await run('units', sql`
      with company as (select id from org_units where organization_id = ${o} and kind = 'company')
      insert into org_units (organization_id, id, parent_id, kind, name, weight)
      select ${o}::uuid, md5('dept' || d)::uuid, company.id, 'department'::unit_kind, 'Department ' || d, 1 + d % 3 from company, generate_series(0, 19) d
      union all
      select ${o}::uuid, md5('team' || t)::uuid, md5('dept' || t / 10)::uuid, 'team'::unit_kind, 'Team ' || t / 10 || '.' || t % 10, 1 + t % 2
      from generate_series(0, 199) t`);
    await run('metrics', sql`
      insert into metrics (organization_id, id, key, name, unit, aggregation, frequency, created_at)
      select ${o}::uuid, md5('metric' || n)::uuid, 'm' || n, 'Metric ' || n, 'count',
        (case when n % 10 < 5 then 'sum' when n % 10 < 7 then 'last' when n % 10 < 9 then 'average' when n % 20 = 9 then 'min' else 'max' end)::aggregation,
        (case when n % 25 = 0 then 'week' when n % 50 = 1 then 'quarter' else 'month' end)::period_kind,
        timestamptz '2023-11-01 00:00:00+00'
      from generate_series(0, 7999) n`);
    // KPI numbers: 0–4399 team formula KPIs (22 per team), 4400–4899 department formula KPIs (25 each),
    // 4900–4909 company formula KPIs, 4910–4989 department roll-ups (4 each), 4990–4999 company roll-ups.
    await run('kpis', sql`
      with k as (
        select n,
          case when n < 4400 then md5('team' || n / 22)::uuid
               when n < 4900 then md5('dept' || (n - 4400) / 25)::uuid
               when n < 4910 then (select id from org_units where organization_id = ${o} and kind = 'company')
               when n < 4990 then md5('dept' || (n - 4910) / 4)::uuid
               else (select id from org_units where organization_id = ${o} and kind = 'company') end as unit_id,
          'm' || (n * 2) % 8000 as a, 'm' || (n * 2 + 1) % 8000 as b
        from generate_series(0, 4999) n
      )
      insert into kpis (organization_id, id, unit_id, name, unit, direction, frequency, indicator, horizon, weight, source, formula,
        rollup_method, baseline_value, status_thresholds, state)
      select ${o}::uuid, md5('kpi' || n)::uuid, unit_id, 'KPI ' || lpad(n::text, 4, '0'),
        (case when n < 4910 and n % 5 = 0 then 'percent' else 'count' end)::measure_unit,
        (case when n % 10 < 6 then 'up' when n % 10 < 9 then 'down' else 'within' end)::direction,
        'month', (case when n % 3 = 0 then 'leading' else 'lagging' end)::indicator_kind, 'strategic', 1 + n % 3,
        (case when n < 4910 then 'formula' else 'rollup' end)::kpi_source,
        case when n >= 4910 then null
             when n % 5 = 0 then '{' || a || '} / {' || b || '} * 100'
             when n % 5 = 1 then '{' || a || '} - {' || b || '}'
             when n % 5 = 2 then '{' || a || '}'
             when n % 5 = 3 then '({' || a || '} + {' || b || '}) / 2'
             else '{' || a || '} / {' || b || '}' end,
        (case when n < 4910 then null else (array['sum', 'average', 'weighted_average', 'min', 'max'])[1 + n % 5] end)::rollup_method,
        case when n % 11 = 0 then 50 end,
        case when n % 17 = 0 then '{"green": 95, "amber": 80}'::jsonb end,
        'active'
      from k`);
    await run('kpi metrics', sql`
      insert into kpi_metrics (organization_id, kpi_id, metric_id)
      select distinct ${o}::uuid, md5('kpi' || n)::uuid, md5('metric' || m)::uuid
      from generate_series(0, 4909) n, lateral (values ((n * 2) % 8000), ((n * 2 + 1) % 8000)) r(m)
      where r.m = (n * 2) % 8000 or n % 5 <> 2`);
    await run('kpi links', sql`
      insert into kpi_links (organization_id, parent_kpi_id, child_kpi_id, weight)
      select ${o}::uuid, md5('kpi' || p)::uuid, md5('kpi' || c)::uuid, 1 + (c % 4) * 0.5
      from generate_series(4910, 4989) p, generate_series(0, 4399) c
      where c / 22 / 10 = (p - 4910) / 4 and (c % 22) % 4 = (p - 4910) % 4
      union all
      select ${o}::uuid, md5('kpi' || p)::uuid, md5('kpi' || c)::uuid, 1 + (c % 3)
      from generate_series(4990, 4999) p, generate_series(4910, 4989) c
      where (c - 4910) % 4 = (p - 4990) % 4`);
    // Targets near what the KPI's formula yields, so statuses mix: on track, at risk, off track.
    await run('targets', sql`
      with periods as (
        select to_char(d, 'YYYY-MM') as key from generate_series(date '2023-12-01', date '2026-12-01', interval '1 month') d
        union all select distinct to_char(d, 'YYYY-"Q"Q') from generate_series(date '2023-10-01', date '2026-12-01', interval '3 month') d
        union all select y::text from generate_series(2023, 2026) y
      ),
      base as (
        select n, case when n >= 4910 then 100 when n % 5 = 0 then 100 when n % 5 = 1 then 0 when n % 5 = 4 then 1 else 3000 end as typical
        from generate_series(0, 4999) n
      )
      insert into kpi_targets (organization_id, kpi_id, period_key, value, low, high)
      select ${o}::uuid, md5('kpi' || b.n)::uuid, p.key,
        case when b.n % 10 <> 9 then b.typical * (0.85 + (abs(hashtext(p.key)) + b.n) % 30 / 100.0) + case when b.typical = 0 then 20 else 0 end end,
        case when b.n % 10 = 9 then b.typical * 0.9 - 10 end,
        case when b.n % 10 = 9 then b.typical * 1.1 + 10 end
      from base b, periods p`);
    // Daily values, in key order so the primary key index grows at its right edge.
    await run('measurements (3 years daily)', sql`
      insert into measurements (organization_id, metric_id, date, value, source, recorded_at)
      select ${o}::uuid, md5('metric' || n)::uuid, d::date,
        50 + (n * 37 + i * 11) % 97 + n % 13, 'api', timestamptz '2026-11-29 12:00:00+00'
      from generate_series(0, 7999) n,
        lateral generate_series(${FIRST_DAY}::date, case when n % 50 = 7 then date '2026-08-31' else ${LAST_DAY}::date end, interval '1 day')
          with ordinality as s(d, i)
      order by md5('metric' || n)::uuid, d`);
    await tx.execute(sql`alter table measurements enable trigger all`);
    await run('metric months', sql`
      insert into metric_months (organization_id, metric_id, month, count, sum, min, max, last_date, last_value)
      select organization_id, metric_id, date_trunc('month', date)::date, count(*)::int, sum(value), min(value), max(value), max(date),
        (array_agg(value order by date desc))[1]
      from measurements where organization_id = ${o}
      group by organization_id, metric_id, date_trunc('month', date)::date`);
    await run('mark ready', sql`
      with org as (update organizations set name = ${READY_NAME} where id = ${o} returning id)
      update org_units set name = ${READY_NAME} where organization_id = (select id from org) and kind = 'company'`);
  });
  // Fresh rows have no visibility map yet: without a vacuum every read would check each row's heap page.
  await step('vacuum and analyze', sql`vacuum (analyze) measurements, metric_months, kpi_targets`);
  return { id: o, ownerId: org.byRole('owner').id, created: true, seconds: (performance.now() - started) / 1000 };
}
