import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { goals } from './goals';
import { measureUnit, metrics, periodKind } from './metrics';
import { memberships, orgUnits, organizations } from './organizations';
import { tenantPolicy } from './tenancy';

export const direction = pgEnum('direction', ['up', 'down', 'within']);
export const indicatorKind = pgEnum('indicator_kind', ['leading', 'lagging']);
export const kpiHorizon = pgEnum('kpi_horizon', ['operational', 'strategic']);
export const kpiSource = pgEnum('kpi_source', ['formula', 'rollup']);
export const rollupMethod = pgEnum('rollup_method', ['sum', 'average', 'weighted_average', 'min', 'max']);
/** How own-frequency targets make a coarser period's target (lib/scoring/target-rollup). */
export const targetRollup = pgEnum('target_rollup', ['sum', 'last', 'average']);
/**
 * A KPI's life: drafted, then live once approved, then retired. The columns
 * below are the live (or draft) definition; the approval workflow keeps
 * proposed definitions beside it and writes them here when approved.
 */
export const kpiState = pgEnum('kpi_state', ['draft', 'active', 'retired']);

const finite = (column: unknown) => sql`${column} not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)`;

export const kpis = pgTable(
  'kpis',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    unitId: uuid().notNull(),
    goalId: uuid(),
    name: text().notNull(),
    description: text().notNull().default(''),
    ownerId: uuid(),
    unit: measureUnit().notNull(),
    currencyCode: text(),
    direction: direction().notNull(),
    frequency: periodKind().notNull(),
    indicator: indicatorKind().notNull(),
    horizon: kpiHorizon().notNull(),
    baselineValue: doublePrecision(),
    baselineDate: date({ mode: 'string' }),
    /** This KPI's weight in its unit's score. */
    weight: doublePrecision().notNull().default(1),
    source: kpiSource().notNull(),
    /** Canonical text (lib/formula printFormula); its metric references are in kpi_metrics. */
    formula: text(),
    rollupMethod: rollupMethod(),
    /** The owner's choice of target roll-up over time; null infers it from the unit of measure and the metrics. */
    targetRollup: targetRollup(),
    /** Overrides the organization's status bands for this KPI; null uses them. */
    statusThresholds: jsonb().$type<{ green: number; amber: number }>(),
    state: kpiState().notNull().default('draft'),
    /** Bumped on every change, for compare-and-set edits. */
    version: integer().notNull().default(1),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.unitId], foreignColumns: [orgUnits.organizationId, orgUnits.id] }),
    foreignKey({ columns: [t.organizationId, t.goalId], foreignColumns: [goals.organizationId, goals.id] }),
    foreignKey({ columns: [t.organizationId, t.ownerId], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'set null',
    ),
    check('kpis_formula_source', sql`(${t.source} = 'formula') = (${t.formula} is not null)`),
    check('kpis_rollup_source', sql`(${t.source} = 'rollup') = (${t.rollupMethod} is not null)`),
    check('kpis_currency_code', sql`(${t.unit} = 'currency') = (${t.currencyCode} is not null)`),
    check('kpis_weight_positive', sql`${t.weight} > 0 and ${finite(t.weight)}`),
    check('kpis_baseline_finite', finite(t.baselineValue)),
    index('kpis_organization_unit_idx').on(t.organizationId, t.unitId),
    index('kpis_organization_goal_idx').on(t.organizationId, t.goalId),
    tenantPolicy(),
  ],
);

/** A roll-up KPI's contributors, with their weights. The graph is kept acyclic by the application (the error names the cycle). */
export const kpiLinks = pgTable(
  'kpi_links',
  {
    organizationId: uuid().notNull(),
    parentKpiId: uuid().notNull(),
    childKpiId: uuid().notNull(),
    weight: doublePrecision().notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.parentKpiId, t.childKpiId] }),
    foreignKey({ columns: [t.organizationId, t.parentKpiId], foreignColumns: [kpis.organizationId, kpis.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.organizationId, t.childKpiId], foreignColumns: [kpis.organizationId, kpis.id] }).onDelete('cascade'),
    check('kpi_links_not_self', sql`${t.parentKpiId} <> ${t.childKpiId}`),
    check('kpi_links_weight_positive', sql`${t.weight} > 0 and ${finite(t.weight)}`),
    index('kpi_links_child_idx').on(t.organizationId, t.childKpiId),
    tenantPolicy(),
  ],
);

/** The metrics a formula KPI references, so a reference can never cross organizations or dangle. */
export const kpiMetrics = pgTable(
  'kpi_metrics',
  {
    organizationId: uuid().notNull(),
    kpiId: uuid().notNull(),
    metricId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.kpiId, t.metricId] }),
    foreignKey({ columns: [t.organizationId, t.kpiId], foreignColumns: [kpis.organizationId, kpis.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.organizationId, t.metricId], foreignColumns: [metrics.organizationId, metrics.id] }),
    index('kpi_metrics_metric_idx').on(t.organizationId, t.metricId),
    tenantPolicy(),
  ],
);

/** The value a KPI should reach in a period (a key of lib/periods), or a band for `within` KPIs. */
export const kpiTargets = pgTable(
  'kpi_targets',
  {
    organizationId: uuid().notNull(),
    kpiId: uuid().notNull(),
    periodKey: text().notNull(),
    value: doublePrecision(),
    low: doublePrecision(),
    high: doublePrecision(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.kpiId, t.periodKey] }),
    foreignKey({ columns: [t.organizationId, t.kpiId], foreignColumns: [kpis.organizationId, kpis.id] }).onDelete('cascade'),
    check('kpi_targets_value_or_band', sql`(${t.value} is not null) <> (${t.low} is not null and ${t.high} is not null) and (${t.low} is null) = (${t.high} is null)`),
    check('kpi_targets_band_order', sql`${t.low} <= ${t.high}`),
    check('kpi_targets_finite', sql`${finite(t.value)} and ${finite(t.low)} and ${finite(t.high)}`),
    tenantPolicy(),
  ],
);
