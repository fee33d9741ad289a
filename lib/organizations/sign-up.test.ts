import { desc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { emailOutbox, users } from '@/db/schema';
import { describeEachDatabase } from '@/db/testing';
import { authenticate } from '@/lib/auth/credentials';
import { signUp } from './mutations';
import { checkSignUpLink, confirmSignUp, requestSignUp, signUpLinkLifetimeMs, signUpRequestLimit } from './sign-up';

const password = 'correct horse battery';
const now = new Date('2026-11-25T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const request = (email: string, organizationName = 'Harbor', ip = '198.51.100.1') => ({ name: 'Ada Lovelace', email, password, organizationName, ip });

describeEachDatabase('sign-up by emailed link', (db) => {
  const mailTo = (to: string) =>
    db().owner.select({ subject: emailOutbox.subject, text: emailOutbox.text }).from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.createdAt));
  const linkIn = (text: string) => text.match(/\/signup\/confirm\/([A-Za-z0-9._-]+)/)?.[1];
  const userCount = () => db().owner.$count(users);

  it('answers a new and an existing email alike; the existing person is told by email and nothing is created', async () => {
    await signUp(db(), { name: 'Grace Hopper', email: 'grace@navy.test', password, organizationName: 'Navy' });
    const before = await userCount();
    const existing = await requestSignUp(db(), request('grace@navy.test', 'Navy Two'), now);
    const fresh = await requestSignUp(db(), request('ada@harbor.test'), now);
    expect(existing).toEqual({ ok: true, email: 'grace@navy.test' });
    expect(fresh).toEqual({ ok: true, email: 'ada@harbor.test' });
    expect(await userCount()).toBe(before);

    const [toGrace] = await mailTo('grace@navy.test');
    expect(toGrace).toMatchObject({ subject: 'You already have a Keel account' });
    expect(toGrace!.text).toContain('Hello Grace Hopper,');
    expect(linkIn(toGrace!.text)).toBeUndefined();
    const [toAda] = await mailTo('ada@harbor.test');
    expect(toAda!.subject).toBe('Finish creating Harbor on Keel');
    expect(toAda!.text).not.toContain('argon2');
  });

  it('the link creates the account and organization once, with the password chosen at sign-up', async () => {
    await requestSignUp(db(), request('lin@link.test', 'Link Co'), now);
    const token = linkIn((await mailTo('lin@link.test'))[0]!.text)!;
    expect(await checkSignUpLink(db(), token, later(60_000))).toEqual({ state: 'valid', name: 'Ada Lovelace', email: 'lin@link.test', organizationName: 'Link Co' });
    await expect(confirmSignUp(db(), { token, password: 'not the password' }, later(60_000))).rejects.toMatchObject({
      fieldErrors: { password: [expect.stringContaining('not the password you chose')] },
    });
    expect(await confirmSignUp(db(), { token, password }, later(60_000))).toEqual({ ok: true, email: 'lin@link.test', slug: 'link-co' });
    expect((await authenticate(db(), { email: 'lin@link.test', password, ip: '10.0.0.1' })).ok).toBe(true);
    expect(await checkSignUpLink(db(), token, later(120_000))).toEqual({ state: 'used' });
    expect(await confirmSignUp(db(), { token, password }, later(120_000))).toEqual({ ok: false, state: 'used' });
  });

  it('refuses an expired or altered link', async () => {
    await requestSignUp(db(), request('late@link.test', 'Late Co'), now);
    const token = linkIn((await mailTo('late@link.test'))[0]!.text)!;
    expect(await checkSignUpLink(db(), token, later(signUpLinkLifetimeMs))).toEqual({ state: 'expired' });
    expect(await confirmSignUp(db(), { token, password }, later(signUpLinkLifetimeMs))).toEqual({ ok: false, state: 'expired' });
    const altered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(await checkSignUpLink(db(), altered, now)).toEqual({ state: 'invalid' });
    expect(await confirmSignUp(db(), { token: altered, password }, now)).toEqual({ ok: false, state: 'invalid' });
  });

  it('limits requests per email the same way for new and existing emails', async () => {
    await signUp(db(), { name: 'Known', email: 'known@limit.test', password, organizationName: 'Known' });
    for (const email of ['known@limit.test', 'unknown@limit.test']) {
      for (let i = 0; i < signUpRequestLimit.perEmail; i++) {
        expect((await requestSignUp(db(), request(email, 'Flood', `198.51.100.${10 + i}`), now)).ok).toBe(true);
      }
      expect(await requestSignUp(db(), request(email, 'Flood', '198.51.100.99'), now)).toEqual({
        ok: false,
        retryAt: later(signUpRequestLimit.windowMs),
      });
    }
  });
});
