import { readdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { isDatabaseUnavailable } from '@/db/unavailable';
import { runOrgAction } from '@/lib/action-runner';
import { apiTokenActions } from '@/lib/api-tokens/actions';
import { apiRoute, type ApiHandler } from './handler';
import { healthResponse } from './health';
import { createRateLimiter } from './rate-limit';
import { HTTP_METHODS, type RouteHandler } from './serve';
import { listUnitsHandler } from './v1/endpoints';

const base = 'http://keel.test';
const now = new Date('2026-06-15T12:00:00Z');
const appApi = path.resolve(import.meta.dirname, '../../app/api');

/** What each route file serves (besides HEAD with GET, and OPTIONS); every route file under app/api must be listed. */
const served: Record<string, string[]> = {
  'health/route.ts': ['GET'],
  'v1/units/route.ts': ['GET'],
  'v1/goals/route.ts': ['GET'],
  'v1/metrics/route.ts': ['GET', 'POST'],
  'v1/metrics/[key]/measurements/route.ts': ['GET'],
  'v1/measurements/route.ts': ['POST'],
  'v1/kpis/route.ts': ['GET'],
  'v1/kpis/[id]/route.ts': ['GET'],
  'v1/scorecard/route.ts': ['GET'],
  'v1/openapi.json/route.ts': ['GET'],
};
/** Not ours to shape: Auth.js answers its own paths; the catch-all is tested on its own. */
const notInTable = new Set(['auth/[...nextauth]/route.ts', 'v1/[[...path]]/route.ts']);

const routeFiles = readdirSync(appApi, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('route.ts'))
  .map((file) => file.split(path.sep).join('/'))
  .filter((file) => !notInTable.has(file));

async function loadRoute(file: string) {
  return (await import(path.join(appApi, file))) as Partial<Record<string, RouteHandler>>;
}

function noCookieNoStore(response: Response) {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('set-cookie')).toBeNull();
}

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  noCookieNoStore(response);
  return (await response.json()) as { status: number; title: string; detail: string; errors: unknown[] };
}

describe('methods a path does not serve', () => {
  it('lists every route file under app/api in the table', () => {
    expect(routeFiles.sort()).toEqual(Object.keys(served).sort());
  });

  it.each(Object.entries(served))('%s: 405 problem details with Allow for the rest, OPTIONS 204 with Allow', async (file, methods) => {
    const route = await loadRoute(file);
    const allow = HTTP_METHODS.filter((m) => methods.includes(m) || m === 'OPTIONS' || (m === 'HEAD' && methods.includes('GET'))).join(', ');
    for (const method of HTTP_METHODS) expect(route[method], `${file} exports ${method}`).toBeTypeOf('function');
    const unserved = HTTP_METHODS.filter((m) => !allow.split(', ').includes(m));
    expect(unserved.length).toBeGreaterThan(0);
    for (const method of unserved) {
      const response = await route[method]!(new Request(`${base}/api/${file}`, { method }));
      expect(response.status, `${method} ${file}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(await problemOf(response)).toMatchObject({ status: 405, title: 'Method not allowed', detail: expect.stringContaining(allow) });
    }
    const options = await route.OPTIONS!(new Request(`${base}/api/${file}`, { method: 'OPTIONS' }));
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe(allow);
    noCookieNoStore(options);
    if (methods.includes('GET')) expect(route.HEAD).toBe(route.GET);
  });
});

describe('unknown paths under /api/v1', () => {
  it('answer every method with a 404 problem, not the HTML page', async () => {
    const route = await loadRoute('v1/[[...path]]/route.ts');
    for (const method of HTTP_METHODS) {
      const response = await route[method]!(new Request(`${base}/api/v1/nothing/here`, { method }));
      expect(response.status, method).toBe(404);
      expect(await problemOf(response)).toMatchObject({ status: 404, title: 'Not found', detail: expect.stringContaining('/api/v1/nothing/here') });
    }
  });
});

describe('the OpenAPI document', () => {
  it('is not cached and sets no cookie', async () => {
    const route = await loadRoute('v1/openapi.json/route.ts');
    const response = await route.GET!(new Request(`${base}/api/v1/openapi.json`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    noCookieNoStore(response);
    const paths = ((await response.json()) as { paths: Record<string, unknown> }).paths;
    expect(Object.keys(paths)).toContain('/api/health');
  });
});

const failing = apiRoute({
  scope: 'read',
  run: async () => {
    throw new Error('a bug');
  },
});

describeEachDatabase('API responses', (db) => {
  let token: string;
  const call = (handler: ApiHandler, headers: Record<string, string> = {}, limit = 1_000_000) =>
    handler(new Request(`${base}/api/v1/units`, { headers }), { db: db(), rateLimiter: createRateLimiter(limit), now });

  beforeAll(async () => {
    const org = await makeOrganization(db(), 'API Edges', ['owner']);
    const result = await runOrgAction(db(), org.byRole('owner').id, org.slug, apiTokenActions.create, { name: 'edges', scope: 'read' });
    if (!result.ok) throw new Error(result.error);
    token = result.data.token;
  });

  it('carry Cache-Control: no-store and no cookie, success and problem alike', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const ok = await call(listUnitsHandler, auth);
    expect(ok.status).toBe(200);
    noCookieNoStore(ok);
    expect((await problemOf(await call(listUnitsHandler))).status).toBe(401);
    const limited = await call(listUnitsHandler, auth, 0);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await problemOf(limited)).status).toBe(429);
    const bug = await call(failing, auth);
    expect(await problemOf(bug)).toMatchObject({ status: 500, title: 'Internal server error' });
  });

  it('health answers 200 {"status":"ok"} while the database answers', async () => {
    const response = await healthResponse(async () => db());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    noCookieNoStore(response);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('while PostgreSQL cannot be reached', () => {
  const token = `keel_${'A'.repeat(43)}`;
  let silent: Server;
  const sockets: Socket[] = [];
  const databases: Database[] = [];
  let refused: Database;
  let unanswered: Database;

  beforeAll(async () => {
    // Accepts connections and never answers: only the connect timeout ends the wait.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    refused = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/x' });
    unanswered = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/x` });
    databases.push(refused, unanswered);
  });

  afterAll(async () => {
    await Promise.all(databases.map((db) => db.close()));
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  async function expectUnavailable(response: Response) {
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await problemOf(response)).toMatchObject({ status: 503, title: 'Service unavailable' });
  }

  it('the API answers 503 with Retry-After when the connection is refused', async () => {
    const request = new Request(`${base}/api/v1/units`, { headers: { authorization: `Bearer ${token}` } });
    await expectUnavailable(await listUnitsHandler(request, { db: refused, now }));
  });

  it('health answers 503 with Retry-After when the connection is refused', async () => {
    await expectUnavailable(await healthResponse(async () => refused));
  });

  it('a server that never answers ends in the connect timeout: 503, not a hung request', async () => {
    const request = new Request(`${base}/api/v1/units`, { headers: { authorization: `Bearer ${token}` } });
    await expectUnavailable(await listUnitsHandler(request, { db: unanswered, now }));
    await expectUnavailable(await healthResponse(async () => unanswered));
  });

  it('health answers 503 when the database cannot even be opened', async () => {
    await expectUnavailable(
      await healthResponse(async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }),
    );
  });
});

describe('isDatabaseUnavailable', () => {
  const coded = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    ['a refused connection', coded('ECONNREFUSED')],
    ["postgres.js's connect timeout", coded('CONNECT_TIMEOUT')],
    ['a connection closed mid-query', coded('CONNECTION_CLOSED')],
    ['an administrator shutdown (57P01)', coded('57P01')],
    ['a server starting up (57P03)', coded('57P03')],
    ['a connection exception (08006)', coded('08006')],
    ["drizzle's wrapping", new DrizzleQueryError('select 1', [], coded('ECONNREFUSED'))],
    ['one error per address tried', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')])],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new Error('undefined is not a function')],
    ['a unique violation (23505)', coded('23505')],
    ['a syntax error (42601)', coded('42601')],
    ['a wrapped query error', new DrizzleQueryError('select', [], coded('22P02'))],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
