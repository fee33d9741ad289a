import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { measurements } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { createRateLimiter } from '@/lib/api/rate-limit';
import { pushMeasurementsHandler } from '@/lib/api/v1/endpoints';
import { apiTokenActions } from '@/lib/api-tokens/actions';
import { parseMeasurementsCsv } from '@/lib/csv/measurements';
import { metricActions } from './actions';
import { finiteNumber, optionalFiniteNumber } from './schemas';
import { unstorableJsonNumbers } from './storable-number';

const now = new Date('2026-06-15T12:00:00Z');
const tooSmall = /too close to zero to be stored/;
const tooLarge = /cannot be stored exactly: it would be stored as 9007199254740992/;

describe('numbers a double precision column cannot store exactly', () => {
  it.each([
    ['1e-400', tooSmall],
    ['-2.5e-330', tooSmall],
    ['0.' + '0'.repeat(400) + '1', tooSmall],
    ['9007199254740993', tooLarge],
    ['-9007199254740993', /stored as -9007199254740992/],
    ['123456789012345678901234567890', /stored as 123456789012345677877719597056/],
  ])('refuses %s', (text, message) => {
    const parsed = finiteNumber.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
    expect(optionalFiniteNumber.safeParse(text).success).toBe(false);
  });

  it.each([
    ['0', 0],
    ['-0.000e5', 0],
    ['0e-400', 0],
    ['5e-324', 5e-324],
    ['1e-300', 1e-300],
    ['0.1', 0.1],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992],
    ['-9007199254740992', -9007199254740992],
    ['1e20', 1e20],
    ['100000000000000000000', 1e20],
    ['1.5e300', 1.5e300],
    ['9007199254740993.5', 9007199254740994],
    // Written as decimals, they round as decimals do.
    ['9007199254740993.0', 9007199254740992],
    ['1e300', 1e300],
  ])('takes %s', (text, value) => {
    expect(finiteNumber.safeParse(text)).toEqual({ success: true, data: value });
  });

  it('finds them in JSON text with their paths, never inside strings', () => {
    const text = `{"a\\"b":[1,{"x":"1e-400 ]}, 9007199254740993","y":[2,3,1e-400]}],"c":-9007199254740993,"d":0.${'0'.repeat(500)}1,"e":9007199254740992}`;
    JSON.parse(text);
    expect(unstorableJsonNumbers(text)).toEqual([
      { path: ['a"b', 1, 'y', 2], message: expect.stringMatching(tooSmall) },
      { path: ['c'], message: expect.stringMatching(/stored as -9007199254740992/) },
      { path: ['d'], message: expect.stringMatching(tooSmall) },
    ]);
    expect(unstorableJsonNumbers('[1e-400]')).toEqual([{ path: [0], message: expect.stringMatching(tooSmall) }]);
    expect(unstorableJsonNumbers('{"a":1,"b":[true,null,2.5]}')).toEqual([]);
  });

  it('refuses them in a CSV row too', () => {
    expect(parseMeasurementsCsv('metric,date,value\nvisitors,2026-05-31,1e-400\n')).toMatchObject({
      ok: true,
      rows: [{ item: null, problems: [expect.stringMatching(/^Value: .*too close to zero/)] }],
    });
  });
});

describeEachDatabase('numbers that cannot be stored exactly', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let token: string;
  let metricId: string;

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Exact Co', ['owner']);
    const made = await runOrgAction(db(), org.byRole('owner').id, org.slug, apiTokenActions.create, { name: 'writer', scope: 'write' });
    if (!made.ok) throw new Error(made.error);
    token = made.data.token;
    const metric = await runOrgAction(db(), org.byRole('owner').id, org.slug, metricActions.create, { key: 'big', name: 'Big', unit: 'count', aggregation: 'sum', frequency: 'month' });
    if (!metric.ok) throw new Error(metric.error);
    metricId = metric.data.id;
  });

  const push = async (raw: string) => {
    const request = new Request('http://keel.test/api/v1/measurements', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: `{"measurements":[${raw}]}`,
    });
    const response = await pushMeasurementsHandler(request, { db: db(), rateLimiter: createRateLimiter(1_000_000), now });
    return { status: response.status, body: (await response.json()) as { errors?: { path: string; message: string }[] } };
  };
  const values = () => db().withTenant(org.id, (tx) => tx.select({ date: measurements.date, value: measurements.value }).from(measurements).where(eq(measurements.metricId, metricId)).orderBy(measurements.date));

  it('the API refuses a JSON number it would change (422 naming it) and stores the ones it can hold as sent', async () => {
    expect(await push('{"metric":"big","date":"2026-05-01","value":1e-400}')).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'measurements[0].value', message: expect.stringMatching(tooSmall) }] },
    });
    expect(await push('{"metric":"big","date":"2026-05-01","value":1},{"metric":"big","date":"2026-05-02","value":9007199254740993}')).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'measurements[1].value', message: expect.stringMatching(tooLarge) }] },
    });
    expect(await values()).toEqual([]);
    expect(await push('{"metric":"big","date":"2026-05-01","value":9007199254740992},{"metric":"big","date":"2026-05-02","value":5e-324},{"note":"1e-400 in a string is text","metric":"big","date":"2026-05-03","value":-0.0}')).toMatchObject({ status: 200 });
    expect(await values()).toEqual([
      { date: '2026-05-01', value: 9007199254740992 },
      { date: '2026-05-02', value: 5e-324 },
      { date: '2026-05-03', value: 0 },
    ]);
  });

  it('a form refuses them beside the field, nothing saved', async () => {
    const record = (value: string) => runOrgAction(db(), org.byRole('owner').id, org.slug, metricActions.record, { metricId, date: '2026-05-20', value }, { now });
    expect(await record('1e-400')).toMatchObject({ ok: false, fieldErrors: { value: [expect.stringMatching(tooSmall)] } });
    expect(await record('9007199254740993')).toMatchObject({ ok: false, fieldErrors: { value: [expect.stringMatching(tooLarge)] } });
    expect((await values()).map((v) => v.date)).not.toContain('2026-05-20');
  });
});
