import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { rowsOf } from '@/db/client';
import { runOrgAction } from '@/lib/action-runner';
import { pushMeasurementsHandler } from '@/lib/api/v1/endpoints';
import { createRateLimiter } from '@/lib/api/rate-limit';
import { apiTokenActions } from '@/lib/api-tokens/actions';
import { FIRST_DAY, type LargeOrganization } from './large-organization';

// New values and the raw floor go before the generated three years (the API refuses dates over a year ahead).
const NEW_FROM = '2021-01-01';
const RAW_FROM = '2019-01-01';
import { perSecond, stats, type Row } from './scorecard';

const BATCH = 10_000;
const METRICS = 100;
const DAYS = BATCH / METRICS;
const RUNS = 5;

const dateOf = (start: string, day: number) => new Date(Date.parse(start) + day * 86_400_000).toISOString().slice(0, 10);

/** A write token of the organization, made the way the settings page makes one. */
export async function benchToken(db: Database, org: LargeOrganization, scope: 'read' | 'write') {
  const [row] = rowsOf<{ slug: string }>(await db.owner.execute(sql`select slug from organizations where id = ${org.id}`));
  const created = await runOrgAction(db, org.ownerId, row!.slug, apiTokenActions.create, { name: `bench ${scope}`, scope });
  if (!created.ok) throw new Error(created.error);
  return created.data.token;
}

/**
 * API ingest on the large organization (8.7M values in the table): 10,000-value
 * batches through the real handler (auth, JSON, zod, resolve, write, audit),
 * new values and replacements, against a raw multi-row INSERT of 10,000 rows on
 * the owner's connection. Everything it adds is removed and every replaced
 * value restored afterwards, so the next run sees the same organization.
 */
export async function benchIngestLarge(db: Database, org: LargeOrganization, log: (line: string) => void): Promise<Row[]> {
  const token = await benchToken(db, org, 'write');
  const limiter = createRateLimiter(1_000_000);
  const push = async (items: { metric: string; date: string; value: number }[]) => {
    const body = JSON.stringify({ measurements: items });
    const start = performance.now();
    const response = await pushMeasurementsHandler(
      new Request('http://bench/api/v1/measurements', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      }),
      { db, rateLimiter: limiter },
    );
    if (response.status !== 200) throw new Error(`push failed: ${response.status} ${await response.text()}`);
    return performance.now() - start;
  };
  const batch = (firstMetric: number, start: string, value: (i: number) => number) =>
    Array.from({ length: BATCH }, (_, i) => ({ metric: `m${firstMetric + (i % METRICS)}`, date: dateOf(start, Math.floor(i / METRICS)), value: value(i) }));

  const fresh: number[] = [];
  const replaced: number[] = [];
  const raw: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) fresh.push(await push(batch(0, dateOf(NEW_FROM, run * DAYS), (i) => i + run)));
    for (let run = 0; run < RUNS; run++) replaced.push(await push(batch(100, '2026-01-01', (i) => -i - run - 1)));
    const ids = rowsOf<{ id: string }>(await db.owner.execute(sql`select id from metrics where organization_id = ${org.id} order by key limit ${METRICS}`));
    for (let run = 0; run < RUNS; run++) {
      const values = Array.from(
        { length: BATCH },
        (_, i) => sql`(${org.id}::uuid, ${ids[i % METRICS]!.id}::uuid, ${dateOf(RAW_FROM, run * DAYS + Math.floor(i / METRICS))}::date, ${i}::float8, 'api')`,
      );
      const statement = sql`insert into measurements (organization_id, metric_id, date, value, source) values ${sql.join(values, sql`, `)}`;
      const start = performance.now();
      await db.owner.execute(statement);
      raw.push(performance.now() - start);
    }
  } finally {
    await db.owner.execute(sql`delete from measurements where organization_id = ${org.id} and date < ${FIRST_DAY}::date`);
    await db.owner.execute(sql`
      update measurements v set value = 50 + (n * 37 + (v.date - ${FIRST_DAY}::date + 1) * 11) % 97 + n % 13
      from (select id, substr(key, 2)::int as n from metrics where organization_id = ${org.id} and key ~ '^m[0-9]+$') m
      where v.organization_id = ${org.id} and v.metric_id = m.id and m.n between 100 and ${100 + METRICS - 1}
        and v.date between '2026-01-01' and ${dateOf('2026-01-01', DAYS - 1)}`);
  }
  const rate = (times: number[]) => BATCH / (stats(times).median / 1000);
  const line = (label: string, times: number[]) => `median ${stats(times).median.toFixed(0)} ms/batch = ${perSecond(rate(times), 'values')}`;
  log(`  ingest: new ${line('new', fresh)}; replaced ${line('replaced', replaced)}; raw ${line('raw', raw)}`);
  const verdict = (n: number) => (n >= 20_000 ? 'meets' : 'MISSES');
  return [
    { what: `API ingest, 10,000 new values per batch (${RUNS} batches)`, value: perSecond(rate(fresh), 'values'), target: '≥ 20,000/s', verdict: verdict(rate(fresh)) },
    { what: `API ingest, 10,000 replaced values per batch (${RUNS} batches)`, value: perSecond(rate(replaced), 'values'), target: '≥ 20,000/s', verdict: verdict(rate(replaced)) },
    { what: 'floor: raw multi-row INSERT of 10,000 rows', value: perSecond(rate(raw), 'values') },
    { what: 'API ingest (new) / floor', value: `${(rate(fresh) / rate(raw) * 100).toFixed(0)}%` },
  ];
}
