import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { tenantPolicy } from './tenancy';

/** Append-only: the app role may insert and read, never update or delete (see the grants migration). */
export const auditLog = pgTable(
  'audit_log',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    /** Null for changes made by the system (seed, jobs). Not a foreign key: history outlives accounts. */
    actorUserId: uuid(),
    /** The API token that made the change, for changes through the REST API. */
    actorTokenId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    /** The unit the change concerns, so heads can read their subtree's history. */
    unitId: uuid(),
    before: jsonb(),
    after: jsonb(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    index('audit_log_organization_created_idx').on(t.organizationId, t.createdAt.desc()),
    index('audit_log_organization_actor_idx').on(t.organizationId, t.actorUserId, t.createdAt.desc()),
    tenantPolicy(),
  ],
);
