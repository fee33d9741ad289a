import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiIdempotencyKeys } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  idempotencyKeyOf,
  releaseIdempotencyKey,
  requestHashOf,
  type Claim,
} from './idempotency';
import { ApiError } from './problem';

const requestWith = (key?: string) =>
  new Request('http://localhost/api/v1/measurements', { method: 'POST', headers: key === undefined ? {} : { 'idempotency-key': key } });

const refusal = (key: string) => {
  try {
    idempotencyKeyOf(requestWith(key));
  } catch (error) {
    return error instanceof ApiError ? { status: error.status, detail: error.detail } : error;
  }
  return null;
};

describe('the Idempotency-Key header', () => {
  it('is optional', () => {
    expect(idempotencyKeyOf(requestWith())).toBeNull();
  });

  it('takes 1 to 255 printable ASCII characters, space and tilde included', () => {
    for (const key of ['a', '~', '!', 'load 2025-01 #1', 'x'.repeat(255)]) expect(idempotencyKeyOf(requestWith(key))).toBe(key);
  });

  // Headers drop leading and trailing spaces and tabs themselves, so a bad first or last character is a non-ASCII one here.
  it('refuses an empty key, a longer one, and control or non-ASCII characters anywhere in it', () => {
    const bad = { status: 400, detail: 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.' };
    for (const key of ['', 'x'.repeat(256), 'tab\there', '\u00e9lan', 'caf\u00e9', 'del\u007f', 'unit\u001fsep']) expect(refusal(key), key).toEqual(bad);
  });
});

describe('the request hash', () => {
  const hash = (method: string, url: string, body: string) => requestHashOf(new Request(url, { method, body: method === 'GET' ? null : body }), body);

  it('is the SHA-256 of method, path and body', () => {
    const expected = createHash('sha256').update('POST /api/v1/measurements\n{"a":1}').digest('hex');
    expect(hash('POST', 'http://localhost/api/v1/measurements?x=1', '{"a":1}')).toBe(expected);
  });

  it('tells apart another method, path or body, but not another host or query', () => {
    const base = hash('POST', 'http://localhost/api/v1/measurements', '{}');
    expect(hash('PUT', 'http://localhost/api/v1/measurements', '{}')).not.toBe(base);
    expect(hash('POST', 'http://localhost/api/v1/metrics', '{}')).not.toBe(base);
    expect(hash('POST', 'http://localhost/api/v1/measurements', '{ }')).not.toBe(base);
    expect(hash('POST', 'https://keel.example/api/v1/measurements?page=2', '{}')).toBe(base);
  });
});

describeEachDatabase('idempotency keys', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let other: Awaited<ReturnType<typeof makeOrganization>>;

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Idempotent Org');
    other = await makeOrganization(db(), 'Other Idempotent Org');
  });

  const claim = (key: string, hash = 'hash-a', organizationId = org.id) => claimIdempotencyKey(db(), organizationId, key, hash);
  const claimed = async (key: string, hash = 'hash-a', organizationId = org.id) => {
    const result = await claim(key, hash, organizationId);
    if (result.kind !== 'claimed') throw new Error(`Expected a claim, got ${result.kind}`);
    return result;
  };
  const refusedWith = async (promise: Promise<Claim>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    return error instanceof ApiError ? { status: error.status, detail: error.detail } : error;
  };
  const complete = (c: Extract<Claim, { kind: 'claimed' }>, status: number, body: unknown) =>
    db().withTenant(org.id, (tx) => completeIdempotencyKey(tx, c, { status, body }));
  const rowOf = async (key: string) =>
    (
      await db()
        .owner.select()
        .from(apiIdempotencyKeys)
        .where(and(eq(apiIdempotencyKeys.organizationId, org.id), eq(apiIdempotencyKeys.key, key)))
    )[0];
  /** Moves a key's lease, or its creation, into the database's past. */
  const age = (key: string, set: { leaseOver?: boolean; olderThanADay?: boolean }) =>
    db()
      .owner.update(apiIdempotencyKeys)
      .set({
        // The application's clock, which claims read (claimIdempotencyKey's `now`), not the database's.
        ...(set.leaseOver ? { leaseUntil: new Date(Date.now() - 1000) } : {}),
        ...(set.olderThanADay ? { createdAt: new Date(Date.now() - (24 * 60 + 1) * 60_000) } : {}),
      })
      .where(and(eq(apiIdempotencyKeys.organizationId, org.id), eq(apiIdempotencyKeys.key, key)));

  const stillRunning = { status: 409, detail: 'A request with this Idempotency-Key is still in progress; retry shortly.' };
  const otherRequest = {
    status: 422,
    detail: 'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  };

  it('claims a new key with a lease, refuses it while it runs, and replays the stored response byte for byte', async () => {
    const first = await claimed('k-new');
    expect(first.key).toBe('k-new');
    expect((await rowOf('k-new'))!.leaseUntil!.getTime()).toBe(new Date(first.leaseUntil).getTime());
    expect(await refusedWith(claim('k-new'))).toEqual(stillRunning);
    // Keys in an order a jsonb object would not keep.
    const body = { zeta: 1, alpha: [2, { y: 'b', x: 'a' }] };
    await complete(first, 201, body);
    const replay = await claim('k-new');
    expect(replay).toEqual({ kind: 'replay', response: { status: 201, body } });
    if (replay.kind === 'replay') expect(JSON.stringify(replay.response.body)).toBe(JSON.stringify(body));
  });

  it('refuses the key with another request, running or done', async () => {
    await claimed('k-other');
    expect(await refusedWith(claim('k-other', 'hash-b'))).toEqual(otherRequest);
    const done = await claimed('k-other-done');
    await complete(done, 200, { ok: true });
    expect(await refusedWith(claim('k-other-done', 'hash-b'))).toEqual(otherRequest);
  });

  it('lets the same request take over a key whose lease is over, but not another request, and never a done key', async () => {
    const crashed = await claimed('k-crashed');
    await age('k-crashed', { leaseOver: true });
    expect(await refusedWith(claim('k-crashed', 'hash-b'))).toEqual(otherRequest);
    const retaken = await claimed('k-crashed');
    expect(retaken.leaseUntil).not.toBe(crashed.leaseUntil);

    const done = await claimed('k-done-lease-over');
    await complete(done, 200, { n: 1 });
    await age('k-done-lease-over', { leaseOver: true });
    expect(await claim('k-done-lease-over')).toEqual({ kind: 'replay', response: { status: 200, body: { n: 1 } } });
  });

  it('frees a key after 24 hours, whatever became of it', async () => {
    const done = await claimed('k-old');
    await complete(done, 200, { n: 1 });
    await age('k-old', { olderThanADay: true });
    await claimed('k-old', 'hash-b');
    expect(await rowOf('k-old')).toMatchObject({ requestHash: 'hash-b', state: 'in_flight', responseStatus: null, responseBody: null });
    expect(await refusedWith(claim('k-old', 'hash-b'))).toEqual(stillRunning);
  });

  it('completes only its own claim: a request whose key was taken over stores nothing', async () => {
    const stale = await claimed('k-stale');
    await age('k-stale', { leaseOver: true });
    const current = await claimed('k-stale');
    await complete(stale, 500, { stale: true });
    expect(await rowOf('k-stale')).toMatchObject({ state: 'in_flight', responseStatus: null });
    await complete(current, 200, { current: true });
    expect(await claim('k-stale')).toEqual({ kind: 'replay', response: { status: 200, body: { current: true } } });
  });

  it('after a release the next request with the key runs again; a done key is never released', async () => {
    const failed = await claimed('k-release');
    await releaseIdempotencyKey(db(), org.id, failed);
    expect(await rowOf('k-release')).toBeUndefined();
    await claimed('k-release');

    const done = await claimed('k-release-done');
    await complete(done, 200, { kept: true });
    await releaseIdempotencyKey(db(), org.id, done);
    expect(await rowOf('k-release-done')).toMatchObject({ state: 'done', responseStatus: 200 });

    const stale = await claimed('k-release-stale');
    await age('k-release-stale', { leaseOver: true });
    await claimed('k-release-stale');
    await releaseIdempotencyKey(db(), org.id, stale);
    expect(await rowOf('k-release-stale')).toMatchObject({ state: 'in_flight' });
  });

  it('replays a response stored as a jsonb object as it is', async () => {
    await db().owner.insert(apiIdempotencyKeys).values({
      organizationId: org.id,
      key: 'k-object',
      requestHash: 'hash-a',
      state: 'done',
      responseStatus: 200,
      responseBody: { stored: 'as object' },
      createdAt: new Date(),
    });
    expect(await claim('k-object')).toEqual({ kind: 'replay', response: { status: 200, body: { stored: 'as object' } } });
  });

  it('keeps each organization’s keys apart', async () => {
    await claimed('k-shared');
    const theirs = await claimed('k-shared', 'hash-b', other.id);
    expect(theirs.kind).toBe('claimed');
    expect(await refusedWith(claim('k-shared', 'hash-b', other.id))).toEqual(stillRunning);
  });
});
