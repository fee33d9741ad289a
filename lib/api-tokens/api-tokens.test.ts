import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { apiTokens } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { listUnitsHandler, pushMeasurementsHandler } from '@/lib/api/v1/endpoints';
import { createRateLimiter } from '@/lib/api/rate-limit';
import { listAuditEntries } from '@/lib/audit/queries';
import { metrics } from '@/db/schema';
import { apiTokenActions } from './actions';
import { listApiTokens, resolveToken } from './queries';
import { hashToken, TOKEN_PATTERN } from './token';

describeEachDatabase('API tokens', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let other: Awaited<ReturnType<typeof makeOrganization>>;
  const limiter = createRateLimiter(1_000_000);
  const get = (token: string) =>
    listUnitsHandler(new Request('http://keel.test/api/v1/units', { headers: { authorization: `Bearer ${token}` } }), { db: db(), rateLimiter: limiter });

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Token Org', ['owner', 'admin', 'member', 'viewer']);
    other = await makeOrganization(db(), 'Other Token Org');
  });

  const create = (userId: string, input: Record<string, unknown>, slug = org.slug) => runOrgAction(db(), userId, slug, apiTokenActions.create, input);

  it('creates a token shown once, stores only its SHA-256, and lists it without the hash', async () => {
    const result = await create(org.byRole('admin').id, { name: 'Warehouse', scope: 'read' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.token).toMatch(TOKEN_PATTERN);
    const [stored] = await db().withTenant(org.id, (tx) => tx.select().from(apiTokens).where(eq(apiTokens.id, result.data.id)));
    expect(stored!.tokenHash).toBe(hashToken(result.data.token));
    expect(JSON.stringify(stored)).not.toContain(result.data.token);
    expect(result.data.token.startsWith(stored!.prefix)).toBe(true);
    const listed = await db().withTenant(org.id, (tx) => listApiTokens(tx));
    expect(listed.find((t) => t.id === result.data.id)).toMatchObject({ name: 'Warehouse', scope: 'read', createdByName: expect.any(String), lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(stored!.tokenHash);
  });

  it('refuses bad input by field', async () => {
    const result = await create(org.byRole('owner').id, { name: ' ', scope: 'admin' });
    expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { name: ['Enter a name'], scope: [expect.any(String)] } });
  });

  it('members and viewers cannot create or revoke tokens', async () => {
    const made = await create(org.byRole('owner').id, { name: 'Owner token', scope: 'write' });
    if (!made.ok) throw new Error(made.error);
    for (const role of ['member', 'viewer'] as const) {
      expect(await create(org.byRole(role).id, { name: 'Mine', scope: 'write' })).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await runOrgAction(db(), org.byRole(role).id, org.slug, apiTokenActions.revoke, { tokenId: made.data.id })).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
    }
    expect((await get(made.data.token)).status).toBe(200);
  });

  it('records the last use at most once a minute, and a revoked token gets 401', async () => {
    const made = await create(org.byRole('owner').id, { name: 'Script', scope: 'write' });
    if (!made.ok) throw new Error(made.error);
    expect((await get(made.data.token)).status).toBe(200);
    const lastUsed = async () => (await db().withTenant(org.id, (tx) => tx.select().from(apiTokens).where(eq(apiTokens.id, made.data.id))))[0]!.lastUsedAt;
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    expect((await get(made.data.token)).status).toBe(200);
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());
    // A minute later it moves on.
    await db().owner.update(apiTokens).set({ lastUsedAt: new Date(Date.now() - 120_000) }).where(eq(apiTokens.id, made.data.id));
    expect((await get(made.data.token)).status).toBe(200);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const revoked = await runOrgAction(db(), org.byRole('admin').id, org.slug, apiTokenActions.revoke, { tokenId: made.data.id });
    expect(revoked.ok).toBe(true);
    expect((await get(made.data.token)).status).toBe(401);
    expect(await resolveToken(db(), made.data.token)).toBeNull();
    // Revoking twice is "not found".
    expect(await runOrgAction(db(), org.byRole('admin').id, org.slug, apiTokenActions.revoke, { tokenId: made.data.id })).toMatchObject({ code: 'not_found' });
  });

  it("another organization's token id is not found and stays live", async () => {
    const theirs = await create(other.byRole('owner').id, { name: 'Theirs', scope: 'read' }, other.slug);
    if (!theirs.ok) throw new Error(theirs.error);
    expect(await runOrgAction(db(), org.byRole('owner').id, org.slug, apiTokenActions.revoke, { tokenId: theirs.data.id })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect((await get(theirs.data.token)).status).toBe(200);
    const mine = await db().withTenant(org.id, (tx) => listApiTokens(tx));
    expect(mine.some((t) => t.id === theirs.data.id)).toBe(false);
  });

  it('the audit log names the token that wrote a value', async () => {
    const made = await create(org.byRole('owner').id, { name: 'CRM sync', scope: 'write' });
    if (!made.ok) throw new Error(made.error);
    await db().withTenant(org.id, (tx) =>
      tx.insert(metrics).values({ organizationId: org.id, key: 'leads', name: 'Leads', unit: 'count', aggregation: 'sum', frequency: 'month' }),
    );
    const res = await pushMeasurementsHandler(
      new Request('http://keel.test/api/v1/measurements', {
        method: 'POST',
        headers: { authorization: `Bearer ${made.data.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ measurements: [{ metric: 'leads', date: '2025-06-01', value: 4 }] }),
      }),
      { db: db(), rateLimiter: limiter },
    );
    expect(res.status).toBe(200);
    const entries = await db().withTenant(org.id, (tx) => listAuditEntries(tx, { entity: 'measurement' }));
    expect(entries[0]).toMatchObject({ actorUserId: null, actorTokenName: 'CRM sync' });
  });
});
