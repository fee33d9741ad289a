import { expect, test } from './fixtures';
import { signIn, signInError, signUp, testNetIp, uniqueEmail } from './helpers';
import type { Page } from '@playwright/test';

/*
 * The limit counts failures per email and per client address (the first
 * X-Forwarded-For hop). Each browser here claims its own address, so the
 * other specs' bucket for the loopback address stays empty. That the limit
 * lifts again is covered by the integration tests, which control the clock.
 */

// Twelve-odd sign-in attempts per test, each an Argon2id verification.
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

test('ten failed sign-ins block the email, even with the right password', async ({ page, newPage }) => {
  const account = await signUp(page);
  const [attackerIp, ownerIp] = distinctIps(2);

  const attacker = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': attackerIp! } });
  for (let n = 1; n <= 10; n++) {
    await expect(await attempt(attacker, account.email, `wrong password ${n}`)).toHaveText('Invalid email or password');
  }

  const blocked = await attempt(attacker, account.email, account.password);
  await expect(blocked).toContainText('Too many failed sign-in attempts');
  await expect(blocked).toContainText('Try again in');
  await expect(attacker).toHaveURL('/login');

  // The email's own bucket: the owner, from another address, is blocked too.
  const owner = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': ownerIp! } });
  await expect(await attempt(owner, account.email, account.password)).toContainText('Too many failed sign-in attempts');
  await expect(owner).toHaveURL('/login');
});

test('ten failed sign-ins from one address block that address for every email', async ({ newPage }) => {
  const [attackerIp, neighbourIp] = distinctIps(2);

  const attacker = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': attackerIp! } });
  for (let n = 1; n <= 10; n++) {
    await expect(await attempt(attacker, uniqueEmail('guess'), 'wrong password')).toHaveText('Invalid email or password');
  }
  await expect(await attempt(attacker, uniqueEmail('guess'), 'wrong password')).toContainText('Too many failed sign-in attempts');

  // Another address is unaffected, so the server keys on X-Forwarded-For and not on the loopback socket.
  const neighbour = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': neighbourIp! } });
  await expect(await attempt(neighbour, uniqueEmail('guess'), 'wrong password')).toHaveText('Invalid email or password');
});
