import { beforeAll, describe, expect, it } from 'vitest';
import { measurements, metrics } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { parseInput, runOrgAction } from '@/lib/action-runner';
import { apiTokenActions } from '@/lib/api-tokens/actions';
import { signUpSchema } from '@/lib/auth/schemas';
import { parseMeasurementsCsv } from '@/lib/csv/measurements';
import { metricActions } from '@/lib/metrics/actions';
import { createRateLimiter } from './api/rate-limit';
import type { ApiHandler } from './api/handler';
import { createMetricHandler, listMeasurementsHandler, pushMeasurementsHandler } from './api/v1/endpoints';
import { findUnsafeText, unsafeTextProblem } from './unsafe-text';

const now = new Date('2026-06-15T12:00:00Z');
const NUL = '\u0000';

describe('unsafeTextProblem', () => {
  it.each([
    ['plain text, emoji 👍 and accents é', null],
    ['tab\tand\nline\r\nbreaks', null],
    ['paired: \u202Eabc\u202C and \u2067שלום\u2069 and nested \u2066a\u202Bb\u202Cc\u2069', null],
    [`a${NUL}b`, /control character U\+0000/],
    ['\u001f', /control character U\+001F/],
    ['\u007f', /control character U\+007F/],
    ['lone \ud800 surrogate', /lone surrogate U\+D800/],
    ['lone \udc00 low surrogate', /lone surrogate U\+DC00/],
    ['never closed \u202E', /unpaired direction control U\+202E/],
    ['closed by nothing \u202C', /unpaired direction control U\+202C/],
    ['isolate closed by PDF \u2067a\u202C', /unpaired direction control U\+202C/],
    ['a line ends it \u202Eabc\ndef\u202C', /unpaired direction control U\+202E/],
    ['open isolate \u2068', /unpaired direction control U\+2068/],
  ])('%j', (text, problem) => {
    const found = unsafeTextProblem(text);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('finds every bad string with its path, in objects and arrays, and leaves files and numbers alone', () => {
    const file = new File([`x${NUL}`], 'x.csv');
    expect(findUnsafeText({ a: 'ok', b: [1, 'x', { c: `y${NUL}` }], file, n: 3 })).toEqual([{ path: ['b', 2, 'c'], message: expect.stringMatching(/U\+0000/) }]);
    expect(findUnsafeText(`${NUL}`)).toEqual([{ path: [], message: expect.any(String) }]);
  });
});

describeEachDatabase('control characters in text', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let token: string;
  let metricId: string;
  const owner = () => org.byRole('owner').id;

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Control Co', ['owner']);
    const made = await runOrgAction(db(), owner(), org.slug, apiTokenActions.create, { name: 'writer', scope: 'write' });
    if (!made.ok) throw new Error(made.error);
    token = made.data.token;
    const metric = await runOrgAction(db(), owner(), org.slug, metricActions.create, { key: 'visitors', name: 'Visitors', unit: 'count', aggregation: 'sum', frequency: 'month' });
    if (!metric.ok) throw new Error(metric.error);
    metricId = metric.data.id;
  });

  const call = async (handler: ApiHandler, path: string, body?: unknown, params?: Record<string, string>) => {
    const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const request = new Request(`http://keel.test${path}`, { ...init, headers: { ...(init.headers as object), authorization: `Bearer ${token}` } });
    const response = await handler(request, { db: db(), rateLimiter: createRateLimiter(1_000_000), now }, params);
    return { status: response.status, body: (await response.json()) as { errors?: { path: string; message: string }[] } };
  };
  const stored = () => db().withTenant(org.id, async (tx) => ({ metrics: await tx.$count(metrics), measurements: await tx.$count(measurements) }));

  it('a form field with NUL or another control character is refused beside the field, nothing saved', async () => {
    const before = await stored();
    for (const bad of [`Visi${NUL}tors`, 'Bell\u0007', 'Esc\u001b[31m', 'Del\u007f']) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ key: 'bad_name', name: bad, unit: 'count', aggregation: 'sum', frequency: 'month' })) form.set(k, v);
      const result = await runOrgAction(db(), owner(), org.slug, metricActions.create, form, { now });
      expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { name: [expect.stringMatching(/^Remove the control character U\+00[0-9A-F]{2}/)] } });
    }
    const note = await runOrgAction(db(), owner(), org.slug, metricActions.record, { metricId, date: '2026-05-31', value: '3', note: `from${NUL}CRM` }, { now });
    expect(note).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { note: [expect.stringMatching(/control character U\+0000/)] } });
    expect(await stored()).toEqual(before);
  });

  it('an organization slug no slug can be is "not found", not an error', async () => {
    expect(await runOrgAction(db(), owner(), `${org.slug}${NUL}`, metricActions.record, { metricId, date: '2026-05-31', value: '3' }, { now })).toEqual({
      ok: false,
      code: 'not_found',
      error: 'Not found',
    });
  });

  it('keeps tabs and line breaks (a textarea sends CRLF)', async () => {
    const result = await runOrgAction(db(), owner(), org.slug, metricActions.record, { metricId, date: '2026-05-30', value: '3', note: 'line one\r\nline\ttwo' }, { now });
    expect(result).toMatchObject({ ok: true });
  });

  it('refuses an unpaired right-to-left override, keeps a paired one', async () => {
    const unpaired = await runOrgAction(db(), owner(), org.slug, metricActions.record, { metricId, date: '2026-05-29', value: '3', note: 'invoice \u202Efdp.exe' }, { now });
    expect(unpaired).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { note: [expect.stringMatching(/unpaired direction control U\+202E/)] } });
    const paired = await runOrgAction(db(), owner(), org.slug, metricActions.record, { metricId, date: '2026-05-29', value: '3', note: 'name: \u2067שלום\u2069 ok' }, { now });
    expect(paired).toMatchObject({ ok: true });
  });

  it('the API answers 422 naming the field (metric name, measurement note), 404 for a path parameter, nothing saved', async () => {
    const before = await stored();
    const metric = await call(createMetricHandler, '/api/v1/metrics', { key: 'ctl', name: `Bad${NUL}name`, unit: 'count', aggregation: 'sum', frequency: 'month' });
    expect(metric).toMatchObject({ status: 422, body: { errors: [{ path: 'name', message: expect.stringMatching(/control character U\+0000/) }] } });
    const pushed = await call(pushMeasurementsHandler, '/api/v1/measurements', { measurements: [{ metric: 'visitors', date: '2026-05-31', value: 1, note: `a${NUL}b` }] });
    expect(pushed).toMatchObject({ status: 422, body: { errors: [{ path: 'measurements[0].note' }] } });
    const key = await call(pushMeasurementsHandler, '/api/v1/measurements', { measurements: [{ metric: `visitors${NUL}`, date: '2026-05-31', value: 1 }] });
    expect(key).toMatchObject({ status: 422, body: { errors: [{ path: 'measurements[0].metric' }] } });
    expect((await call(listMeasurementsHandler, `/api/v1/metrics/visitors${encodeURIComponent(NUL)}/measurements`, undefined, { key: `visitors${NUL}` })).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it('a CSV row with a control character is a bad row, named in the preview', () => {
    const parsed = parseMeasurementsCsv(
      `metric,date,value,note,source\nvisitors,2026-05-31,1,a${NUL}b,\nvis${NUL},2026-05-31,1${NUL},,\nvisitors,2026-05-30,1,,api\u202E\nvisitors,2026-05-29,1,fine,\n`,
    );
    expect(parsed).toMatchObject({
      ok: true,
      rows: [
        { row: 2, item: null, problems: [expect.stringMatching(/^Note: Remove the control character U\+0000/)] },
        { row: 3, item: null, problems: [expect.stringMatching(/^Metric: Remove the control character U\+0000/), expect.stringMatching(/^Value: Remove the control/)] },
        { row: 4, item: null, problems: [expect.stringMatching(/^source: Remove the unpaired direction control U\+202E/)] },
        { row: 5, item: { metric: 'visitors', note: 'fine' }, problems: [] },
      ],
    });
  });

  it('sign-up and other forms outside an organization are refused the same way', () => {
    const parsed = parseInput(signUpSchema, { name: `Ava${NUL}`, email: 'ava@example.test', password: 'correct horse battery', organizationName: 'Acme' });
    expect(parsed).toMatchObject({ ok: false, fieldErrors: { name: [expect.stringMatching(/control character U\+0000/)] } });
  });
});
