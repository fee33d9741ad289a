import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgRole, orgUnits, organizations, unitRole } from './organizations';
import { users } from './people';
import { tenantPolicy } from './tenancy';

/**
 * An invitation by email. Only the SHA-256 of its token is stored; the token
 * itself exists in the email alone. Single use, bound to the invited email.
 */
export const invitations = pgTable(
  'invitations',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    role: orgRole().notNull(),
    unitId: uuid(),
    unitRole: unitRole(),
    tokenHash: text().notNull(),
    invitedBy: uuid()
      .notNull()
      .references(() => users.id),
    sendCount: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, mode: 'date' }),
    acceptedBy: uuid().references(() => users.id),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.unitId], foreignColumns: [orgUnits.organizationId, orgUnits.id] }).onDelete('cascade'),
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_organization_email_idx').on(t.organizationId, sql`lower(${t.email})`),
    check('invitations_unit_role_with_unit', sql`(${t.unitId} is null) = (${t.unitRole} is null)`),
    tenantPolicy(),
  ],
);
