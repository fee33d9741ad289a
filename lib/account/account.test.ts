import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, memberships, metrics, users } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { authenticate } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { peopleActions } from '@/lib/people/actions';
import { listUnowned } from '@/lib/people/unowned';
import { leaveOrganization } from './leave';
import { checkResetToken, requestPasswordReset, resetPassword, resetRequestLimit, resetTokenLifetimeMs } from './password-reset';
import { changePassword } from './profile';
import { changePasswordSchema, resetPasswordSchema } from './schemas';

const oldPassword = 'the old password';
const newPassword = 'a brand new password';

/** The token from the newest reset email to this address, as the person would read it. */
async function tokenFromEmail(db: Parameters<typeof requestPasswordReset>[0], to: string): Promise<string> {
  const rows = await db.owner.select({ text: emailOutbox.text }).from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(sql`created_at desc, id desc`);
  const match = rows.map((r) => r.text.match(/\/reset-password\/([A-Za-z0-9_-]{43})/)).find(Boolean);
  if (!match) throw new Error(`no reset email to ${to}`);
  return match[1]!;
}

describeEachDatabase('password reset', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let ada: { id: string; email: string };
  let bob: { id: string; email: string };
  const t0 = new Date('2026-11-30T09:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const ip = (n: number) => `198.51.100.${n}`;

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Reset Co', ['owner', 'member']);
    const passwordHash = await hashPassword(oldPassword);
    ada = { id: org.byRole('owner').id, email: org.byRole('owner').email };
    bob = { id: org.byRole('member').id, email: org.byRole('member').email };
    await db().owner.update(users).set({ passwordHash });
  });

  const outboxCount = () => db().owner.$count(emailOutbox);

  it('answers alike for an unknown email, and sends nothing', async () => {
    const before = await outboxCount();
    expect(await requestPasswordReset(db(), { email: 'nobody@reset.test', ip: ip(1) }, t0)).toEqual({ ok: true });
    expect(await outboxCount()).toBe(before);
  });

  it('emails a single-use link that sets the password, ends older sessions and leaves the old password useless', async () => {
    expect(await requestPasswordReset(db(), { email: ada.email.toUpperCase(), ip: ip(2) }, t0)).toEqual({ ok: true });
    const token = await tokenFromEmail(db(), ada.email);
    const [stored] = await db().owner.execute(sql`select token_hash from password_reset_tokens where token_hash = ${token}`).then((r) =>
      Array.isArray(r) ? r : (r as { rows: unknown[] }).rows,
    );
    expect(stored, 'the token itself is never stored').toBeUndefined();
    expect(await checkResetToken(db(), token, at(29))).toMatchObject({ state: 'valid', userId: ada.id });
    const result = await resetPassword(db(), { token, password: newPassword }, at(10));
    expect(result).toMatchObject({ ok: true, userId: ada.id });
    const [row] = await db().owner.select({ at: users.sessionsValidAfter }).from(users).where(eq(users.id, ada.id));
    expect(row!.at).toEqual(at(10));
    expect((await authenticate(db(), { email: ada.email, password: oldPassword, ip: ip(3) })).ok).toBe(false);
    expect((await authenticate(db(), { email: ada.email, password: newPassword, ip: ip(3) })).ok).toBe(true);
    // Used once: the second use is refused and changes nothing.
    expect(await resetPassword(db(), { token, password: 'yet another password' }, at(11))).toEqual({ ok: false, state: 'used' });
    expect(await checkResetToken(db(), token, at(11))).toEqual({ state: 'used' });
    expect((await authenticate(db(), { email: ada.email, password: newPassword, ip: ip(3) })).ok).toBe(true);
  });

  it('expires after 30 minutes (controlled clock)', async () => {
    const start = at(100);
    await requestPasswordReset(db(), { email: bob.email, ip: ip(4) }, start);
    const token = await tokenFromEmail(db(), bob.email);
    const end = new Date(start.getTime() + resetTokenLifetimeMs);
    expect(await checkResetToken(db(), token, new Date(end.getTime() - 1000))).toMatchObject({ state: 'valid' });
    expect(await checkResetToken(db(), token, end)).toEqual({ state: 'expired' });
    expect(await resetPassword(db(), { token, password: newPassword }, end)).toEqual({ ok: false, state: 'expired' });
    expect((await authenticate(db(), { email: bob.email, password: oldPassword, ip: ip(4) })).ok).toBe(true);
  });

  it('a newer link supersedes the older one', async () => {
    await requestPasswordReset(db(), { email: bob.email, ip: ip(5) }, at(200));
    const first = await tokenFromEmail(db(), bob.email);
    await requestPasswordReset(db(), { email: bob.email, ip: ip(5) }, at(201));
    const second = await tokenFromEmail(db(), bob.email);
    expect(second).not.toBe(first);
    expect(await checkResetToken(db(), first, at(202))).toEqual({ state: 'superseded' });
    expect(await resetPassword(db(), { token: first, password: newPassword }, at(202))).toEqual({ ok: false, state: 'superseded' });
    expect(await checkResetToken(db(), second, at(202))).toMatchObject({ state: 'valid', userId: bob.id });
  });

  it('a link changes only the password of the person it was sent to', async () => {
    await requestPasswordReset(db(), { email: bob.email, ip: ip(6) }, at(300));
    const bobsToken = await tokenFromEmail(db(), bob.email);
    const [adaBefore] = await db().owner.select({ hash: users.passwordHash }).from(users).where(eq(users.id, ada.id));
    expect(await resetPassword(db(), { token: bobsToken, password: 'bob chose this one' }, at(301))).toMatchObject({ ok: true, userId: bob.id });
    const [adaAfter] = await db().owner.select({ hash: users.passwordHash }).from(users).where(eq(users.id, ada.id));
    expect(adaAfter!.hash).toBe(adaBefore!.hash);
    expect(await checkResetToken(db(), 'not-a-token', at(301))).toEqual({ state: 'unknown' });
    expect(await resetPassword(db(), { token: 'not-a-token', password: newPassword }, at(301))).toEqual({ ok: false, state: 'unknown' });
  });

  it('limits requests per email and per address', async () => {
    const start = at(1000);
    for (let i = 0; i < resetRequestLimit.perEmail; i++) {
      expect(await requestPasswordReset(db(), { email: 'flood@reset.test', ip: ip(10 + i) }, start)).toEqual({ ok: true });
    }
    expect(await requestPasswordReset(db(), { email: 'flood@reset.test', ip: ip(50) }, start)).toEqual({
      ok: false,
      retryAt: new Date(start.getTime() + resetRequestLimit.windowMs),
    });
    for (let i = 0; i < resetRequestLimit.perAddress; i++) {
      await requestPasswordReset(db(), { email: `spray${i}@reset.test`, ip: '203.0.113.9' }, start);
    }
    expect((await requestPasswordReset(db(), { email: 'fresh@reset.test', ip: '203.0.113.9' }, start)).ok).toBe(false);
    expect((await requestPasswordReset(db(), { email: 'fresh@reset.test', ip: '203.0.113.10' }, start)).ok).toBe(true);
    const later = new Date(start.getTime() + resetRequestLimit.windowMs + 1000);
    expect((await requestPasswordReset(db(), { email: 'flood@reset.test', ip: ip(50) }, later)).ok).toBe(true);
  });

  it('changing the password needs the current one and ends older sessions', async () => {
    const [{ email }] = [bob];
    await db().owner.update(users).set({ passwordHash: await hashPassword(oldPassword) }).where(eq(users.id, bob.id));
    await expect(changePassword(db(), bob.id, { currentPassword: 'wrong password', password: newPassword })).rejects.toMatchObject({
      fieldErrors: { currentPassword: [expect.any(String)] },
    });
    const now = new Date('2026-12-01T10:00:00Z');
    expect(await changePassword(db(), bob.id, { currentPassword: oldPassword, password: newPassword }, now)).toEqual({ email });
    const [row] = await db().owner.select({ at: users.sessionsValidAfter }).from(users).where(eq(users.id, bob.id));
    expect(row!.at).toEqual(now);
    expect((await authenticate(db(), { email, password: newPassword, ip: ip(7) })).ok).toBe(true);
  });
});

describe('new password input', () => {
  it('refuses weak, over-long and mismatched passwords before hashing', () => {
    const base = { token: 't', password: newPassword, confirmPassword: newPassword };
    expect(resetPasswordSchema.safeParse(base).success).toBe(true);
    expect(resetPasswordSchema.safeParse({ ...base, password: 'short', confirmPassword: 'short' }).error?.issues[0]?.path).toEqual(['password']);
    const long = 'p'.repeat(129);
    expect(resetPasswordSchema.safeParse({ ...base, password: long, confirmPassword: long }).error?.issues[0]?.path).toEqual(['password']);
    expect(resetPasswordSchema.safeParse({ ...base, confirmPassword: 'different password' }).error?.issues[0]?.path).toEqual(['confirmPassword']);
    expect(changePasswordSchema.safeParse({ currentPassword: '', password: newPassword, confirmPassword: newPassword }).success).toBe(false);
  });
});

describeEachDatabase('leaving an organization and owners', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  beforeAll(async () => {
    org = await makeOrganization(db(), 'Owners Co', ['owner', 'admin', 'member', 'member', 'viewer']);
  });
  const roleOf = async (userId: string) =>
    (await db().owner.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, userId))))[0]?.role;
  const owner = () => org.byRole('owner');
  const admin = () => org.byRole('admin');
  const [memberA, memberB] = [() => org.people[2]!, () => org.people[3]!];

  it('the last owner can neither leave nor demote themself', async () => {
    const leave = await runOrgAction(db(), owner().id, org.slug, leaveOrganization, { confirm: 'leave' });
    expect(leave).toMatchObject({ ok: false, code: 'forbidden', error: expect.stringContaining('last owner') });
    const demote = await runOrgAction(db(), owner().id, org.slug, peopleActions.changeRole, { userId: owner().id, role: 'admin' });
    expect(demote).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await roleOf(owner().id)).toBe('owner');
  });

  it('admins never make owners, nor change an owner; nobody raises their own role', async () => {
    expect(await runOrgAction(db(), admin().id, org.slug, peopleActions.changeRole, { userId: memberA().id, role: 'owner' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await runOrgAction(db(), admin().id, org.slug, peopleActions.changeRole, { userId: admin().id, role: 'owner' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await runOrgAction(db(), admin().id, org.slug, peopleActions.changeRole, { userId: owner().id, role: 'member' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await runOrgAction(db(), memberA().id, org.slug, peopleActions.changeRole, { userId: memberA().id, role: 'owner' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await roleOf(memberA().id)).toBe('member');
  });

  it('an owner hands ownership on; with two owners, either may step down or leave, and the other stays', async () => {
    expect(await runOrgAction(db(), owner().id, org.slug, peopleActions.changeRole, { userId: admin().id, role: 'owner' })).toMatchObject({ ok: true });
    expect(await roleOf(admin().id)).toBe('owner');
    expect(await runOrgAction(db(), owner().id, org.slug, peopleActions.changeRole, { userId: owner().id, role: 'admin' })).toMatchObject({ ok: true });
    expect(await roleOf(owner().id)).toBe('admin');
    // The one owner left is now the last one.
    expect(await runOrgAction(db(), admin().id, org.slug, leaveOrganization, { confirm: 'leave' })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('a member leaves after confirming; what they owned has no owner and is listed', async () => {
    const [metric] = await db().withTenant(org.id, (tx) =>
      tx.insert(metrics).values({ organizationId: org.id, key: 'leaver_metric', name: 'Leaver metric', unit: 'count', aggregation: 'sum', frequency: 'month', ownerId: memberB().id }).returning({ id: metrics.id }),
    );
    expect(await runOrgAction(db(), memberB().id, org.slug, leaveOrganization, {})).toMatchObject({ ok: false, code: 'invalid' });
    expect(await roleOf(memberB().id)).toBe('member');
    expect(await runOrgAction(db(), memberB().id, org.slug, leaveOrganization, { confirm: 'leave' })).toMatchObject({ ok: true });
    expect(await roleOf(memberB().id)).toBeUndefined();
    const [after] = await db().withTenant(org.id, (tx) => tx.select({ ownerId: metrics.ownerId }).from(metrics).where(eq(metrics.id, metric!.id)));
    expect(after!.ownerId).toBeNull();
    const unowned = await db().withTenant(org.id, (tx) => listUnowned(tx));
    expect(unowned.metrics.map((m) => m.id)).toContain(metric!.id);
    // Gone means gone: the next attempt is "not found".
    expect(await runOrgAction(db(), memberB().id, org.slug, leaveOrganization, { confirm: 'leave' })).toMatchObject({ ok: false, code: 'not_found' });
  });
});
