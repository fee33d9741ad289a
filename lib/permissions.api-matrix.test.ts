import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '@/db';
import { goals, kpiMetrics, kpis, metrics, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from './action-runner';
import type { ApiHandler } from './api/handler';
import { createRateLimiter } from './api/rate-limit';
import {
  createMetricHandler,
  getKpiHandler,
  listGoalsHandler,
  listKpisHandler,
  listMeasurementsHandler,
  listMetricsHandler,
  listUnitsHandler,
  pushMeasurementsHandler,
  scorecardHandler,
} from './api/v1/endpoints';
import { apiTokenActions } from './api-tokens/actions';

/**
 * The REST side of the permission matrix (lib/permissions.matrix.test.ts).
 * Tokens belong to an organization and carry a scope, not a role: a write
 * token may record measurements and create metrics (what an executive may do
 * through the app), any live token may read what product.md §2 lets everyone
 * read (active KPIs, goals, scorecards), and an organization's token never
 * reaches another organization: its ids read as missing. The expected status
 * of every cell is written by hand; every cell runs through the real handler
 * on organization A's records.
 *   2xx from A's token — the effect happened in A (the table changed, or A's record was read);
 *   anything else      — nothing changed in either organization;
 *   B's token          — never changes A, and never shows an id of A.
 */

const columns = ['write token', 'read token', 'revoked token', 'no token', 'other organization’s write token'] as const;
type Column = (typeof columns)[number];

const expected = {
  'POST /api/v1/measurements': { 'write token': 200, 'read token': 403, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 422 },
  'POST /api/v1/metrics': { 'write token': 201, 'read token': 403, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 201 },
  'GET /api/v1/units': { 'write token': 200, 'read token': 200, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 200 },
  'GET /api/v1/goals?unit=': { 'write token': 200, 'read token': 200, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 404 },
  'GET /api/v1/metrics': { 'write token': 200, 'read token': 200, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 200 },
  'GET /api/v1/metrics/{key}/measurements': { 'write token': 200, 'read token': 200, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 404 },
  'GET /api/v1/kpis?unit=': { 'write token': 200, 'read token': 200, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 404 },
  'GET /api/v1/kpis/{id}': { 'write token': 200, 'read token': 200, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 404 },
  'GET /api/v1/scorecard?unit=': { 'write token': 200, 'read token': 200, 'revoked token': 401, 'no token': 401, 'other organization’s write token': 404 },
} satisfies Record<string, Record<Column, number>>;

type RowName = keyof typeof expected;

type World = {
  a: { id: string; slug: string; department: string; goalId: string; kpiId: string; metricKey: string; metricId: string };
  b: { id: string };
  tokens: Record<Column, string | null>;
};

type Row = {
  handler: ApiHandler;
  request: (w: World) => { path: string; body?: unknown; params?: Record<string, string> };
  /** A table a successful write changes, or an id of A a successful read returns. */
  effect: { table: string } | { shows: (w: World) => string };
};

const fresh = () => randomBytes(4).toString('hex');
/** Every request runs at this moment, whatever the machine's clock says. */
const now = new Date('2026-05-15T10:00:00Z');

const rows: Record<RowName, Row> = {
  'POST /api/v1/measurements': {
    handler: pushMeasurementsHandler,
    // A value of its own per cell (a metric of A only: another organization has no metric of that key).
    request: (w) => ({ path: '/api/v1/measurements', body: { measurements: [{ metric: w.a.metricKey, date: nextDate(), value: 7 }] } }),
    effect: { table: 'measurements' },
  },
  'POST /api/v1/metrics': {
    handler: createMetricHandler,
    request: () => ({ path: '/api/v1/metrics', body: { key: `api_${fresh()}`, name: 'Pushed metric', unit: 'count', aggregation: 'sum', frequency: 'month' } }),
    effect: { table: 'metrics' },
  },
  'GET /api/v1/units': { handler: listUnitsHandler, request: () => ({ path: '/api/v1/units' }), effect: { shows: (w) => w.a.department } },
  'GET /api/v1/goals?unit=': {
    handler: listGoalsHandler,
    request: (w) => ({ path: `/api/v1/goals?unit=${w.a.department}` }),
    effect: { shows: (w) => w.a.goalId },
  },
  'GET /api/v1/metrics': { handler: listMetricsHandler, request: () => ({ path: '/api/v1/metrics' }), effect: { shows: (w) => w.a.metricId } },
  'GET /api/v1/metrics/{key}/measurements': {
    handler: listMeasurementsHandler,
    request: (w) => ({ path: `/api/v1/metrics/${w.a.metricKey}/measurements`, params: { key: w.a.metricKey } }),
    effect: { shows: () => '2024-01-31' },
  },
  'GET /api/v1/kpis?unit=': {
    handler: listKpisHandler,
    request: (w) => ({ path: `/api/v1/kpis?unit=${w.a.department}` }),
    effect: { shows: (w) => w.a.kpiId },
  },
  'GET /api/v1/kpis/{id}': {
    handler: getKpiHandler,
    request: (w) => ({ path: `/api/v1/kpis/${w.a.kpiId}`, params: { id: w.a.kpiId } }),
    effect: { shows: (w) => w.a.kpiId },
  },
  'GET /api/v1/scorecard?unit=': {
    handler: scorecardHandler,
    request: (w) => ({ path: `/api/v1/scorecard?unit=${w.a.department}` }),
    effect: { shows: (w) => w.a.kpiId },
  },
};

let pushed = 0;
/** Days of 2025, one per call: every push writes a new value. */
function nextDate() {
  return new Date(Date.UTC(2025, 0, 1 + pushed++)).toISOString().slice(0, 10);
}

const tables = ['organizations', 'org_units', 'goals', 'metrics', 'measurements', 'kpis', 'kpi_targets', 'api_idempotency_keys', 'audit_log'];

/** Per organization, a digest of what the API could change (the owner connection sees past row-level security). */
async function snapshot(db: Database, organizationId: string): Promise<Record<string, string>> {
  const digests = tables
    .map((t) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${t} t where ${t === 'organizations' ? 'id' : 'organization_id'} = '${organizationId}') as ${t}`)
    .join(', ');
  const result = (await db.owner.execute(sql.raw(`select ${digests}`))) as unknown as { rows?: Record<string, string>[] } | Record<string, string>[];
  return (Array.isArray(result) ? result : result.rows!)[0]!;
}

async function tokenOf(db: Database, org: { slug: string; byRole: (r: 'owner') => { id: string } }, scope: 'read' | 'write') {
  const made = await runOrgAction(db, org.byRole('owner').id, org.slug, apiTokenActions.create, { name: `${scope} ${fresh()}`, scope }, { now });
  if (!made.ok) throw new Error(made.error);
  return made.data;
}

/** An organization with a department, a goal, a metric with one value and an active KPI on it. */
async function makeApiOrganization(db: Database, name: string, metricKey: string) {
  const org = await makeOrganization(db, name, ['owner']);
  const ids = await db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits);
    const [department] = await tx
      .insert(orgUnits)
      .values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Marketing' })
      .returning({ id: orgUnits.id });
    const [goal] = await tx
      .insert(goals)
      .values({ organizationId: org.id, unitId: department!.id, title: 'Grow', startDate: '2024-01-01', dueDate: '2024-12-31' })
      .returning({ id: goals.id });
    const [metric] = await tx
      .insert(metrics)
      .values({ organizationId: org.id, key: metricKey, name: 'Sign-ups', unit: 'count', aggregation: 'sum', frequency: 'month' })
      .returning({ id: metrics.id });
    const [kpi] = await tx
      .insert(kpis)
      .values({
        organizationId: org.id,
        unitId: department!.id,
        name: 'Sign-ups',
        unit: 'count',
        direction: 'up',
        frequency: 'month',
        indicator: 'lagging',
        horizon: 'operational',
        source: 'formula',
        formula: `{${metricKey}}`,
        state: 'active',
      })
      .returning({ id: kpis.id });
    await tx.insert(kpiMetrics).values({ organizationId: org.id, kpiId: kpi!.id, metricId: metric!.id });
    return { department: department!.id, goalId: goal!.id, kpiId: kpi!.id, metricId: metric!.id };
  });
  return { ...org, ...ids, metricKey };
}

describeEachDatabase('the permission matrix through the REST API', (db) => {
  let w: World;

  beforeAll(async () => {
    const a = await makeApiOrganization(db(), 'API matrix A', 'a_signups');
    const b = await makeApiOrganization(db(), 'API matrix B', 'b_signups');
    const seeded = await tokenOf(db(), a, 'write');
    const seed = await pushMeasurementsHandler(
      new Request('http://keel.test/api/v1/measurements', {
        method: 'POST',
        headers: { authorization: `Bearer ${seeded.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ measurements: [{ metric: a.metricKey, date: '2024-01-31', value: 5 }] }),
      }),
      { db: db(), rateLimiter: createRateLimiter(1_000_000), now },
    );
    expect(seed.status).toBe(200);
    const revoked = await tokenOf(db(), a, 'write');
    const revoke = await runOrgAction(db(), a.byRole('owner').id, a.slug, apiTokenActions.revoke, { tokenId: revoked.id }, { now });
    expect(revoke.ok).toBe(true);
    w = {
      a,
      b,
      tokens: {
        'write token': (await tokenOf(db(), a, 'write')).token,
        'read token': (await tokenOf(db(), a, 'read')).token,
        'revoked token': revoked.token,
        'no token': null,
        'other organization’s write token': (await tokenOf(db(), b, 'write')).token,
      },
    };
  });

  for (const [name, row] of Object.entries(rows) as [RowName, Row][]) {
    for (const column of columns) {
      const want = expected[name][column];
      it(`${name} — ${column}: ${want}`, async () => {
        const { path, body, params } = row.request(w);
        const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
        const token = w.tokens[column];
        if (token) headers.authorization = `Bearer ${token}`;
        const request = new Request(`http://keel.test${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const [beforeA, beforeB] = [await snapshot(db(), w.a.id), await snapshot(db(), w.b.id)];
        const response = await row.handler(request, { db: db(), rateLimiter: createRateLimiter(1_000_000), now }, params);
        const text = await response.text();
        const [afterA, afterB] = [await snapshot(db(), w.a.id), await snapshot(db(), w.b.id)];
        expect(response.status, text).toBe(want);

        const ok = want >= 200 && want < 300;
        if (column === 'other organization’s write token') {
          expect(afterA, 'organization A is untouched').toEqual(beforeA);
          for (const id of [w.a.department, w.a.goalId, w.a.kpiId, w.a.metricId]) expect(text).not.toContain(id);
          if (!ok) expect(afterB, 'nothing changed in B either').toEqual(beforeB);
        } else if (ok && 'table' in row.effect) {
          expect(afterA[row.effect.table], `${row.effect.table} changed`).not.toBe(beforeA[row.effect.table]);
          expect(afterB).toEqual(beforeB);
        } else if (ok && 'shows' in row.effect) {
          expect(text).toContain(row.effect.shows(w));
        } else {
          expect([afterA, afterB], 'nothing changed').toEqual([beforeA, beforeB]);
        }
      });
    }
  }
});
