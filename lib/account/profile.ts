import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { ExpectedError } from '@/lib/errors';

export async function updateName(db: Database, userId: string, name: string): Promise<void> {
  await db.withoutTenant((tx) => tx.update(users).set({ name }).where(eq(users.id, userId)));
}

/**
 * Changes the password after checking the current one. Sessions issued
 * before `now` end (the caller signs this browser in again, so only the
 * others are lost).
 */
export async function changePassword(
  db: Database,
  userId: string,
  input: { currentPassword: string; password: string },
  now = new Date(),
): Promise<{ email: string }> {
  const [user] = await db.withoutTenant((tx) => tx.select({ hash: users.passwordHash, email: users.email }).from(users).where(eq(users.id, userId)));
  if (!user) throw new ExpectedError('Your session has ended. Sign in again to continue.', undefined, 'unauthenticated');
  if (!(await verifyPassword(user.hash, input.currentPassword))) {
    throw new ExpectedError('Please correct the highlighted fields.', { currentPassword: ['Your current password is not right'] });
  }
  const passwordHash = await hashPassword(input.password);
  await db.withoutTenant((tx) => tx.update(users).set({ passwordHash, sessionsValidAfter: now }).where(eq(users.id, userId)));
  return { email: user.email };
}
