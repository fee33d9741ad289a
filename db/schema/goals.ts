import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  type PgTableExtraConfigValue,
} from 'drizzle-orm/pg-core';
import { kpis } from './kpis';
import { memberships, orgUnits, organizations } from './organizations';
import { tenantPolicy } from './tenancy';

/**
 * A desired, time-bound outcome of a unit ("2,000 new paying members by
 * 31 Dec"), aligned to a goal one layer up. With an outcome KPI and target it
 * has progress and pace.
 */
export const goals = pgTable(
  'goals',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    unitId: uuid().notNull(),
    parentGoalId: uuid(),
    title: text().notNull(),
    description: text().notNull().default(''),
    ownerId: uuid(),
    startDate: date({ mode: 'string' }).notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    outcomeKpiId: uuid(),
    /** The outcome KPI's value to reach by the due date. */
    outcomeTarget: doublePrecision(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // Annotated: goals and kpis reference each other, which TypeScript cannot infer through.
  (t): PgTableExtraConfigValue[] => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.unitId], foreignColumns: [orgUnits.organizationId, orgUnits.id] }),
    foreignKey({ columns: [t.organizationId, t.parentGoalId], foreignColumns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.ownerId], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'set null',
    ),
    foreignKey({ columns: [t.organizationId, t.outcomeKpiId], foreignColumns: [kpis.organizationId, kpis.id] }),
    check('goals_span', sql`${t.dueDate} >= ${t.startDate}`),
    check('goals_outcome_complete', sql`(${t.outcomeKpiId} is null) = (${t.outcomeTarget} is null)`),
    check('goals_outcome_target_finite', sql`${t.outcomeTarget} not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)`),
    index('goals_organization_unit_idx').on(t.organizationId, t.unitId),
    tenantPolicy(),
  ],
);
