import { eq } from 'drizzle-orm';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDatabase } from '@/db';
import { endedSessions, users } from '@/db/schema';
import { auth } from './config';
import { requestPathHeader, safeReturnPath } from './return-path';

export type CurrentUser = { id: string; email: string; name: string };

/**
 * Who is signed in, checked against the database on every request: a token
 * issued before "sign out everywhere" or for a deleted account is refused.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDatabase();
  const { user, ended } = await db.withoutTenant(async (tx) => ({
    user: await tx.query.users.findFirst({
      columns: { id: true, email: true, name: true, sessionsValidAfter: true },
      where: eq(users.id, id),
    }),
    ended: session.sessionId
      ? (await tx.select({ id: endedSessions.sessionId }).from(endedSessions).where(eq(endedSessions.sessionId, session.sessionId))).length > 0
      : false,
  }));
  if (!user || ended || session.authAt < user.sessionsValidAfter.getTime()) return null;
  return { id: user.id, email: user.email, name: user.name };
});

/** The signed-in user, or a redirect to sign-in that comes back to the page asked for. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    const returnTo = safeReturnPath((await headers()).get(requestPathHeader), '');
    redirect(returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : '/login');
  }
  return user;
}
