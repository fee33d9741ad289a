import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDatabase } from '@/db';
import { auth } from './config';
import { getSessionUser, type CurrentUser } from './queries';
import { requestPathHeader, safeReturnPath } from './return-path';

export type { CurrentUser } from './queries';

/**
 * Who is signed in, checked against the database on every request: a token
 * issued before "sign out everywhere", for an ended session or for a deleted
 * account is refused.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return getSessionUser(await getDatabase(), { userId: id, authAt: session.authAt, sessionId: session.sessionId });
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
