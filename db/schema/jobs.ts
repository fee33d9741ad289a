import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const jobStatus = pgEnum('job_status', ['pending', 'running', 'done', 'failed']);

/**
 * The durable job queue (daily digests and other scheduled work). A job's key
 * makes enqueueing idempotent ("overdue_digest:<org>:<day>" exists once), so a
 * restart or a second worker never runs a day's job twice. Like the email
 * outbox it belongs to no organization: a job names its organization in its
 * payload and does its work through withTenant.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    key: text().notNull(),
    payload: jsonb().notNull().default({}),
    status: jobStatus().notNull().default('pending'),
    runAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    leaseUntil: timestamp({ withTimezone: true, mode: 'date' }),
    lastError: text(),
    doneAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('jobs_key_key').on(t.key), index('jobs_due_idx').on(t.status, t.runAt)],
);
