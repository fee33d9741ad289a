import { foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { memberships, organizations } from './organizations';
import { tenantPolicy } from './tenancy';

/** An in-app notification for one member of one organization. */
export const notifications = pgTable(
  'notifications',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    userId: uuid().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(''),
    link: text(),
    readAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.userId], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'cascade',
    ),
    index('notifications_user_idx').on(t.organizationId, t.userId, t.createdAt.desc()),
    tenantPolicy(),
  ],
);

export const emailStatus = pgEnum('email_status', ['pending', 'sending', 'sent', 'failed']);

/**
 * Outgoing email, written in the same transaction as the change that causes
 * it (a rolled-back change sends nothing) and delivered by the worker.
 * Addressed to people, not to an organization, so it is not a tenant table.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    status: emailStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** While a worker holds the message; another worker may take it over only after this. */
    leaseUntil: timestamp({ withTimezone: true, mode: 'date' }),
    transport: text(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('email_outbox_due_idx').on(t.status, t.nextAttemptAt)],
);
