import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { apiTokens } from './api';
import { memberships, organizations } from './organizations';
import { users } from './people';
import { tenantPolicy } from './tenancy';

/** What a number measures; shared by metrics and KPIs. */
export const measureUnit = pgEnum('measure_unit', ['count', 'currency', 'percent', 'ratio', 'duration']);
/** How often a metric is updated or a KPI reviewed; also the kinds of period (lib/periods). */
export const periodKind = pgEnum('period_kind', ['week', 'month', 'quarter', 'year']);
/** How a metric's values combine over a period: flows sum, stocks take the last value. */
export const aggregation = pgEnum('aggregation', ['sum', 'last', 'average', 'min', 'max']);
export const measurementSource = pgEnum('measurement_source', ['manual', 'csv', 'api']);

/** A named series of raw numbers. The key is what formulas, CSV files and the API use, so it never changes. */
export const metrics = pgTable(
  'metrics',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    key: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    unit: measureUnit().notNull(),
    /** ISO 4217 code, only for currency metrics. */
    currencyCode: text(),
    aggregation: aggregation().notNull(),
    frequency: periodKind().notNull(),
    ownerId: uuid(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique('metrics_organization_key').on(t.organizationId, t.key),
    // Leaving the organization leaves the metric without an owner, for the heads to reassign.
    foreignKey({ columns: [t.organizationId, t.ownerId], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'set null',
    ),
    check('metrics_key_format', sql`${t.key} ~ '^[a-z0-9_]{1,64}$'`),
    check('metrics_currency_code', sql`(${t.unit} = 'currency') = (${t.currencyCode} is not null) and (${t.currencyCode} is null or ${t.currencyCode} ~ '^[A-Z]{3}$')`),
    tenantPolicy(),
  ],
);

/** One value per metric per date; recording again replaces it (the audit log keeps the old one). */
export const measurements = pgTable(
  'measurements',
  {
    organizationId: uuid().notNull(),
    metricId: uuid().notNull(),
    date: date({ mode: 'string' }).notNull(),
    value: doublePrecision().notNull(),
    note: text(),
    source: measurementSource().notNull(),
    /** Not tied to the membership: who entered a number stays known after they leave. */
    recordedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The API token that wrote the value (source `api`). */
    recordedByTokenId: uuid(),
    recordedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.metricId, t.date] }),
    foreignKey({ columns: [t.organizationId, t.metricId], foreignColumns: [metrics.organizationId, metrics.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.organizationId, t.recordedByTokenId], foreignColumns: [apiTokens.organizationId, apiTokens.id] }).onDelete(
      'set null',
    ),
    check('measurements_value_finite', sql`${t.value} not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)`),
    check('measurements_note_length', sql`char_length(${t.note}) <= 1000`),
    index('measurements_organization_date_idx').on(t.organizationId, t.date),
    tenantPolicy(),
  ],
);

/**
 * Each metric's values summed up per calendar month, kept by the database in
 * the same statement as the values (triggers on measurements, migration 0012),
 * so scorecards read months, quarters and years (unions of months) without
 * touching the raw rows. `month` is the month's first day.
 */
export const metricMonths = pgTable(
  'metric_months',
  {
    organizationId: uuid().notNull(),
    metricId: uuid().notNull(),
    month: date({ mode: 'string' }).notNull(),
    count: integer().notNull(),
    sum: doublePrecision().notNull(),
    min: doublePrecision().notNull(),
    max: doublePrecision().notNull(),
    lastDate: date({ mode: 'string' }).notNull(),
    lastValue: doublePrecision().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.metricId, t.month] }),
    foreignKey({ columns: [t.organizationId, t.metricId], foreignColumns: [metrics.organizationId, metrics.id] }).onDelete('cascade'),
    check('metric_months_first_day', sql`extract(day from ${t.month}) = 1`),
    tenantPolicy(),
  ],
);

/**
 * A closed period an owner or admin has locked: no value dated inside it may
 * change, whatever the path (form, CSV, API). The application refuses with a
 * clear error first; a trigger on measurements (migration 0011) refuses anything
 * that slips past it.
 */
export const periodLocks = pgTable(
  'period_locks',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** A period key (lib/periods): `2026-03`, `2026-Q1`, `2026`, `2026-W05`. */
    periodKey: text().notNull(),
    kind: periodKind().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    lockedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    lockedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.periodKey] }),
    check('period_locks_dates', sql`${t.startDate} <= ${t.endDate}`),
    index('period_locks_dates_idx').on(t.organizationId, t.startDate, t.endDate),
    tenantPolicy(),
  ],
);
