/**
 * `npm run bench:ingest`: values per second through POST /api/v1/measurements
 * (the handler: auth, JSON, zod, resolve, write, audit) in 10,000-value
 * batches, next to the floor of a raw multi-row INSERT of the same rows.
 * PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '@/db/client';
import { metrics } from '@/db/schema';
import { makeOrganization } from '@/db/testing-data';
import { runOrgAction } from '@/lib/action-runner';
import { apiTokenActions } from '@/lib/api-tokens/actions';
import { pushMeasurementsHandler } from '@/lib/api/v1/endpoints';
import { createRateLimiter } from '@/lib/api/rate-limit';
import { env } from '@/lib/env';

const BATCH = 10_000;
const METRICS = 10;
const RUNS = 5;

function dateOf(day: number) {
  return new Date(Date.UTC(2000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

async function benchIngest(name: string, db: Database) {
  console.log(`\n${name}`);
  await db.migrate();
  const org = await makeOrganization(db, 'Ingest Bench');
  const metricRows = await db.withTenant(org.id, (tx) =>
    tx
      .insert(metrics)
      .values(Array.from({ length: METRICS }, (_, i) => ({ organizationId: org.id, key: `m${i}`, name: `M${i}`, unit: 'count' as const, aggregation: 'sum' as const, frequency: 'month' as const })))
      .returning({ id: metrics.id, key: metrics.key }),
  );
  const created = await runOrgAction(db, org.byRole('owner').id, org.slug, apiTokenActions.create, { name: 'bench', scope: 'write' });
  if (!created.ok) throw new Error(created.error);
  const limiter = createRateLimiter(1_000_000);
  const perMetric = BATCH / METRICS;

  const report = (label: string, times: number[]) => {
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`  ${label.padEnd(48)} median ${median.toFixed(0).padStart(6)} ms   ${Math.round(BATCH / (median / 1000)).toLocaleString('en-US').padStart(9)} values/s`);
  };

  const api: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const items = Array.from({ length: BATCH }, (_, i) => ({ metric: `m${i % METRICS}`, date: dateOf(run * perMetric + Math.floor(i / METRICS)), value: i + run }));
    const body = JSON.stringify({ measurements: items });
    const start = performance.now();
    const response = await pushMeasurementsHandler(
      new Request('http://bench/api/v1/measurements', {
        method: 'POST',
        headers: { authorization: `Bearer ${created.data.token}`, 'content-type': 'application/json' },
        body,
      }),
      { db, rateLimiter: limiter },
    );
    if (response.status !== 200) throw new Error(`push failed: ${response.status} ${await response.text()}`);
    api.push(performance.now() - start);
  }
  report('API: 10,000 new values (with audit)', api);

  const updates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const items = Array.from({ length: BATCH }, (_, i) => ({ metric: `m${i % METRICS}`, date: dateOf(Math.floor(i / METRICS)), value: -i - run }));
    const start = performance.now();
    const response = await pushMeasurementsHandler(
      new Request('http://bench/api/v1/measurements', {
        method: 'POST',
        headers: { authorization: `Bearer ${created.data.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ measurements: items }),
      }),
      { db, rateLimiter: limiter },
    );
    if (response.status !== 200) throw new Error(`push failed: ${response.status}`);
    updates.push(performance.now() - start);
  }
  report('API: 10,000 replaced values (with audit)', updates);

  // The floor: the same number of rows in one multi-row INSERT on the owner's connection (no RLS, no checks, no audit).
  const raw: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const values = Array.from({ length: BATCH }, (_, i) => sql`(${org.id}::uuid, ${metricRows[i % METRICS]!.id}::uuid, ${dateOf(100_000 + run * perMetric + Math.floor(i / METRICS))}::date, ${i}::float8, 'api')`);
    const statement = sql`insert into measurements (organization_id, metric_id, date, value, source) values ${sql.join(values, sql`, `)}`;
    const start = performance.now();
    await db.owner.execute(statement);
    raw.push(performance.now() - start);
  }
  report('floor: raw multi-row INSERT of 10,000 rows', raw);
}

if (env.TEST_DATABASE_URL) {
  const { createPostgresDatabase } = await import('@/db/testing-data');
  const created = await createPostgresDatabase(env.TEST_DATABASE_URL);
  const pg = await openDatabase({ url: created.url });
  try {
    await benchIngest('PostgreSQL', pg);
  } finally {
    await pg.close();
    await created.drop();
  }
} else {
  const pglite = await openDatabase({ memory: true });
  await benchIngest('PGlite (in memory)', pglite);
  await pglite.close();
}
