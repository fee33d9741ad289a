import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A person. Global, not a tenant row: one account can belong to several organizations. */
export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    /** Session tokens issued before this instant are refused ("sign out everywhere"). */
    sessionsValidAfter: timestamp({ withTimezone: true, mode: 'date' }).notNull().default(sql`'epoch'`),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`)],
);

/** Failed sign-ins, kept in the database so the limit holds across processes. `key` is `email:…` or `ip:…`. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    failedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sign_in_failures_key_failed_at_idx').on(t.key, t.failedAt)],
);

/**
 * Sessions signed out before their token expired. A token is a signed
 * cookie, and a request already in flight at sign-out can hand the browser a
 * renewed one; listing the session's id here makes sign-out final anyway.
 * Rows are kept until the token would have expired.
 */
export const endedSessions = pgTable('ended_sessions', {
  sessionId: uuid().primaryKey(),
  expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
});
