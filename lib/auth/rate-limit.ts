import { and, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Tx } from '@/db';
import { signInFailures } from '@/db/schema';

/** 10 failed sign-ins per email and per IP address within 15 minutes; then wait. */
export const signInLimit = { failures: 10, windowMs: 15 * 60 * 1000 } as const;

export function signInKeys(email: string, ip: string): string[] {
  return [`email:${email.toLowerCase()}`, `ip:${ip}`];
}

/** When sign-in is blocked for any of the keys, the instant it lifts; otherwise null. */
export async function signInBlockedUntil(tx: Tx, keys: string[], now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - signInLimit.windowMs);
  const recent = await tx
    .select({ key: signInFailures.key, failedAt: signInFailures.failedAt })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, keys), gt(signInFailures.failedAt, since)))
    .orderBy(desc(signInFailures.failedAt));
  let until: Date | null = null;
  for (const key of keys) {
    const times = recent.filter((r) => r.key === key).map((r) => r.failedAt);
    // Blocked while `failures` of them lie within the window: it lifts when the
    // oldest of the latest `failures` leaves the window.
    const pivot = times[signInLimit.failures - 1];
    if (pivot) {
      const lifts = new Date(pivot.getTime() + signInLimit.windowMs);
      if (!until || lifts > until) until = lifts;
    }
  }
  return until;
}

export async function recordSignInFailure(tx: Tx, keys: string[], now: Date): Promise<void> {
  await tx.insert(signInFailures).values(keys.map((key) => ({ key, failedAt: now })));
  // Keep the table small: failures older than the window no longer count.
  await tx
    .delete(signInFailures)
    .where(and(inArray(signInFailures.key, keys), lt(signInFailures.failedAt, new Date(now.getTime() - signInLimit.windowMs))));
}

/** A successful sign-in forgives the account's failures (not the address's). */
export async function clearEmailFailures(tx: Tx, email: string): Promise<void> {
  await tx.delete(signInFailures).where(eq(signInFailures.key, `email:${email.toLowerCase()}`));
}
