import { and, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Tx } from '@/db';
import { signInFailures } from '@/db/schema';

/**
 * Failed sign-ins are counted per account-and-address and per address, never
 * per account alone: guesses from one address cannot lock the right password
 * out from anywhere else. Each bucket allows a few failures free, then asks
 * for a wait that doubles with every further failure, counted from the last
 * one, up to a cap; failures older than the window no longer count.
 */
export const signInLimit = {
  windowMs: 60 * 60 * 1000,
  /** One account guessed from one address (or its owner mistyping). */
  perAccountAndAddress: { free: 5, firstDelayMs: 60 * 1000, maxDelayMs: 15 * 60 * 1000 },
  /** One address trying many accounts. */
  perAddress: { free: 20, firstDelayMs: 60 * 1000, maxDelayMs: 60 * 60 * 1000 },
} as const;

type Bucket = { key: string; rule: { free: number; firstDelayMs: number; maxDelayMs: number } };

export function signInBuckets(email: string, ip: string): Bucket[] {
  return [
    { key: `account-address:${email.toLowerCase()}|${ip}`, rule: signInLimit.perAccountAndAddress },
    { key: `address:${ip}`, rule: signInLimit.perAddress },
  ];
}

/** How long to wait after the `failures`-th failure in a bucket: nothing while free, then doubling up to the cap. */
export function delayAfter(failures: number, rule: Bucket['rule']): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.firstDelayMs * 2 ** Math.min(failures - rule.free, 30), rule.maxDelayMs);
}

/** When sign-in is blocked for any of the buckets, the instant it lifts; otherwise null. */
export async function signInBlockedUntil(tx: Tx, buckets: Bucket[], now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - signInLimit.windowMs);
  const recent = await tx
    .select({ key: signInFailures.key, failedAt: signInFailures.failedAt })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, buckets.map((b) => b.key)), gt(signInFailures.failedAt, since)))
    .orderBy(desc(signInFailures.failedAt));
  let until: Date | null = null;
  for (const { key, rule } of buckets) {
    const times = recent.filter((r) => r.key === key).map((r) => r.failedAt);
    const delay = delayAfter(times.length, rule);
    if (!delay) continue;
    const lifts = new Date(times[0]!.getTime() + delay);
    if (lifts > now && (!until || lifts > until)) until = lifts;
  }
  return until;
}

export async function recordSignInFailure(tx: Tx, buckets: Bucket[], now: Date): Promise<void> {
  const keys = buckets.map((b) => b.key);
  await tx.insert(signInFailures).values(keys.map((key) => ({ key, failedAt: now })));
  // Keep the table small: failures older than the window no longer count.
  await tx.delete(signInFailures).where(and(inArray(signInFailures.key, keys), lt(signInFailures.failedAt, new Date(now.getTime() - signInLimit.windowMs))));
}

/** A successful sign-in forgives this account's failures from this address (not the address's others). */
export async function clearAccountFailures(tx: Tx, buckets: Bucket[]): Promise<void> {
  await tx.delete(signInFailures).where(eq(signInFailures.key, buckets[0]!.key));
}
