import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { users } from '@/db/schema';

/** Ends every session of this person: tokens issued before now stop working on their next request. */
export async function signOutEverywhere(db: Database, userId: string): Promise<void> {
  await db.withoutTenant((tx) => tx.update(users).set({ sessionsValidAfter: sql`now()` }).where(eq(users.id, userId)));
}
