import { z } from 'zod';
import { daysBetween, isIsoDate, utcDateOf } from '@/lib/periods';
import { unstorableNumberProblem } from './storable-number';

export const measureUnits = ['count', 'currency', 'percent', 'ratio', 'duration'] as const;
export type MeasureUnit = (typeof measureUnits)[number];
export const aggregations = ['sum', 'last', 'average', 'min', 'max'] as const;
export type Aggregation = (typeof aggregations)[number];
export const frequencies = ['week', 'month', 'quarter', 'year'] as const;
export type Frequency = (typeof frequencies)[number];

export const METRIC_KEY_PATTERN = /^[a-z0-9_]{1,64}$/;
export const NOTE_MAX_LENGTH = 1000;
/** Recording ahead is allowed for plans and forecasts, but not so far that a typo in the year slips through. */
export const MAX_DAYS_AHEAD = 366;

// Plain decimal notation only: '1,234.5' is ambiguous across locales, and Number() would take '0x10' or ' '.
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INFINITY_WORD = /^[+-]?inf(inity)?$/i;

function toFiniteNumber(raw: unknown): number | { error: string } {
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return { error: 'Enter a number' };
    return Number.isFinite(raw) ? raw : { error: 'Enter a finite number' };
  }
  if (typeof raw !== 'string') return { error: 'Enter a number' };
  const text = raw.trim();
  if (INFINITY_WORD.test(text)) return { error: 'Enter a finite number' };
  if (!PLAIN_NUMBER.test(text)) {
    return PLAIN_NUMBER.test(text.replaceAll(',', '')) ? { error: 'Enter a number without commas, e.g. 1234.5' } : { error: 'Enter a number' };
  }
  const value = Number(text);
  // '1e999' is plain notation yet overflows to Infinity.
  if (!Number.isFinite(value)) return { error: 'Enter a finite number' };
  // '1e-400' would be stored as 0, '9007199254740993' as …992.
  const unstorable = unstorableNumberProblem(text, value);
  return unstorable ? { error: unstorable } : value + 0;
}

/**
 * A finite number from a form field or JSON: refuses '', 'NaN', 'Infinity',
 * '1e999', 'abc' and '1,234' with "Enter a number" / "Enter a finite number"
 * (z.coerce.number() would turn '' into 0 and accept Infinity). Chain bounds
 * with .pipe(z.number().min(…)).
 */
export const finiteNumber = z.unknown().transform((raw, ctx): number => {
  const result = toFiniteNumber(raw);
  if (typeof result === 'number') return result;
  ctx.addIssue({ code: 'custom', message: result.error });
  return z.NEVER;
});

/** Like finiteNumber, but an empty field (or null/undefined) is null: for optional targets, baselines… */
export const optionalFiniteNumber = z.unknown().transform((raw, ctx): number | null => {
  if (raw == null || (typeof raw === 'string' && raw.trim() === '')) return null;
  const result = toFiniteNumber(raw);
  if (typeof result === 'number') return result;
  ctx.addIssue({ code: 'custom', message: result.error });
  return z.NEVER;
});

/** A real calendar date written YYYY-MM-DD, at most a year ahead (a sanity bound: a day either way does not matter, so it needs no time zone). */
export const measurementDateSchema = z
  .string({ error: 'Enter a date' })
  .trim()
  .min(1, 'Enter a date')
  .refine(isIsoDate, 'Enter a real date as YYYY-MM-DD')
  .refine((date) => !isIsoDate(date) || daysBetween(utcDateOf(new Date()), date) <= MAX_DAYS_AHEAD, 'The date is more than a year in the future');

export const metricKeySchema = z
  .string({ error: 'Enter a key' })
  .trim()
  .min(1, 'Enter a key')
  .max(64, 'A key has at most 64 characters')
  .regex(/^[a-z0-9_]*$/, 'Use lowercase letters, digits and _ (e.g. paid_signups)');

const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

const editableFields = {
  name: z.string({ error: 'Enter a name' }).trim().min(1, 'Enter a name').max(120, 'A name has at most 120 characters'),
  description: z.string().trim().max(2000, 'A description has at most 2,000 characters').default(''),
  unit: z.enum(measureUnits, { error: 'Choose a unit' }),
  // Checked against the unit below: only currency metrics keep one.
  currencyCode: z.preprocess(emptyToNull, z.string().trim().toUpperCase().nullish()),
  aggregation: z.enum(aggregations, { error: 'Choose how values combine' }),
  frequency: z.enum(frequencies, { error: 'Choose a frequency' }),
  ownerId: z.preprocess(emptyToNull, z.uuid('Choose a member of this organization').nullish()).transform((v) => v ?? null),
};

type Editable = { unit: MeasureUnit; currencyCode?: string | null };

/** Currency metrics need an ISO 4217 code; for any other unit a code is dropped, not an error. */
function withCurrency<T extends Editable>(schema: z.ZodType<T>) {
  return schema
    .superRefine((value, ctx) => {
      if (value.unit !== 'currency') return;
      if (!value.currencyCode) ctx.addIssue({ code: 'custom', path: ['currencyCode'], message: 'Enter the currency, e.g. EUR' });
      else if (!/^[A-Z]{3}$/.test(value.currencyCode)) {
        ctx.addIssue({ code: 'custom', path: ['currencyCode'], message: 'Use a three-letter currency code such as EUR or USD' });
      }
    })
    .transform((value) => ({ ...value, currencyCode: value.unit === 'currency' ? (value.currencyCode ?? null) : null }));
}

export const createMetricSchema = withCurrency(z.object({ key: metricKeySchema, ...editableFields }));

/** No key: formulas, CSV files and the API refer to it, so it never changes (extra fields are dropped). */
export const updateMetricSchema = withCurrency(z.object({ metricId: z.uuid('Choose a metric'), ...editableFields }));

export const recordMeasurementSchema = z.object({
  metricId: z.uuid('Choose a metric'),
  date: measurementDateSchema,
  value: finiteNumber,
  note: z.preprocess(
    emptyToNull,
    z.string().trim().max(NOTE_MAX_LENGTH, `A note has at most ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters`).nullish(),
  ).transform((v) => v ?? null),
});

export type CreateMetricInput = z.output<typeof createMetricSchema>;
export type UpdateMetricInput = z.output<typeof updateMetricSchema>;
export type RecordMeasurementInput = z.output<typeof recordMeasurementSchema>;
