import { z } from 'zod';
import { finiteNumber } from '@/lib/metrics/schemas';
import { confidences } from './rules';

export const COMMENT_MAX_LENGTH = 2000;
/** Form fields for values are named `values.<metricId>`; errors come back under the same name. */
export const valueFieldName = (metricId: string) => `values.${metricId}`;

/**
 * A form posts flat fields; gather `values.<metricId>` into one object and
 * drop the empty ones: an empty field keeps the stored value as it is.
 */
function gatherValues(raw: unknown) {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const input = raw as Record<string, unknown>;
  const values: Record<string, unknown> = typeof input.values === 'object' && input.values ? { ...(input.values as object) } : {};
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith('values.')) values[key.slice('values.'.length)] = value;
  }
  for (const [key, value] of Object.entries(values)) {
    if (value == null || (typeof value === 'string' && value.trim() === '')) delete values[key];
  }
  return { ...input, values };
}

export const checkInSchema = z.preprocess(
  gatherValues,
  z.object({
    kpiId: z.uuid('Choose a KPI'),
    periodKey: z.string({ error: 'Choose a period' }).trim().min(1, 'Choose a period').max(16, 'Choose a period'),
    confidence: z.enum(confidences, { error: 'Choose how confident you are: on track, at risk or off track' }),
    comment: z
      .string()
      .trim()
      .max(COMMENT_MAX_LENGTH, `A comment has at most ${COMMENT_MAX_LENGTH.toLocaleString('en')} characters`)
      .default(''),
    values: z.record(z.uuid('Unknown metric'), finiteNumber).default({}),
  }),
);
export type CheckInInput = z.output<typeof checkInSchema>;
