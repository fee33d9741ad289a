/**
 * The issue-7 benchmark on PostgreSQL (part of `npm run bench`, or alone with
 * `npm run bench:scorecard`): a large organization (bench/large-organization.ts)
 * in its own database, kept between runs; then the executive scorecard against
 * its one-query floor, its query count, API ingest against a raw INSERT floor,
 * and the scorecard API against a trivial route under autocannon.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf, type Database } from '@/db/client';
import { countQueries } from '@/db/testing';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey, shiftPeriod } from '@/lib/periods';
import { getOrgScorecard, type ScorecardOrganization } from '@/lib/scorecards/org-scorecard';
import { BENCH_TODAY, largeOrganization } from './large-organization';
import { benchIngestLarge } from './scorecard-ingest';
import { benchHttp } from './scorecard-http';

export type Row = { what: string; value: string; target?: string; verdict?: string };

export const BENCH_DATABASE = 'keel_bench';
const SCORECARD_RUNS = 25;

export function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;
export const perSecond = (n: number, unit: string) => `${Math.round(n).toLocaleString('en-US')} ${unit}/s`;
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');

async function timeRuns(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return stats(times);
}

/** The benchmark database on the TEST_DATABASE_URL server, created (and migrated) when missing. */
export async function openBenchDatabase(serverUrl: string): Promise<{ db: Database; url: string }> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${BENCH_DATABASE}`;
    if (!exists) await admin.unsafe(`create database ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  const db = await openDatabase({ url: url.toString() });
  await db.migrate();
  return { db, url: url.toString() };
}

/**
 * The floor: what the scorecard needs from the database — each used metric's
 * value per trailing month by its aggregation, the active KPIs' targets and
 * every metric's staleness inputs — as ONE hand-written query. Over the raw
 * values (`raw`), or over the per-month aggregates the engine reads
 * (`months`, the fair floor once they exist).
 */
function floorQuery(source: 'raw' | 'months', organizationId: string, ranges: { key: string; start: string; end: string }[], due: { start: string; end: string }) {
  const values = sql.join(
    ranges.map((r) => sql`(${r.key}::text, ${r.start}::date, ${r.end}::date)`),
    sql`, `,
  );
  const from = ranges[0]!.start;
  const to = ranges[ranges.length - 1]!.end;
  const agg =
    source === 'raw'
      ? sql`
      select v.metric_id, r.key, count(*) as n, sum(v.value) as s, min(v.value) as lo, max(v.value) as hi,
        (array_agg(v.value order by v.date desc))[1] as last
      from measurements v join r on v.date between r.start_date and r.end_date
      where v.organization_id = ${organizationId} and v.metric_id in (select metric_id from used) and v.date between ${from}::date and ${to}::date
      group by v.metric_id, r.key`
      : sql`
      select mm.metric_id, r.key, sum(mm.count) as n, sum(mm.sum) as s, min(mm.min) as lo, max(mm.max) as hi,
        (array_agg(mm.last_value order by mm.last_date desc))[1] as last
      from metric_months mm join r on mm.month between r.start_date and r.end_date
      where mm.organization_id = ${organizationId} and mm.metric_id in (select metric_id from used) and mm.month between ${from}::date and ${to}::date
      group by mm.metric_id, r.key`;
  const stale =
    source === 'raw'
      ? sql`
    select 's', m.id::text, (select max(v.date)::text from measurements v where v.organization_id = m.organization_id and v.metric_id = m.id),
      case when exists (select 1 from measurements v where v.organization_id = m.organization_id and v.metric_id = m.id
        and v.date between ${due.start}::date and ${due.end}::date) then 1 else 0 end
    from metrics m where m.organization_id = ${organizationId}`
      : sql`
    select 's', m.id::text, (select mm.last_date::text from metric_months mm where mm.organization_id = m.organization_id and mm.metric_id = m.id
        order by mm.month desc limit 1),
      case when exists (select 1 from metric_months mm where mm.organization_id = m.organization_id and mm.metric_id = m.id
        and mm.month between ${due.start}::date and ${due.end}::date) then 1 else 0 end
    from metrics m where m.organization_id = ${organizationId}`;
  return sql`
    with r(key, start_date, end_date) as (values ${values}),
    active as (select id from kpis where organization_id = ${organizationId} and state = 'active'),
    used as (select distinct km.metric_id from kpi_metrics km join active a on a.id = km.kpi_id where km.organization_id = ${organizationId}),
    agg as (${agg})
    select 'v' as kind, agg.metric_id::text as id, agg.key,
      case m.aggregation when 'sum' then agg.s when 'average' then agg.s / agg.n when 'min' then agg.lo when 'max' then agg.hi else agg.last end as value
    from agg join metrics m on m.organization_id = ${organizationId} and m.id = agg.metric_id
    union all
    select 't', t.kpi_id::text, t.period_key, coalesce(t.value, t.low)
    from kpi_targets t join active a on a.id = t.kpi_id
    where t.organization_id = ${organizationId} and t.period_key in (select key from r)
    union all
    ${stale}`;
}

export async function benchScorecard(serverUrl: string, log: (line: string) => void = console.log): Promise<Row[]> {
  // Each result is printed as soon as it is measured, so a failure later on loses nothing.
  const rows: Row[] = [];
  const add = (...measured: Row[]) => {
    for (const r of measured) log(`  = ${r.what}: ${r.value}${r.verdict ? ` (${r.verdict} ${r.target})` : ''}`);
    rows.push(...measured);
  };
  const { db, url } = await openBenchDatabase(serverUrl);
  try {
    log(`\nPostgreSQL: the large organization (database ${BENCH_DATABASE})`);
    const org = await largeOrganization(db, log);
    log(org.created ? `  generated in ${org.seconds.toFixed(0)} s` : '  reusing the generated organization');
    const [counts] = rowsOf<{ units: number; metrics: number; kpis: number; values: number }>(
      await db.owner.execute(sql`
        select (select count(*)::int from org_units where organization_id = ${org.id}) as units,
          (select count(*)::int from metrics where organization_id = ${org.id}) as metrics,
          (select count(*)::int from kpis where organization_id = ${org.id} and state = 'active') as kpis,
          (select reltuples::bigint from pg_class where relname = 'measurements') as values`),
    );
    log(`  ${counts!.units} units, ${counts!.metrics} metrics, ${counts!.kpis} active KPIs, ~${Number(counts!.values).toLocaleString('en-US')} values`);

    const [stored] = rowsOf<{ fiscal_year_start_month: number; policy: unknown }>(
      await db.owner.execute(sql`select fiscal_year_start_month, policy from organizations where id = ${org.id}`),
    );
    const organization: ScorecardOrganization = { fiscalYearStartMonth: stored!.fiscal_year_start_month, policy: readPolicy(stored!.policy) };
    const period = parsePeriodKey('2026-10', organization);
    const ranges = Array.from({ length: 12 }, (_, i) => shiftPeriod(period, i - 11, organization));
    const scorecard = () => db.withTenant(org.id, (tx) => getOrgScorecard(tx, organization, { period, today: BENCH_TODAY }));

    if (!process.argv.includes('--no-scorecard')) {
      const card = await scorecard();
      log(`  scorecard ${card!.period}: ${card!.kpis.length} KPIs, ${card!.units.length} units, ${card!.red.length} red, ${card!.stale.length} stale`);
      const engine = await timeRuns(SCORECARD_RUNS, scorecard);
      const due = { start: '2026-10-01', end: '2026-10-31' };
      const floorOf = (source: 'raw' | 'months') => () => db.withTenant(org.id, (tx) => tx.execute(floorQuery(source, org.id, ranges, due)));
      const floor = await timeRuns(SCORECARD_RUNS, floorOf('months'));
      // Seconds per run before metric_months existed: a few runs say enough.
      const rawFloor = await timeRuns(5, floorOf('raw'));
      const { queries } = await db.withTenant(org.id, (tx) => countQueries(tx, () => getOrgScorecard(tx, organization, { period, today: BENCH_TODAY })));
      const ratio = engine.median / floor.median;
      add(
        { what: `executive scorecard, 1 month + 12-month trends (${SCORECARD_RUNS} runs)`, value: `median ${ms(engine.median)}, p95 ${ms(engine.p95)}`, target: '≤ 150 ms', verdict: verdict(engine.median <= 150) },
        { what: 'floor: the same data in one SQL query over metric_months', value: `median ${ms(floor.median)}, p95 ${ms(floor.p95)}` },
        { what: 'the same one query over the raw values (5 runs)', value: `median ${ms(rawFloor.median)}, p95 ${ms(rawFloor.p95)}` },
        { what: 'scorecard / floor', value: `${ratio.toFixed(2)}×`, target: '≤ 2×', verdict: verdict(ratio <= 2) },
        { what: 'queries per scorecard', value: String(queries), target: 'constant' },
      );
    }
    add(...(await benchIngestLarge(db, org, log)));
    add(...(await benchHttp(db, url, org, log)));
  } finally {
    await db.close();
  }
  return rows;
}

export function printTable(rows: Row[], log: (line: string) => void = console.log) {
  const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.value.length)), 10];
  log('');
  log(`  ${'measure'.padEnd(w[0]!)}  ${'result'.padEnd(w[1]!)}  ${'target'.padEnd(w[2]!)}  verdict`);
  log(`  ${'-'.repeat(w[0]!)}  ${'-'.repeat(w[1]!)}  ${'-'.repeat(w[2]!)}  -------`);
  for (const r of rows) log(`  ${r.what.padEnd(w[0]!)}  ${r.value.padEnd(w[1]!)}  ${(r.target ?? '').padEnd(w[2]!)}  ${r.verdict ?? ''}`);
}

/** `npm run bench` calls this; alone it is `npm run bench:scorecard`. */
export async function runScorecardBench(serverUrl: string | undefined) {
  console.log('\nIssue 7: scorecard, ingest and API on a large organization');
  if (!serverUrl) {
    console.log('  skipped: set TEST_DATABASE_URL (a PostgreSQL server) to run it; PGlite is not the target of these numbers');
    return;
  }
  printTable(await benchScorecard(serverUrl));
}
