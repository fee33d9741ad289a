import { sql } from 'drizzle-orm';
import { doublePrecision, foreignKey, integer, pgEnum, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { kpis } from './kpis';
import { orgUnits, organizations } from './organizations';
import { tenantPolicy } from './tenancy';

/*
 * Results kept on write (issue 15, product.md §3 "Results are kept"): every
 * KPI's result and every unit's roll-up for each period it is counted at,
 * maintained by lib/results/maintain.ts from the changes the triggers of
 * migration 0015 queue in results_pending. Readers read these; only the
 * explanation recomputes.
 */

export const resultStatus = pgEnum('result_status', ['on_track', 'at_risk', 'off_track', 'no_data']);

/** A KPI's result for a period key (`2026-10`, `2026-Q3`, `2026-YTD`…). Only periods with an actual or a target have a row. */
export const kpiResults = pgTable(
  'kpi_results',
  {
    organizationId: uuid().notNull(),
    kpiId: uuid().notNull(),
    periodKey: text().notNull(),
    actual: doublePrecision(),
    targetValue: doublePrecision(),
    targetLow: doublePrecision(),
    targetHigh: doublePrecision(),
    /** Own-frequency periods a derived target is made of; null for an explicit target (or the KPI's own frequency). */
    targetParts: smallint(),
    /** Those of them without a target (then there is no derived target). */
    targetMissing: text().array(),
    score: doublePrecision(),
    status: resultStatus().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.kpiId, t.periodKey] }),
    foreignKey({ columns: [t.organizationId, t.kpiId], foreignColumns: [kpis.organizationId, kpis.id] }).onDelete('cascade'),
    tenantPolicy(),
  ],
);

/** A unit's roll-up for a period key. */
export const unitResults = pgTable(
  'unit_results',
  {
    organizationId: uuid().notNull(),
    unitId: uuid().notNull(),
    periodKey: text().notNull(),
    score: doublePrecision(),
    status: resultStatus().notNull(),
    /** KPIs of the subtree counted at the period, and those of them with a score. */
    counted: integer().notNull(),
    covered: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.unitId, t.periodKey] }),
    foreignKey({ columns: [t.organizationId, t.unitId], foreignColumns: [orgUnits.organizationId, orgUnits.id] }).onDelete('cascade'),
    tenantPolicy(),
  ],
);

/**
 * What changed since results were last brought up to date, queued by triggers
 * in the writing transaction: `metric` (ref a metric, key its month, or `*`),
 * `target` (ref a KPI, key a period), `kpi` (ref a KPI), `unit` (ref a unit whose
 * KPIs changed), `units` (the tree changed), `all` (policy or fiscal year).
 */
export const resultsPending = pgTable(
  'results_pending',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    ref: uuid().notNull().default(sql`'00000000-0000-0000-0000-000000000000'`),
    key: text().notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.kind, t.ref, t.key] }), tenantPolicy()],
);

/** Per organization: the day's last completed periods the stored years to date were computed for. */
export const resultsState = pgTable(
  'results_state',
  {
    organizationId: uuid()
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ytdAsOf: text().notNull(),
  },
  () => [tenantPolicy()],
);
