import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { kpis } from './kpis';
import { organizations } from './organizations';
import { users } from './people';
import { tenantPolicy } from './tenancy';

/** The owner's own reading of a KPI, beside what the numbers say. */
export const confidence = pgEnum('confidence', ['on_track', 'at_risk', 'off_track']);

/**
 * A KPI owner's check-in for a period: the values go to measurements, this
 * keeps the comment (what happened, what is next) and the confidence. Every
 * check-in is kept; the newest of a period is the current one.
 */
export const checkIns = pgTable(
  'check_ins',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    kpiId: uuid().notNull(),
    /** A period key of the KPI's frequency (lib/periods). */
    periodKey: text().notNull(),
    confidence: confidence().notNull(),
    comment: text().notNull().default(''),
    /** Not tied to the membership: who checked in stays known after they leave. */
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.kpiId], foreignColumns: [kpis.organizationId, kpis.id] }).onDelete('cascade'),
    check('check_ins_comment_length', sql`char_length(${t.comment}) <= 2000`),
    index('check_ins_kpi_period_idx').on(t.organizationId, t.kpiId, t.periodKey, t.createdAt.desc()),
    tenantPolicy(),
  ],
);
