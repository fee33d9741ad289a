import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { endedSessions, memberships, organizations, orgUnits, users } from '@/db/schema';
import { describeEachDatabase } from '@/db/testing';
import { ExpectedError } from '@/lib/errors';
import { signUp } from '@/lib/organizations/mutations';
import { sessionMaxAgeSeconds } from './base-config';
import { authenticate } from './credentials';
import { endSession, signOutEverywhere } from './mutations';
import { hashPassword } from './password';
import { signInSchema, signUpSchema } from './schemas';

const password = 'correct horse battery';
const person = (email: string, organizationName = 'Harbor') => ({ name: 'Ada Lovelace', email, password, organizationName });

describeEachDatabase('sign-up and sign-in', (db) => {
  it('signs up: account, organization with slug, company unit and owner membership in one go', async () => {
    const { userId, slug } = await signUp(db(), person('ada@harbor.test', 'Harbor Logistics'));
    expect(slug).toBe('harbor-logistics');
    const org = await db().withUser(userId, (tx) => tx.select().from(organizations).where(eq(organizations.slug, slug)));
    expect(org).toHaveLength(1);
    const [units, members] = await db().withTenant(org[0]!.id, async (tx) => [
      await tx.select().from(orgUnits),
      await tx.select().from(memberships),
    ]);
    expect(units).toMatchObject([{ kind: 'company', name: 'Harbor Logistics', parentId: null }]);
    expect(members).toMatchObject([{ userId, role: 'owner' }]);
  });

  it('makes a colliding slug unique automatically', async () => {
    const first = await signUp(db(), person('one@dup.test', 'Same Name'));
    const second = await signUp(db(), person('two@dup.test', 'Same Name'));
    expect(first.slug).toBe('same-name');
    expect(second.slug).toBe('same-name-2');
  });

  it('refuses a taken email, whatever its case, and writes nothing', async () => {
    await signUp(db(), person('grace@navy.test', 'Navy'));
    const before = await db().withoutTenant((tx) => tx.$count(users));
    const attempt = signUp(db(), person('Grace@NAVY.test', 'Navy Two'));
    await expect(attempt).rejects.toBeInstanceOf(ExpectedError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { email: [expect.stringContaining('already exists')] } });
    expect(await db().withoutTenant((tx) => tx.$count(users))).toBe(before);
  });

  it('lets exactly one of two simultaneous sign-ups with one email through, and leaves no stray organization', async () => {
    const results = await Promise.allSettled([
      signUp(db(), person('race@same.test', 'Racer A')),
      signUp(db(), person('race@same.test', 'Racer B')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const winner = results.find((r) => r.status === 'fulfilled')!.value;
    const visible = await db().withUser(winner.userId, (tx) => tx.select({ slug: organizations.slug }).from(organizations));
    expect(visible).toEqual([{ slug: winner.slug }]);
    const orphans = await db().owner.select().from(organizations).where(sql`${organizations.name} like 'Racer %'`);
    expect(orphans).toHaveLength(1);
  });

  it('stores passwords as argon2id with at least OWASP’s parameters', async () => {
    const hash = await hashPassword(password);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('accepts the right password and answers a wrong password and an unknown email alike', async () => {
    await signUp(db(), person('turing@bletchley.test', 'Bletchley'));
    const ok = await authenticate(db(), { email: 'Turing@Bletchley.test', password, ip: '10.0.0.1' });
    expect(ok).toMatchObject({ ok: true, user: { email: 'turing@bletchley.test' } });
    const wrong = await authenticate(db(), { email: 'turing@bletchley.test', password: 'not the password', ip: '10.0.0.1' });
    const unknown = await authenticate(db(), { email: 'nobody@bletchley.test', password, ip: '10.0.0.1' });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual(wrong);
  });

  it('sign out everywhere moves the sessions cut-off forward', async () => {
    const { userId } = await signUp(db(), person('liskov@mit.test', 'MIT'));
    const read = () => db().withoutTenant((tx) => tx.select({ at: users.sessionsValidAfter }).from(users).where(eq(users.id, userId)));
    const [before] = await read();
    expect(before!.at.getTime()).toBe(0);
    await signOutEverywhere(db(), userId);
    const [after] = await read();
    expect(after!.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('signing out ends that session for good and forgets it once its token would have expired', async () => {
    const sessionId = randomUUID();
    const ended = () => db().withoutTenant((tx) => tx.select().from(endedSessions).where(eq(endedSessions.sessionId, sessionId)));
    const now = new Date('2026-11-25T12:00:00Z');
    await endSession(db(), sessionId, now);
    await endSession(db(), sessionId, now);
    expect(await ended()).toEqual([{ sessionId, expiresAt: new Date(now.getTime() + sessionMaxAgeSeconds * 1000) }]);
    await endSession(db(), randomUUID(), new Date(now.getTime() + (sessionMaxAgeSeconds + 1) * 1000));
    expect(await ended()).toEqual([]);
  });
});

describe('sign-up and sign-in input', () => {
  it('refuses long names and passwords before anything is hashed, and short passwords', () => {
    const long = signUpSchema.safeParse({ ...person('x@y.test'), name: 'n'.repeat(201), password: 'p'.repeat(129) });
    expect(long.success).toBe(false);
    const fields = long.error!.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['name', 'password']));
    expect(signUpSchema.safeParse({ ...person('x@y.test'), password: 'short' }).success).toBe(false);
    expect(signUpSchema.safeParse({ ...person('x@y.test'), organizationName: 'o'.repeat(201) }).success).toBe(false);
    expect(signInSchema.safeParse({ email: 'x@y.test', password: 'p'.repeat(129) }).success).toBe(false);
  });

  it('normalises emails and names', () => {
    const parsed = signUpSchema.parse({ ...person('  Ada@Example.TEST '), name: '  Ada  ' });
    expect(parsed).toMatchObject({ email: 'ada@example.test', name: 'Ada' });
    expect(signUpSchema.safeParse({ ...person('not-an-email') }).error?.issues[0]?.message).toMatch(/valid email/);
  });
});
