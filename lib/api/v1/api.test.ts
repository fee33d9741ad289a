import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { apiIdempotencyKeys, auditLog, kpiMetrics, kpis, kpiTargets, measurements, metrics, orgUnits, periodLocks } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { apiTokenActions } from '@/lib/api-tokens/actions';
import { lastCompletedPeriod } from '@/lib/periods';
import type { ApiHandler } from '../handler';
import { createRateLimiter } from '../rate-limit';
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
} from './endpoints';
import { openApiDocument } from './openapi';

type Org = Awaited<ReturnType<typeof makeOrganization>> & { company: string; department: string; kpiId: string; readToken: string; writeToken: string };

const base = 'http://keel.test';
// Every request runs at noon on 15 June 2026: May is the last completed month.
const now = new Date('2026-06-15T12:00:00Z');
const lastMonth = lastCompletedPeriod('month', '2026-06-15', { fiscalYearStartMonth: 1 });

async function tokenFor(db: Database, org: { slug: string; byRole: (r: 'owner') => { id: string } }, scope: 'read' | 'write', name = `${scope} token`) {
  const result = await runOrgAction(db, org.byRole('owner').id, org.slug, apiTokenActions.create, { name, scope });
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

/** An organization with a department, two metrics, a formula KPI on the department with a target last month. */
async function makeApiOrganization(db: Database, name: string): Promise<Org> {
  const org = await makeOrganization(db, name, ['owner', 'admin', 'member', 'viewer']);
  const ids = await db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(sql`${orgUnits.parentId} is null`);
    const [department] = await tx
      .insert(orgUnits)
      .values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Marketing' })
      .returning({ id: orgUnits.id });
    const made = await tx
      .insert(metrics)
      .values([
        { organizationId: org.id, key: 'signups', name: 'Sign-ups', unit: 'count', aggregation: 'sum', frequency: 'month' },
        { organizationId: org.id, key: 'visitors', name: 'Visitors', unit: 'count', aggregation: 'sum', frequency: 'month' },
      ])
      .returning({ id: metrics.id, key: metrics.key });
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
        formula: '{signups}',
        state: 'active',
      })
      .returning({ id: kpis.id });
    await tx.insert(kpiMetrics).values({ organizationId: org.id, kpiId: kpi!.id, metricId: made.find((m) => m.key === 'signups')!.id });
    await tx.insert(kpiTargets).values({ organizationId: org.id, kpiId: kpi!.id, periodKey: lastMonth.key, value: 100 });
    // A draft: never visible to tokens.
    await tx.insert(kpis).values({
      organizationId: org.id,
      unitId: department!.id,
      name: 'Draft KPI',
      unit: 'count',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'operational',
      source: 'formula',
      formula: '{visitors}',
    });
    return { company: company!.id, department: department!.id, kpiId: kpi!.id };
  });
  const readToken = (await tokenFor(db, org, 'read')).token;
  const writeToken = (await tokenFor(db, org, 'write')).token;
  return { ...org, ...ids, readToken, writeToken };
}

function request(path: string, init: { token?: string | null; method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';
  return new Request(`${base}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
}

async function call(db: Database, handler: ApiHandler, req: Request, params?: Record<string, string>) {
  const response = await handler(req, { db, rateLimiter: createRateLimiter(1_000_000), now }, params);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown> & { errors?: { path: string; message: string }[] }) : null };
}

const item = (overrides: Record<string, unknown> = {}) => ({ metric: 'signups', date: lastMonth.start, value: 10, ...overrides });

describeEachDatabase('REST API v1', (db) => {
  let a: Org;
  let b: Org;
  const count = (org: Org) => db().withTenant(org.id, (tx) => tx.$count(measurements));

  beforeAll(async () => {
    a = await makeApiOrganization(db(), 'API Org A');
    b = await makeApiOrganization(db(), 'API Org B');
  });

  describe('authentication and scope', () => {
    it('401 without a token, with a malformed, unknown or revoked one, and with a token in the query string', async () => {
      const cases = [
        request('/api/v1/units'),
        request('/api/v1/units', { headers: { authorization: 'Basic abc' } }),
        request('/api/v1/units', { headers: { authorization: 'Bearer not-a-token' } }),
        request('/api/v1/units', { token: `keel_${'A'.repeat(43)}` }),
        request(`/api/v1/units?access_token=${a.readToken}`),
        request(`/api/v1/units?x=${a.readToken}`, { token: a.readToken }),
      ];
      for (const req of cases) {
        const res = await call(db(), listUnitsHandler, req);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.body).toMatchObject({ type: expect.any(String), title: 'Unauthorized', status: 401, detail: expect.any(String), errors: [] });
      }
      const revoked = await tokenFor(db(), a, 'write', 'to revoke');
      expect((await call(db(), listUnitsHandler, request('/api/v1/units', { token: revoked.token }))).status).toBe(200);
      await runOrgAction(db(), a.byRole('owner').id, a.slug, apiTokenActions.revoke, { tokenId: revoked.id });
      expect((await call(db(), listUnitsHandler, request('/api/v1/units', { token: revoked.token }))).status).toBe(401);
    });

    it('403 for a read token on a write endpoint; write implies read', async () => {
      const res = await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.readToken, body: { measurements: [item()] } }));
      expect(res.status).toBe(403);
      expect((await call(db(), listMetricsHandler, request('/api/v1/metrics', { token: a.writeToken }))).status).toBe(200);
    });

    it('429 with Retry-After once the per-token limit is reached', async () => {
      const limiter = createRateLimiter(3);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await listUnitsHandler(request('/api/v1/units', { token: a.readToken }), { db: db(), rateLimiter: limiter });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      // Another token has its own budget.
      expect((await listUnitsHandler(request('/api/v1/units', { token: a.writeToken }), { db: db(), rateLimiter: limiter })).status).toBe(200);
    });
  });

  describe('reads', () => {
    it('GET /units, /goals, /metrics list only this organization', async () => {
      const units = await call(db(), listUnitsHandler, request('/api/v1/units', { token: a.readToken }));
      expect(units.status).toBe(200);
      expect(units.body!.data).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: a.company, kind: 'company', parentId: null }), expect.objectContaining({ id: a.department, parentId: a.company })]),
      );
      expect(JSON.stringify(units.body)).not.toContain(b.company);
      const goals = await call(db(), listGoalsHandler, request(`/api/v1/goals?unit=${a.department}`, { token: a.readToken }));
      expect(goals).toMatchObject({ status: 200, body: { data: [] } });
      const list = await call(db(), listMetricsHandler, request('/api/v1/metrics', { token: a.readToken }));
      expect((list.body!.data as { key: string }[]).map((m) => m.key)).toEqual(['signups', 'visitors']);
    });

    it('400 for unknown or malformed query parameters', async () => {
      expect((await call(db(), listUnitsHandler, request('/api/v1/units?foo=1', { token: a.readToken }))).status).toBe(400);
      expect((await call(db(), listGoalsHandler, request('/api/v1/goals?unit=nope', { token: a.readToken }))).body).toMatchObject({
        status: 400,
        errors: [{ path: 'unit' }],
      });
      expect((await call(db(), getKpiHandler, request(`/api/v1/kpis/${a.kpiId}?period=2026-13`, { token: a.readToken }), { id: a.kpiId })).status).toBe(400);
    });

    it('GET /metrics/{key}/measurements, /kpis, /kpis/{id} and /scorecard after a push', async () => {
      const push = await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.writeToken, body: { measurements: [item({ value: 95 })] } }));
      expect(push).toMatchObject({ status: 200, body: { inserted: 1, updated: 0, unchanged: 0 } });
      const values = await call(db(), listMeasurementsHandler, request(`/api/v1/metrics/signups/measurements?from=${lastMonth.start}&to=${lastMonth.end}`, { token: a.readToken }), {
        key: 'signups',
      });
      expect(values.body).toEqual({ data: [{ date: lastMonth.start, value: 95, note: null, source: 'api' }] });

      const list = await call(db(), listKpisHandler, request('/api/v1/kpis', { token: a.readToken }));
      expect(list.body!.data).toEqual([expect.objectContaining({ id: a.kpiId, unitId: a.department, status: 'at_risk' })]);
      expect((await call(db(), listKpisHandler, request('/api/v1/kpis?status=on_track', { token: a.readToken }))).body!.data).toEqual([]);

      const one = await call(db(), getKpiHandler, request(`/api/v1/kpis/${a.kpiId}`, { token: a.readToken }), { id: a.kpiId });
      expect(one.body!.data).toMatchObject({ period: lastMonth.key, actual: 95, target: { value: 100 }, score: 0.95, status: 'at_risk' });

      const card = await call(db(), scorecardHandler, request(`/api/v1/scorecard?unit=${a.department}`, { token: a.readToken }));
      expect(card.body).toMatchObject({ unit: { id: a.department, kind: 'department' }, period: lastMonth.key, score: 0.95, status: 'at_risk', coverage: 1 });
      const kpi = (card.body!.kpis as { trend: unknown[]; stale: boolean; id: string }[])[0]!;
      expect(kpi).toMatchObject({ id: a.kpiId, stale: expect.any(Boolean) });
      expect(kpi.trend).toHaveLength(12);
      const company = await call(db(), scorecardHandler, request('/api/v1/scorecard', { token: a.readToken }));
      expect(company.body).toMatchObject({ unit: { id: a.company }, score: 0.95, kpis: [], children: [{ unit: { id: a.department }, score: 0.95, status: 'at_risk', coverage: 1 }] });
    });

    it('404 for another organization\'s metric keys, unit ids and KPI ids, exactly like missing ones', async () => {
      for (const token of [b.readToken, b.writeToken]) {
        // B has its own "signups", so use a key only A has.
        await db().withTenant(a.id, (tx) => tx.insert(metrics).values({ organizationId: a.id, key: 'only_a', name: 'Only A', unit: 'count', aggregation: 'sum', frequency: 'month' }).onConflictDoNothing());
        const key = await call(db(), listMeasurementsHandler, request('/api/v1/metrics/only_a/measurements', { token }), { key: 'only_a' });
        const missing = await call(db(), listMeasurementsHandler, request('/api/v1/metrics/nope/measurements', { token }), { key: 'nope' });
        expect(key.status).toBe(404);
        expect(key.body).toEqual(missing.body);
        expect((await call(db(), listGoalsHandler, request(`/api/v1/goals?unit=${a.department}`, { token }))).status).toBe(404);
        expect((await call(db(), listKpisHandler, request(`/api/v1/kpis?unit=${a.department}`, { token }))).status).toBe(404);
        expect((await call(db(), scorecardHandler, request(`/api/v1/scorecard?unit=${a.company}`, { token }))).status).toBe(404);
        expect((await call(db(), getKpiHandler, request(`/api/v1/kpis/${a.kpiId}`, { token }), { id: a.kpiId })).status).toBe(404);
      }
      const push = await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: b.writeToken, body: { measurements: [item({ metric: 'only_a' })] } }));
      expect(push.body).toMatchObject({ status: 422, errors: [{ path: 'measurements[0].metric' }] });
    });

    it('?explain=1 adds the tree of inputs; without it (or with 0/false) the responses are unchanged; another value is a 400', async () => {
      const card = (query: string, token = a.readToken) => call(db(), scorecardHandler, request(`/api/v1/scorecard?unit=${a.department}${query}`, { token }));
      const plain = await card('');
      expect(plain.status).toBe(200);
      expect(plain.body).not.toHaveProperty('explanation');
      for (const off of ['&explain=0', '&explain=false']) expect((await card(off)).body).toEqual(plain.body);

      for (const on of ['&explain=1', '&explain=true']) {
        const explained = await card(on);
        expect(explained.status).toBe(200);
        const { explanation, ...rest } = explained.body!;
        expect(rest).toEqual(plain.body);
        expect(explanation).toMatchObject({
          kind: 'unit',
          unit: { id: a.department, kind: 'department' },
          period: plain.body!.period,
          score: plain.body!.score,
          status: plain.body!.status,
          entries: [{ kind: 'kpi', id: a.kpiId, name: 'Sign-ups', weight: 1 }],
          coverage: { share: plain.body!.coverage },
          children: [],
        });
      }

      const kpi = (query: string, token = a.readToken) => call(db(), getKpiHandler, request(`/api/v1/kpis/${a.kpiId}?period=${lastMonth.key}${query}`, { token }), { id: a.kpiId });
      const one = await kpi('');
      expect(one.body!.data).not.toHaveProperty('explanation');
      const explained = await kpi('&explain=1');
      const { explanation, ...rest } = explained.body!.data as Record<string, unknown>;
      expect(rest).toEqual(one.body!.data);
      const data = one.body!.data as { actual: number | null; score: number | null; status: string; target: unknown };
      expect(explanation).toMatchObject({
        kind: 'kpi',
        id: a.kpiId,
        period: lastMonth.key,
        actual: data.actual,
        score: data.score,
        status: data.status,
        target: data.target,
        source: { kind: 'formula', formula: '{signups}', metrics: [{ key: 'signups', aggregation: 'sum' }] },
      });
      // Values pushed through the API name the token that wrote them.
      const values = (explanation as { source: { metrics: { values: { source: string; enteredBy: string | null }[] }[] } }).source.metrics[0]!.values;
      for (const v of values.filter((x) => x.source === 'api')) expect(v.enteredBy).toBe('API token write token');

      for (const bad of ['yes', '2', 'TRUE', '']) {
        const response = await card(`&explain=${bad}`);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body).toMatchObject({ status: 400, errors: [{ path: 'explain', message: expect.stringContaining('explain=1') }] });
        expect((await kpi(`&explain=${bad}`)).status).toBe(400);
      }
      // Another organization's unit or KPI: 404 with or without the explanation.
      expect((await card('&explain=1', b.readToken)).status).toBe(404);
      expect((await kpi('&explain=1', b.readToken)).status).toBe(404);
    });

    it('drafts are invisible to tokens', async () => {
      const [draft] = await db().withTenant(a.id, (tx) => tx.select({ id: kpis.id }).from(kpis).where(eq(kpis.name, 'Draft KPI')));
      expect((await call(db(), getKpiHandler, request(`/api/v1/kpis/${draft!.id}`, { token: a.readToken }), { id: draft!.id })).status).toBe(404);
    });
  });

  describe('POST /measurements', () => {
    const push = (body: unknown, headers: Record<string, string> = {}, token = a.writeToken) =>
      call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token, body, headers }));

    it('415 without JSON, 413 over 5 MB (declared or counted), 400 for malformed or too deep JSON', async () => {
      expect((await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.writeToken, raw: 'a=1', headers: { 'content-type': 'text/plain' } }))).status).toBe(415);
      const big = JSON.stringify({ measurements: [item({ note: 'x'.repeat(5 * 1024 * 1024) })] });
      expect((await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.writeToken, raw: big }))).status).toBe(413);
      // A body streamed without Content-Length is counted as it arrives.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 6; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024 * 1024)));
          controller.close();
        },
      });
      const streamed = new Request(`${base}/api/v1/measurements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.writeToken}`, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect((await call(db(), pushMeasurementsHandler, streamed)).status).toBe(413);
      expect((await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.writeToken, raw: '{"measurements": [' }))).status).toBe(400);
      // A million levels are refused by the one-pass depth count, before JSON.parse could recurse into them.
      const deep = await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.writeToken, raw: '['.repeat(1_000_000) + ']'.repeat(1_000_000) }));
      expect(deep).toMatchObject({ status: 400, body: { detail: 'The JSON is nested more than 32 levels deep.' } });
    });

    it('422 for every numeric edge case, by path, with nothing written', async () => {
      const before = await count(a);
      const bad: unknown[] = ['NaN', 'Infinity', '12abc', '1,5', '12', true, false, null, {}, [], undefined];
      const body = { measurements: [item({ date: '2024-02-01' }), ...bad.map((value, i) => ({ metric: 'signups', date: `2024-03-${String(i + 1).padStart(2, '0')}`, value }))] };
      const res = await push(body);
      expect(res.status).toBe(422);
      expect(res.body!.errors!.map((e) => e.path)).toEqual(bad.map((_, i) => `measurements[${i + 1}].value`));
      // JSON.parse turns 1e309 into Infinity; -1e309 into -Infinity.
      for (const raw of ['1e309', '-1e309']) {
        const r = await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.writeToken, raw: `{"measurements":[{"metric":"signups","date":"2024-04-01","value":${raw}}]}` }));
        expect(r.body).toMatchObject({ status: 422, errors: [{ path: 'measurements[0].value' }] });
      }
      expect(await count(a)).toBe(before);
    });

    it('422 for bad dates, long notes, unknown fields, empty and oversized batches', async () => {
      const before = await count(a);
      const res = await push({
        measurements: [item({ date: '2025-02-30' }), item({ date: '31/10/2025' }), item({ note: 'x'.repeat(1001) }), item({ extra: 1 })],
        more: true,
      });
      expect(res.status).toBe(422);
      expect(res.body!.errors!.map((e) => e.path).sort()).toEqual(['measurements[0].date', 'measurements[1].date', 'measurements[2].note', 'measurements[3].extra', 'more'].sort());
      expect((await push({ measurements: [] })).status).toBe(422);
      expect((await push({ measurements: Array.from({ length: 10_001 }, () => item()) })).status).toBe(422);
      expect((await push([item()])).status).toBe(422);
      expect(await count(a)).toBe(before);
    });

    it('locked periods and repeats are 422 for those items; all or nothing', async () => {
      await db().withTenant(a.id, (tx) =>
        tx.insert(periodLocks).values({ organizationId: a.id, periodKey: '2023-01', kind: 'month', startDate: '2023-01-01', endDate: '2023-01-31' }),
      );
      const before = await count(a);
      const res = await push({ measurements: [item({ date: '2023-02-01' }), item({ date: '2023-01-15' }), item({ date: '2023-02-01', value: 2 })] });
      expect(res.body).toMatchObject({ status: 422, errors: [{ path: 'measurements[1].date', message: expect.stringContaining('2023-01 is locked') }, { path: 'measurements[2].date' }] });
      expect(await count(a)).toBe(before);
    });

    it('writes, replaces and counts; audit entries name the token', async () => {
      const first = await push({ measurements: [item({ date: '2022-05-01', value: 1 }), item({ date: '2022-05-02', value: 2, note: 'n' })] });
      expect(first.body).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      const second = await push({ measurements: [item({ date: '2022-05-01', value: 3 }), item({ date: '2022-05-02', value: 2, note: 'n' })] });
      expect(second.body).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
      const entries = await db().withTenant(a.id, (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.action, 'measurement.record'), sql`${auditLog.entityId} like ${'%:2022-05-01'}`)),
      );
      expect(entries).toHaveLength(2);
      expect(entries.every((e) => e.actorTokenId && e.actorUserId === null)).toBe(true);
    });

    it('Idempotency-Key: 10 parallel sends write once; replay; another body → 422; bad key → 400; scoped to the organization', async () => {
      const body = { measurements: [item({ date: '2021-01-01', value: 7 })] };
      const results = await Promise.all(Array.from({ length: 10 }, () => push(body, { 'idempotency-key': 'load-1' })));
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
      const ok = results.filter((r) => r.status === 200);
      expect(ok.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
      expect(ok.every((r) => JSON.stringify(r.body) === JSON.stringify({ inserted: 1, updated: 0, unchanged: 0 }))).toBe(true);
      const audits = await db().withTenant(a.id, (tx) => tx.select().from(auditLog).where(sql`${auditLog.entityId} like ${'%:2021-01-01'}`));
      expect(audits).toHaveLength(1);

      const replay = await push(body, { 'idempotency-key': 'load-1' });
      expect(replay).toMatchObject({ status: 200, body: { inserted: 1, updated: 0, unchanged: 0 } });
      // Byte for byte, keys in the same order.
      expect(JSON.stringify(replay.body)).toBe(JSON.stringify({ inserted: 1, updated: 0, unchanged: 0 }));
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect((await push({ measurements: [item({ date: '2021-01-01', value: 8 })] }, { 'idempotency-key': 'load-1' })).status).toBe(422);
      expect((await push(body, { 'idempotency-key': '' })).status).toBe(400);
      expect((await push(body, { 'idempotency-key': 'x'.repeat(256) })).status).toBe(400);
      expect((await push(body, { 'idempotency-key': 'tab\there' })).status).toBe(400);
      // The same key in B is B's own.
      expect((await push(body, { 'idempotency-key': 'load-1' }, b.writeToken)).body).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    });

    it('Idempotency-Key: a 422 is stored and replayed; a crashed request\'s key is taken over after its lease', async () => {
      const bad = { measurements: [item({ metric: 'nope' })] };
      expect((await push(bad, { 'idempotency-key': 'bad-1' })).status).toBe(422);
      const again = await push(bad, { 'idempotency-key': 'bad-1' });
      expect(again.status).toBe(422);
      expect(again.headers.get('idempotent-replayed')).toBe('true');

      const body = { measurements: [item({ date: '2021-02-01' })] };
      const { requestHashOf } = await import('../idempotency');
      const hash = requestHashOf(request('/api/v1/measurements', { method: 'POST', raw: '' }), JSON.stringify(body));
      await db().owner.insert(apiIdempotencyKeys).values({ organizationId: a.id, key: 'crashed', requestHash: hash, state: 'in_flight', leaseUntil: new Date(now.getTime() + 60_000) });
      expect((await push(body, { 'idempotency-key': 'crashed' })).status).toBe(409);
      await db().owner.update(apiIdempotencyKeys).set({ leaseUntil: new Date(now.getTime() - 1000) }).where(and(eq(apiIdempotencyKeys.organizationId, a.id), eq(apiIdempotencyKeys.key, 'crashed')));
      expect((await push(body, { 'idempotency-key': 'crashed' })).body).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    });

    it('fuzz: arbitrary bodies never yield a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc.string(),
            fc.record({ measurements: fc.array(fc.record({ metric: fc.oneof(fc.constant('signups'), fc.string()), date: fc.oneof(fc.constant('2020-06-01'), fc.string()), value: fc.oneof(fc.double(), fc.jsonValue()), note: fc.option(fc.string()) }, { requiredKeys: [] }), { maxLength: 5 }) }).map((v) => JSON.stringify(v)),
          ),
          async (raw) => {
            const res = await call(db(), pushMeasurementsHandler, request('/api/v1/measurements', { token: a.writeToken, raw }));
            expect(res.status).toBeLessThan(500);
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe('POST /metrics', () => {
    it('creates a metric (201) with the form\'s rules; duplicates, bad keys and unknown fields are 422', async () => {
      const post = (body: unknown, token = a.writeToken) => call(db(), createMetricHandler, request('/api/v1/metrics', { token, body }));
      const created = await post({ key: 'mrr', name: 'MRR', unit: 'currency', currencyCode: 'EUR', aggregation: 'last', frequency: 'month' });
      expect(created).toMatchObject({ status: 201, body: { key: 'mrr', unit: 'currency', aggregation: 'last' } });
      expect((await post({ key: 'mrr', name: 'Again', unit: 'count', aggregation: 'sum', frequency: 'month' })).body).toMatchObject({ status: 422, errors: [{ path: 'key' }] });
      expect((await post({ key: 'Bad Key', name: 'x', unit: 'count', aggregation: 'sum', frequency: 'month' })).body).toMatchObject({ status: 422, errors: [{ path: 'key' }] });
      expect((await post({ key: 'eur', name: 'x', unit: 'currency', aggregation: 'sum', frequency: 'month' })).body).toMatchObject({ status: 422, errors: [{ path: 'currencyCode' }] });
      expect((await post({ key: 'x1', name: 'x', unit: 'count', aggregation: 'sum', frequency: 'month', ownerId: 'me' })).body).toMatchObject({ status: 422, errors: [{ path: 'ownerId' }] });
      expect((await post({ key: 'x2', name: 'x', unit: 'count', aggregation: 'sum', frequency: 'month' }, a.readToken)).status).toBe(403);
      // B may use the same key: keys are per organization.
      expect((await post({ key: 'mrr', name: 'MRR', unit: 'count', aggregation: 'sum', frequency: 'month' }, b.writeToken)).status).toBe(201);
    });
  });

  it('the OpenAPI document names every path, the bearer scheme and every request schema', () => {
    const doc = openApiDocument('http://keel.test');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/v1/units',
        '/api/v1/goals',
        '/api/v1/metrics',
        '/api/v1/metrics/{key}/measurements',
        '/api/v1/measurements',
        '/api/v1/kpis',
        '/api/v1/kpis/{id}',
        '/api/v1/scorecard',
        '/api/v1/openapi.json',
        '/api/health',
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, unknown>; additionalProperties?: boolean }>;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['PushMeasurements', 'MeasurementInput', 'CreateMetric', 'Problem', 'Scorecard', 'KpiExplanation', 'UnitExplanation']));
    for (const path of ['/api/v1/scorecard', '/api/v1/kpis/{id}']) {
      const parameters = (doc.paths[path as '/api/v1/scorecard'].get as unknown as { parameters: { name: string; schema: { enum?: string[] } }[] }).parameters;
      expect(parameters.find((p) => p.name === 'explain')?.schema.enum?.sort()).toEqual(['0', '1', 'false', 'true']);
    }
    expect(schemas.MeasurementInput).toMatchObject({ additionalProperties: false, properties: { value: { type: 'number' } } });
    // Every $ref resolves inside the document.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(schemas[ref]).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/$defs');
  });
});
