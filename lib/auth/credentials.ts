import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { users } from '@/db/schema';
import { verifyPassword } from './password';
import { clearAccountFailures, recordSignInFailure, signInBlockedUntil, signInBuckets } from './rate-limit';

export type AuthenticateResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAt: Date };

/**
 * Checks an email and password. Unknown emails and wrong passwords take the
 * same path and the same time; both count towards the limits, which are per
 * email-and-address and per address (lib/auth/rate-limit.ts): a blocked
 * sign-in is refused before the password is checked.
 */
export async function authenticate(
  db: Database,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<AuthenticateResult> {
  const email = input.email.trim().toLowerCase();
  const buckets = signInBuckets(email, input.ip);
  const { blockedUntil, user } = await db.withoutTenant(async (tx) => ({
    blockedUntil: await signInBlockedUntil(tx, buckets, now),
    user: await tx.query.users.findFirst({ where: eq(sql`lower(${users.email})`, email) }),
  }));
  if (blockedUntil) return { ok: false, reason: 'rate_limited', retryAt: blockedUntil };

  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!valid || !user) {
    await db.withoutTenant((tx) => recordSignInFailure(tx, buckets, now));
    return { ok: false, reason: 'invalid' };
  }
  await db.withoutTenant((tx) => clearAccountFailures(tx, buckets));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
