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
  .refine((key) => periodKindOfKey(key) !== null || /^\d{4}-YTD$/.test(key), 'Use a period key such as 2026-W05, 2026-03, 2026-Q1, 2026 or 2026-YTD')
  .meta({
    description: 'A period key: ISO week `2026-W05`, month `2026-03`, fiscal quarter `2026-Q1`, fiscal year `2026` or fiscal year to date `2026-YTD`.',
    example: '2026-10',
  });
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
/** `explain=1` adds the tree of inputs behind the score (lib/scorecards/explain.ts). */
const explainFlag = z
  .enum(['1', 'true', '0', 'false'], { error: 'Use explain=1 or explain=true to add the explanation, explain=0 or explain=false (or nothing) to leave it out' })
  .optional()
  .transform((flag) => flag === '1' || flag === 'true')
  .meta({ description: 'Add `explanation`: the tree of inputs that produced the score (metric values per date with who entered them, formula, target, baseline, contributors and weights).' });
export const kpiQuery = z.strictObject({ period: periodKey.optional(), explain: explainFlag });
export const scorecardQuery = z.strictObject({ unit: uuid.optional(), period: periodKey.optional(), explain: explainFlag });

export const metricKeyParams = z.strictObject({ key: z.string().regex(/^[a-z0-9_]{1,64}$/) });
export const kpiIdParams = z.strictObject({ id: uuid });

// Responses (documented; the handlers build them with these types).
const status = z.enum(['on_track', 'at_risk', 'off_track', 'no_data']);
const target = z.union([z.object({ value: z.number() }), z.object({ low: z.number(), high: z.number() })]).nullable().meta({ id: 'Target' });
const unitRef = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['company', 'department', 'team']) });

// Explanations (lib/scorecards/explain.ts): recursive through roll-up contributors.
const measure = z.object({ unit: z.enum(measureUnits), currencyCode: z.string().nullable() });
const explainedMetric = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  measure,
  aggregation: z.enum(aggregations),
  value: z.number().nullable().meta({ description: 'The values in the period combined by the aggregation; null: no value' }),
  values: z.array(
    z.object({
      date: z.string(),
      value: z.number(),
      note: z.string().nullable(),
      source: z.enum(['manual', 'csv', 'api']),
      enteredBy: z.string().nullable().meta({ description: 'The person’s name or "API token <name>"; null when deleted' }),
    }),
  ),
});
const calculation = z.object({
  rule: z.string().meta({ example: '(a − b) / (t − b): actual a, baseline b, target t' }),
  expression: z.string().nullable().meta({ example: '(412 − 300) / (450 − 300) = 0.7467' }),
  raw: z.number().nullable().meta({ description: 'The score before clamping to [0, cap]' }),
  clamped: z.enum(['cap', 'zero']).nullable(),
});
type KpiExplanationSchema = z.ZodObject;
const kpiExplanation: KpiExplanationSchema = z
  .object({
    kind: z.literal('kpi'),
    id: z.uuid(),
    name: z.string(),
    unit: unitRef.nullable(),
    state: z.enum(['draft', 'active', 'retired']),
    period: z.string(),
    measure,
    direction: z.enum(['up', 'down', 'within']),
    weight: z.number(),
    actual: z.number().nullable(),
    target,
    targetFrom: z.string().nullable().meta({ description: 'Where a derived target came from ("from 3 monthly targets"), or why there is none; null for an explicit target' }),
    baseline: z.number().nullable(),
    cap: z.number(),
    score: z.number().nullable(),
    status,
    thresholds: z.object({ green: z.number(), amber: z.number(), own: z.boolean() }),
    calculation,
    get source() {
      return z.union([
        z.object({ kind: z.literal('formula'), formula: z.string().nullable(), substituted: z.string().nullable(), metrics: z.array(explainedMetric) }),
        z.object({
          kind: z.literal('rollup'),
          method: z.enum(['sum', 'average', 'weighted_average', 'min', 'max']).nullable(),
          contributors: z.array(
            z.union([
              z.object({ weight: z.number(), hidden: z.literal(false), kpi: kpiExplanation }),
              z.object({ weight: z.number(), hidden: z.literal(false), repeated: z.object({ id: z.uuid(), name: z.string(), actual: z.number().nullable() }) }),
              z.object({ weight: z.number(), hidden: z.literal(true) }).meta({ description: 'A draft the token may not see' }),
            ]),
          ),
        }),
      ]);
    },
  })
  .meta({ id: 'KpiExplanation' });
const unitEntry = z.union([
  z.object({
    kind: z.literal('kpi'),
    id: z.uuid(),
    name: z.string(),
    weight: z.number(),
    counted: z.boolean().meta({ description: 'False when the period is finer than the KPI’s frequency' }),
    score: z.number().nullable(),
    actual: z.number().nullable(),
    target,
    measure,
    status,
    included: z.boolean(),
  }),
  z.object({
    kind: z.literal('unit'),
    id: z.uuid(),
    name: z.string(),
    unitKind: z.enum(['company', 'department', 'team']),
    weight: z.number(),
    score: z.number().nullable(),
    status,
    coverage: z.number().nullable(),
    included: z.boolean(),
  }),
]);
const unitExplanationFields = {
  kind: z.literal('unit'),
  unit: unitRef,
  parentId: z.uuid().nullable(),
  period: z.string(),
  score: z.number().nullable(),
  status,
  weightedSum: z.number(),
  totalWeight: z.number(),
  expression: z.string().nullable().meta({ example: '(1 × 0.75) / 1 = 0.75' }),
  entries: z.array(unitEntry).meta({ description: 'Own KPIs, then child units; included is false for those without a score' }),
  coverage: z.object({ withScore: z.int(), total: z.int(), share: z.number().nullable() }).meta({ description: 'KPIs of the subtree reviewed at this kind of period (total) and those with a score' }),
};
const unitExplanation = z
  .object({ ...unitExplanationFields, children: z.array(z.object({ ...unitExplanationFields, children: z.array(z.never()) })) })
  .meta({ id: 'UnitExplanation' });

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
      explanation: kpiExplanation.optional().meta({ description: 'With explain=1' }),
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
      explanation: unitExplanation.optional().meta({ description: 'With explain=1' }),
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
