import { eq, lt } from 'drizzle-orm';
import type { Database } from '@/db';
import { endedSessions, users } from '@/db/schema';
import { sessionMaxAgeSeconds } from './base-config';

/**
 * Ends every session of this person: tokens issued before now stop working on
 * their next request. `now` is the application's clock, the one that stamps
 * tokens (authAt), not the database's.
 */
export async function signOutEverywhere(db: Database, userId: string, now = new Date()): Promise<void> {
  await db.withoutTenant((tx) => tx.update(users).set({ sessionsValidAfter: now }).where(eq(users.id, userId)));
}

/** Ends one session for good (see ended_sessions), and forgets ended sessions whose tokens have expired anyway. */
export async function endSession(db: Database, sessionId: string, now = new Date()): Promise<void> {
  await db.withoutTenant(async (tx) => {
    await tx.delete(endedSessions).where(lt(endedSessions.expiresAt, now));
    await tx
      .insert(endedSessions)
      .values({ sessionId, expiresAt: new Date(now.getTime() + sessionMaxAgeSeconds * 1000) })
      .onConflictDoNothing();
  });
}
