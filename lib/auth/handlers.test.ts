import { NextRequest } from 'next/server';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@/db/testing';
import { signUp } from '@/lib/organizations/mutations';
import { authenticate } from './credentials';
import { authHandlers } from './handlers';
import { signInLimit } from './rate-limit';

const origin = 'http://localhost:3000';
const password = 'correct horse battery';

/** Signs in through Auth.js's own credentials endpoint, CSRF token first, as a script would. */
async function signInThroughAuthJs(email: string, secret: string, headers: Record<string, string> = {}) {
  const csrf = await authHandlers.GET(new NextRequest(`${origin}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return authHandlers.POST(
    new NextRequest(`${origin}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ csrfToken, email, password: secret, callbackUrl: `${origin}/` }),
    }),
  );
}

describeEachDatabase('a throttled sign-in through /api/auth/callback/credentials', (db) => {
  beforeAll(() => {
    (globalThis as { [key: symbol]: unknown })[Symbol.for('keel.database')] = Promise.resolve(db());
  });

  it('answers 429 with Retry-After, and the wrong password before it as Auth.js does', async () => {
    await signUp(db(), { name: 'Ada', email: 'ada@throttle.test', password, organizationName: 'Throttle' });
    // No proxy is trusted and no Keel server set the connection's address: the endpoint counts this as 'unknown'.
    const wrong = await signInThroughAuthJs('ada@throttle.test', 'wrong password');
    expect(wrong.status).toBe(302);
    expect(wrong.headers.get('location')).toContain('error=CredentialsSignin');
    for (let i = 1; i < signInLimit.perAccountAndAddress.free; i++) await authenticate(db(), { email: 'ada@throttle.test', password: 'wrong password', ip: 'unknown' });

    for (const headers of [{}, { 'X-Auth-Return-Redirect': '1' }] as Record<string, string>[]) {
      const throttled = await signInThroughAuthJs('ada@throttle.test', password, headers);
      expect(throttled.status).toBe(429);
      const seconds = Number(throttled.headers.get('retry-after'));
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(signInLimit.perAccountAndAddress.firstDelayMs / 1000);
      expect(((await throttled.json()) as { error: string }).error).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ (seconds?|minutes?) \(at \d\d:\d\d:\d\d UTC\)\.$/);
      expect(throttled.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token='))).toBe(false);
    }
  });
});
