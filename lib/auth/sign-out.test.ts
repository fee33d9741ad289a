import { randomUUID } from 'node:crypto';
import { decode, encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '@/db';
import { describeEachDatabase } from '@/db/testing';
import { env } from '@/lib/env';
import { signUp } from '@/lib/organizations/mutations';
import { handlers } from './config';
import { getSessionUser } from './queries';

const origin = 'http://localhost:3000';
const sessionCookie = 'authjs.session-token';

/** The route handler reads the process's database through getDatabase(); point it at this suite's. */
function useDatabase(db: Database) {
  (globalThis as { [key: symbol]: unknown })[Symbol.for('keel.database')] = Promise.resolve(db);
}

/** The cookies a response sets, as name=value pairs for the next request's Cookie header. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/** Signs out through Auth.js's own endpoint, the way its built-in sign-out page does (CSRF token first). */
async function signOutThroughAuthJs(cookie: string) {
  const csrf = await handlers.GET(new NextRequest(`${origin}/api/auth/csrf`, { headers: { cookie } }));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = [cookie, ...cookiesOf(csrf)].join('; ');
  return handlers.POST(
    new NextRequest(`${origin}/api/auth/signout`, {
      method: 'POST',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${origin}/login` }),
    }),
  );
}

describeEachDatabase('signing out through /api/auth/signout', (db) => {
  beforeAll(() => useDatabase(db()));

  it('ends the session server-side: a copy of the cookie no longer stands for anyone', async () => {
    const { userId } = await signUp(db(), { name: 'Ada', email: 'ada@signout.test', password: 'correct horse battery', organizationName: 'Sign Out' });
    const claims = { sub: userId, authAt: Date.now(), sid: randomUUID() };
    const token = await encode({ token: claims, secret: env.AUTH_SECRET, salt: sessionCookie });
    const copy = `${sessionCookie}=${token}`;
    const asSession = async (value: string) => {
      const decoded = await decode({ token: value, secret: env.AUTH_SECRET, salt: sessionCookie });
      return getSessionUser(db(), { userId: decoded!.sub!, authAt: decoded!.authAt!, sessionId: decoded!.sid ?? null });
    };
    expect(await asSession(token)).toMatchObject({ id: userId });

    const response = await signOutThroughAuthJs(copy);
    expect(response.status).toBe(302);
    // The browser's cookie is cleared…
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${sessionCookie}=;`))).toBe(true);
    // …and the copy someone kept is refused too.
    expect(await asSession(token)).toBeNull();
  });
});
