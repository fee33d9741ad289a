import { index, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organizations } from './organizations';
import { users } from './people';
import { appUser, currentUserId, tenantPolicy } from './tenancy';

/**
 * "Forgot password" links. Global like users (the person is not signed in and
 * no organization is known). Only the SHA-256 of the 32-byte token is stored;
 * a link works once, for 30 minutes, and asking for a new one supersedes it.
 */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
    supersededAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('password_reset_tokens_token_hash_key').on(t.tokenHash), index('password_reset_tokens_user_idx').on(t.userId)],
);

/** Password-reset requests, counted per email and per address for the rate limit (like sign_in_failures). */
export const passwordResetRequests = pgTable(
  'password_reset_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    requestedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('password_reset_requests_key_requested_at_idx').on(t.key, t.requestedAt)],
);

/**
 * Slugs an organization had before: `/<old>/…` redirects to `/<new>/…`. A slug
 * lives here or in organizations, never both (the rename moves it), so an old
 * slug is never handed to another organization while it still redirects.
 */
export const organizationSlugRedirects = pgTable(
  'organization_slug_redirects',
  {
    slug: text().primaryKey(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('organization_slug_redirects_organization_idx').on(t.organizationId),
    tenantPolicy(),
    // A member following an old link resolves it without an organization set (withUser).
    pgPolicy('member_read', {
      as: 'permissive',
      for: 'select',
      to: appUser,
      using: sql`exists (select 1 from memberships m where m.organization_id = ${t.organizationId} and m.user_id = ${currentUserId})`,
    }),
  ],
);
