import { expect, test } from './fixtures';
import { signIn, signInError, signUp, testNetIp, uniqueEmail } from './helpers';
import type { Page } from '@playwright/test';

/*
 * Failed sign-ins count per email-and-address and per address (the client
 * address is the entry one trusted proxy appended to X-Forwarded-For: the
 * e2e server runs with TRUST_PROXY=1). Each browser here claims its own
 * address, so the other specs' loopback address keeps an empty count. That
 * the waits grow and lift is covered by the integration tests, which control
 * the clock (lib/auth/rate-limit.test.ts).
 */

test.slow();

function distinctIps(count: number): string[] {
  const ips = new Set<string>();
  while (ips.size < count) ips.add(testNetIp());
  return [...ips];
}

/** One attempt on a freshly loaded form, so the previous attempt's alert cannot satisfy the next assertion. */
async function attempt(page: Page, email: string, password: string) {
  await page.goto('/login');
  await signIn(page, email, password);
  return signInError(page);
}

test('failed sign-ins slow down the address they come from, with 429 and Retry-After, never the owner elsewhere', async ({ page, newPage }) => {
  const account = await signUp(page);
  const [attackerIp, ownerIp] = distinctIps(2);

  const attacker = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': attackerIp! } });
  for (let n = 1; n <= 5; n++) {
    await expect(await attempt(attacker, account.email, `wrong password ${n}`)).toHaveText('Invalid email or password');
  }

  await attacker.goto('/login');
  const answer = attacker.waitForResponse((r) => r.url().endsWith('/login/submit'));
  await signIn(attacker, account.email, account.password);
  const throttled = await answer;
  expect(throttled.status()).toBe(429);
  expect(Number(throttled.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(signInError(attacker)).toHaveText(/^Too many failed sign-in attempts\. Try again in \d+ (seconds|minute) \(at \d\d:\d\d:\d\d UTC\)\.$/);
  await expect(attacker).toHaveURL('/login');

  // The owner, from an address that has not been failing, signs in with the right password at once.
  const owner = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': ownerIp! } });
  await signIn(owner, account.email, account.password);
  await expect(owner).toHaveURL(`/${account.slug}`);
});

test('twenty failed sign-ins from one address slow that address down for every email, and no other', async ({ newPage }) => {
  const [attackerIp, neighbourIp] = distinctIps(2);

  const attacker = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': attackerIp! } });
  for (let n = 1; n <= 20; n++) {
    await expect(await attempt(attacker, uniqueEmail('guess'), 'wrong password')).toHaveText('Invalid email or password');
  }
  await expect(await attempt(attacker, uniqueEmail('guess'), 'wrong password')).toContainText('Too many failed sign-in attempts');

  // Another address is unaffected, so the server keys on the address the proxy appended, not the loopback socket.
  const neighbour = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': neighbourIp! } });
  await expect(await attempt(neighbour, uniqueEmail('guess'), 'wrong password')).toHaveText('Invalid email or password');
});

test('X-Forwarded-For entries the client adds before the proxy’s own do not give it a fresh address', async ({ newPage }) => {
  const [attackerIp] = distinctIps(1);
  for (let n = 1; n <= 20; n++) {
    // A new made-up first entry every time; the entry the (pretend) proxy appended stays the same.
    const attacker = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': `${testNetIp()}, ${attackerIp}` } });
    await expect(await attempt(attacker, uniqueEmail('rotate'), 'wrong password')).toHaveText('Invalid email or password');
  }
  const attacker = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': `${testNetIp()}, ${attackerIp}` } });
  await expect(await attempt(attacker, uniqueEmail('rotate'), 'wrong password')).toContainText('Too many failed sign-in attempts');
});
