import { sql } from 'drizzle-orm';
import { check, foreignKey, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { memberships, organizations } from './organizations';
import { tenantPolicy } from './tenancy';

export const apiTokenScope = pgEnum('api_token_scope', ['read', 'write']);

/**
 * An organization's key to the REST API. Only the SHA-256 of the token is
 * kept (the token is 32 random bytes, so a fast hash is enough); the prefix
 * lets people tell tokens apart. Revoked tokens stay, so the audit log and
 * the values they wrote keep pointing at something.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    scope: apiTokenScope().notNull(),
    tokenHash: text().notNull(),
    /** The first characters of the token, shown in the list ("keel_3fA9…"). */
    prefix: text().notNull(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true, mode: 'date' }),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    // Global: a token is looked up by its hash before its organization is known (api_token_by_hash).
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    foreignKey({ columns: [t.organizationId, t.createdBy], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'set null',
    ),
    check('api_tokens_name_length', sql`char_length(${t.name}) between 1 and 100`),
    tenantPolicy(),
  ],
);

export const idempotencyState = pgEnum('idempotency_state', ['in_flight', 'done']);

/**
 * `Idempotency-Key` of write requests, per organization: the first response
 * is kept for 24 hours and replayed for the same key and body. A row stuck
 * `in_flight` (its process died) may be taken over once its lease ends.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text().notNull(),
    state: idempotencyState().notNull().default('in_flight'),
    leaseUntil: timestamp({ withTimezone: true, mode: 'date' }),
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.key] }), tenantPolicy()],
);
