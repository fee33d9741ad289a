import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { endedSessions, users } from '@/db/schema';

export type CurrentUser = { id: string; email: string; name: string };

/** What a session token claims: who, when they signed in (ms) and which sign-in it is. */
export type SessionClaims = { userId: string; authAt: number; sessionId: string | null };

/**
 * The person a session token stands for, or null when the token no longer
 * counts: the account is gone, this session was ended (ended_sessions), or it
 * was issued before "sign out everywhere" or a password change.
 */
export async function getSessionUser(db: Database, claims: SessionClaims): Promise<CurrentUser | null> {
  const { user, ended } = await db.withoutTenant(async (tx) => ({
    user: await tx.query.users.findFirst({
      columns: { id: true, email: true, name: true, sessionsValidAfter: true },
      where: eq(users.id, claims.userId),
    }),
    ended: claims.sessionId
      ? (await tx.select({ id: endedSessions.sessionId }).from(endedSessions).where(eq(endedSessions.sessionId, claims.sessionId))).length > 0
      : false,
  }));
  if (!user || ended || claims.authAt < user.sessionsValidAfter.getTime()) return null;
  return { id: user.id, email: user.email, name: user.name };
}
