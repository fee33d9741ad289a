import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  foreignKey,
  jsonb,
  pgEnum,
  pgPolicy,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import { users } from './people';
import { appUser, currentUserId, tenantPolicy } from './tenancy';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    slug: text().notNull().unique(),
    fiscalYearStartMonth: smallint().notNull().default(1),
    /** IANA time zone (validated with Intl on write), e.g. Europe/Berlin. */
    timeZone: text().notNull().default('UTC'),
    /** Validated by organizationPolicySchema on every read and write. */
    policy: jsonb().$type<OrganizationPolicy>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('organizations_fiscal_year_start_month_check', sql`${t.fiscalYearStartMonth} between 1 and 12`),
    tenantPolicy(sql`id`),
    // A signed-in person may list the organizations they belong to (the switcher), nothing more.
    pgPolicy('member_read', {
      as: 'permissive',
      for: 'select',
      to: appUser,
      using: sql`exists (select 1 from memberships m where m.organization_id = ${t.id} and m.user_id = ${currentUserId})`,
    }),
  ],
);

export const orgRole = pgEnum('org_role', ['owner', 'admin', 'member', 'viewer']);

export const memberships = pgTable(
  'memberships',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: orgRole().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Last request in this organization, updated at most every few minutes. */
    lastActiveAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    tenantPolicy(),
    pgPolicy('own_memberships_read', { as: 'permissive', for: 'select', to: appUser, using: sql`${t.userId} = ${currentUserId}` }),
  ],
);

export const unitKind = pgEnum('unit_kind', ['company', 'department', 'team']);

export const orgUnits = pgTable(
  'org_units',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    parentId: uuid(),
    kind: unitKind().notNull(),
    name: text().notNull(),
    /** This unit's weight in its parent's roll-up. */
    weight: doublePrecision().notNull().default(1),
    archivedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.parentId], foreignColumns: [t.organizationId, t.id] }),
    // Exactly one company root per organization, and only the root lacks a parent.
    uniqueIndex('org_units_one_company_per_organization').on(t.organizationId).where(sql`kind = 'company'`),
    check('org_units_root_is_company', sql`(${t.kind} = 'company') = (${t.parentId} is null)`),
    check('org_units_weight_positive', sql`${t.weight} > 0`),
    tenantPolicy(),
  ],
);


export const unitRole = pgEnum('unit_role', ['head', 'member']);

/**
 * Who belongs to which unit, and who heads it. Headship is what makes someone
 * a department head or team lead; the person must be a member of the
 * organization (composite key to memberships, removed with it).
 */
export const unitMemberships = pgTable(
  'unit_memberships',
  {
    organizationId: uuid().notNull(),
    unitId: uuid().notNull(),
    userId: uuid().notNull(),
    role: unitRole().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.unitId, t.userId] }),
    foreignKey({ columns: [t.organizationId, t.unitId], foreignColumns: [orgUnits.organizationId, orgUnits.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.organizationId, t.userId], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'cascade',
    ),
    tenantPolicy(),
  ],
);
