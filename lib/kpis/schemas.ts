import { z } from 'zod';
import { FORMULA_MAX_LENGTH } from '@/lib/formula';
import { finiteNumber, optionalFiniteNumber } from '@/lib/metrics/schemas';
import { targetRollups } from '@/lib/scoring/target-rollup';

export const measureUnits = ['count', 'currency', 'percent', 'ratio', 'duration'] as const;
export const directions = ['up', 'down', 'within'] as const;
export const kpiFrequencies = ['week', 'month', 'quarter', 'year'] as const;
export const indicators = ['leading', 'lagging'] as const;
export const horizons = ['operational', 'strategic'] as const;
export const rollupMethods = ['sum', 'average', 'weighted_average', 'min', 'max'] as const;

/** Optional form fields arrive as ''; they mean "none". */
const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);
const optionalId = (message: string) => z.preprocess(blankToNull, z.uuid(message).nullable()).default(null);
const optionalNumber = optionalFiniteNumber;
const isoDate = z.iso.date('Enter a date as YYYY-MM-DD');

const weight = finiteNumber.refine((n) => n > 0, 'The weight must be above 0').refine((n) => n <= 100, 'The weight is at most 100');

/** Contributors of a roll-up KPI: a JSON list from the form, or an array from code. */
const contributors = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    if (value.trim() === '') return [];
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  },
  z
    .array(z.object({ kpiId: z.uuid('Choose a KPI'), weight: weight.default(1) }), { error: 'Choose the contributing KPIs' })
    .max(200, 'A roll-up has at most 200 contributors'),
);

/**
 * A KPI's definition: what a draft holds now, and what a proposal will carry
 * when the approval workflow arrives. One schema for both, so a proposal is
 * exactly "a definition waiting to become live".
 */
export const kpiDefinitionSchema = z
  .object({
    unitId: z.uuid('Choose a unit'),
    goalId: optionalId('Choose a goal'),
    name: z.string().trim().min(1, 'Enter a name').max(160, 'A name has at most 160 characters'),
    description: z.string().trim().max(4000, 'A description has at most 4,000 characters').default(''),
    ownerId: optionalId('Choose an owner'),
    unit: z.enum(measureUnits, { error: 'Choose a unit of measure' }),
    currencyCode: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toUpperCase() || null : value),
      z.string().regex(/^[A-Z]{3}$/, 'Enter a three-letter currency code such as EUR').nullable().default(null),
    ),
    direction: z.enum(directions, { error: 'Choose whether higher, lower or within a band is better' }),
    frequency: z.enum(kpiFrequencies, { error: 'Choose how often it is reviewed' }),
    indicator: z.enum(indicators, { error: 'Choose leading or lagging' }),
    horizon: z.enum(horizons, { error: 'Choose operational or strategic' }),
    baselineValue: optionalNumber.default(null),
    baselineDate: z.preprocess(blankToNull, isoDate.nullable()).default(null),
    weight: optionalFiniteNumber
      .refine((n) => n === null || n > 0, 'The weight must be above 0')
      .refine((n) => n === null || n <= 100, 'The weight is at most 100')
      .transform((n) => n ?? 1)
      .default(1),
    source: z.enum(['formula', 'rollup'], { error: 'Choose a formula or a roll-up' }),
    formula: z.preprocess(blankToNull, z.string().max(FORMULA_MAX_LENGTH, `A formula has at most ${FORMULA_MAX_LENGTH} characters`).nullable()).default(null),
    rollupMethod: z.preprocess(blankToNull, z.enum(rollupMethods, { error: 'Choose how contributors combine' }).nullable()).default(null),
    contributors: contributors.default([]),
    /**
     * How its targets make a longer period's target; '' or absent is null,
     * "Automatic" (inferred). Proposals stored before the field existed read as null.
     */
    targetRollup: z.preprocess(blankToNull, z.enum(targetRollups, { error: 'Choose how targets combine over longer periods' }).nullable()).default(null),
    /** Per-KPI status bands; both empty uses the organization's. */
    greenAt: optionalNumber.default(null),
    amberAt: optionalNumber.default(null),
  })
  .superRefine((d, issue) => {
    const at = (path: string, message: string) => issue.addIssue({ code: 'custom', path: [path], message });
    if (d.unit === 'currency' && !d.currencyCode) at('currencyCode', 'Enter the currency code, e.g. EUR');
    if (d.source === 'formula' && !d.formula) at('formula', 'Enter a formula, e.g. {paid_signups} / {visitors} * 100');
    if (d.source === 'rollup') {
      if (!d.rollupMethod) at('rollupMethod', 'Choose how the contributing KPIs combine');
      if (d.contributors.length === 0) at('contributors', 'Choose at least one contributing KPI');
      if (new Set(d.contributors.map((c) => c.kpiId)).size !== d.contributors.length) at('contributors', 'Each KPI contributes once');
    }
    if (d.baselineDate && d.baselineValue === null) at('baselineValue', 'Enter the baseline value for that date');
    if ((d.greenAt === null) !== (d.amberAt === null)) at(d.greenAt === null ? 'greenAt' : 'amberAt', 'Set both thresholds, or neither');
    if (d.greenAt !== null && d.amberAt !== null && d.amberAt > d.greenAt) at('amberAt', 'The at-risk threshold must not exceed the on-track one');
  })
  .transform((d) => ({
    ...d,
    currencyCode: d.unit === 'currency' ? d.currencyCode : null,
    formula: d.source === 'formula' ? d.formula : null,
    rollupMethod: d.source === 'rollup' ? d.rollupMethod : null,
    contributors: d.source === 'rollup' ? d.contributors : [],
  }));

export type KpiDefinition = z.output<typeof kpiDefinitionSchema>;

/**
 * A definition as stored in a proposal (jsonb), with the fields added since it
 * was written filled in: it was checked when saved, so it is read, not re-validated.
 */
export function storedDefinition(stored: unknown): KpiDefinition {
  const definition = stored as KpiDefinition;
  return { ...definition, targetRollup: definition.targetRollup ?? null };
}

export const createKpiSchema = kpiDefinitionSchema;

/** Editing a draft: the version the editor saw, so a concurrent edit is caught instead of overwritten. */
export const updateKpiSchema = z.intersection(
  z.object({ kpiId: z.uuid('Not found'), version: z.coerce.number().int().positive() }),
  kpiDefinitionSchema,
);

const targetCell = z.object({
  periodKey: z.string().trim().min(1, 'Choose a period').max(16, 'Not a period'),
  value: optionalNumber.default(null),
  low: optionalNumber.default(null),
  high: optionalNumber.default(null),
});

/**
 * A grid of targets for a KPI. Each listed period is set to its cell, and a
 * blank cell clears that period's target.
 */
export const setTargetsSchema = z.object({
  kpiId: z.uuid('Not found'),
  version: z.coerce.number().int().positive(),
  targets: z.preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    },
    z.array(targetCell, { error: 'The targets could not be read' }).max(60, 'At most 60 periods at once'),
  ),
});

export const deleteKpiSchema = z.object({ kpiId: z.uuid('Not found'), version: z.coerce.number().int().positive() });
