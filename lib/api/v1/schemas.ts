import { z } from 'zod';
import { aggregations, frequencies, measurementDateSchema, measureUnits, metricKeySchema, NOTE_MAX_LENGTH } from '@/lib/metrics/schemas';
import { isIsoDate, periodKindOfKey } from '@/lib/periods';

/**
 * The request schemas of API v1: they validate requests AND generate the
 * OpenAPI document (lib/api/v1/openapi.ts), so the two cannot drift. Every
 * object is strict: an unknown field is an error, not silently dropped.
 */

export const MAX_BATCH = 10_000;

const isoDate = z
  .string({ error: 'Enter a date as YYYY-MM-DD' })
  .refine(isIsoDate, 'Enter a real date as YYYY-MM-DD')
  .meta({ format: 'date', example: '2026-10-31' });
const periodKey = z
  .string()
  .refine((key) => periodKindOfKey(key) !== null, 'Use a period key such as 2026-W05, 2026-03, 2026-Q1 or 2026')
  .meta({ description: 'A period key: ISO week `2026-W05`, month `2026-03`, fiscal quarter `2026-Q1` or fiscal year `2026`.', example: '2026-10' });
const uuid = z.uuid('Expected an id (a UUID)');

export const measurementItemSchema = z
  .strictObject({
    metric: z.string({ error: 'Enter a metric key' }).min(1, 'Enter a metric key').max(64, 'A metric key has at most 64 characters').meta({
      description: 'The metric key (`paid_signups`), see GET /api/v1/metrics',
      example: 'paid_signups',
    }),
    date: measurementDateSchema.meta({ format: 'date', example: '2026-10-31', description: 'YYYY-MM-DD, at most a year ahead' }),
    // z.number() refuses NaN and ±Infinity (JSON.parse turns 1e309 into Infinity) as well as strings, booleans and null.
    value: z.number({ error: 'Enter a finite JSON number (not a string, null or boolean)' }).meta({ example: 173 }),
    note: z.string({ error: 'A note is a string' }).max(NOTE_MAX_LENGTH, `A note has at most ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters`).nullish(),
  })
  .meta({ id: 'MeasurementInput' });

export const pushMeasurementsSchema = z
  .strictObject({
    measurements: z
      .array(measurementItemSchema, { error: 'Send measurements as an array' })
      .min(1, 'Send at least one measurement')
      .max(MAX_BATCH, `Send at most ${MAX_BATCH.toLocaleString('en-US')} measurements per request`),
  })
  .meta({ id: 'PushMeasurements' });

export const createMetricRequestSchema = z
  .strictObject({
    key: metricKeySchema.meta({ description: 'Lowercase letters, digits and `_`; never changes', example: 'paid_signups' }),
    name: z.string({ error: 'Enter a name' }).min(1, 'Enter a name').max(120, 'A name has at most 120 characters'),
    unit: z.enum(measureUnits, { error: 'Choose a unit' }),
    aggregation: z.enum(aggregations, { error: 'Choose how values combine' }),
    frequency: z.enum(frequencies, { error: 'Choose a frequency' }),
    description: z.string().max(2000, 'A description has at most 2,000 characters').optional(),
    currencyCode: z.string().meta({ description: 'ISO 4217, required when unit is currency', example: 'EUR' }).nullish(),
  })
  .meta({ id: 'CreateMetric' });

export const noQuery = z.strictObject({});
export const goalsQuery = z.strictObject({ unit: uuid.optional() });
export const measurementsQuery = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });
export const kpisQuery = z.strictObject({
  unit: uuid.optional(),
  status: z.enum(['on_track', 'at_risk', 'off_track', 'no_data']).optional().meta({ description: 'Status in the last completed period of each KPI' }),
});
export const kpiQuery = z.strictObject({ period: periodKey.optional() });
export const scorecardQuery = z.strictObject({ unit: uuid.optional(), period: periodKey.optional() });

export const metricKeyParams = z.strictObject({ key: z.string().regex(/^[a-z0-9_]{1,64}$/) });
export const kpiIdParams = z.strictObject({ id: uuid });

// Responses (documented; the handlers build them with these types).
const status = z.enum(['on_track', 'at_risk', 'off_track', 'no_data']);
const target = z.union([z.object({ value: z.number() }), z.object({ low: z.number(), high: z.number() })]).nullable().meta({ id: 'Target' });
const unitRef = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['company', 'department', 'team']) });

export const responses = {
  units: z.object({ data: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['company', 'department', 'team']), parentId: z.uuid().nullable() })) }),
  goals: z.object({
    data: z.array(z.object({ id: z.uuid(), unitId: z.uuid(), title: z.string(), startDate: z.string(), dueDate: z.string(), parentGoalId: z.uuid().nullable() })),
  }),
  metric: z
    .object({ id: z.uuid(), key: z.string(), name: z.string(), unit: z.enum(measureUnits), aggregation: z.enum(aggregations), frequency: z.enum(frequencies) })
    .meta({ id: 'Metric' }),
  measurements: z.object({
    data: z.array(z.object({ date: z.string(), value: z.number(), note: z.string().nullable(), source: z.enum(['manual', 'csv', 'api']) })),
  }),
  pushResult: z.object({ inserted: z.int(), updated: z.int(), unchanged: z.int() }).meta({ id: 'PushResult' }),
  kpiSummary: z
    .object({
      id: z.uuid(),
      unitId: z.uuid(),
      goalId: z.uuid().nullable(),
      name: z.string(),
      unit: z.string(),
      direction: z.enum(['up', 'down', 'within']),
      frequency: z.enum(frequencies),
      status,
    })
    .meta({ id: 'KpiSummary' }),
  kpiDetail: z.object({
    data: z.object({
      id: z.uuid(),
      unitId: z.uuid(),
      goalId: z.uuid().nullable(),
      name: z.string(),
      unit: z.string(),
      direction: z.enum(['up', 'down', 'within']),
      frequency: z.enum(frequencies),
      period: z.string(),
      actual: z.number().nullable(),
      target,
      score: z.number().nullable(),
      status,
    }),
  }),
  scorecard: z
    .object({
      unit: unitRef,
      period: z.string(),
      score: z.number().nullable(),
      status,
      coverage: z.number().nullable(),
      kpis: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          actual: z.number().nullable(),
          target,
          score: z.number().nullable(),
          status,
          stale: z.boolean(),
          trend: z.array(z.object({ period: z.string(), actual: z.number().nullable(), target, score: z.number().nullable() })),
        }),
      ),
      children: z.array(z.object({ unit: unitRef, score: z.number().nullable(), status, coverage: z.number().nullable() })),
    })
    .meta({ id: 'Scorecard' }),
  problem: z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.int(),
      detail: z.string(),
      errors: z.array(z.object({ path: z.string().meta({ example: 'measurements[3].value' }), message: z.string() })),
    })
    .meta({ id: 'Problem' }),
};
