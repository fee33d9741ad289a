import { z } from 'zod';
import { timeZoneSchema } from './settings-schemas';

export const organizationNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the organization’s name')
  .max(200, 'An organization name has at most 200 characters');

export const organizationSettingsSchema = z.object({
  name: organizationNameSchema,
  fiscalYearStartMonth: z.coerce
    .number({ error: 'Choose the month your fiscal year starts' })
    .int('Choose the month your fiscal year starts')
    .min(1, 'Choose a month from January to December')
    .max(12, 'Choose a month from January to December'),
  /** Optional so callers that only rename keep the zone as it is. */
  timeZone: timeZoneSchema.optional(),
});

export type OrganizationSettingsInput = z.infer<typeof organizationSettingsSchema>;

const bounded = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${label}` })
    .refine(Number.isFinite, `Enter ${label}`)
    .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} is at least ${min}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} is at most ${max}`);
const limit = (label: string) => bounded(label, 1, 100).int('Enter a whole number');

/** The score and vital-few settings of product.md §3, edited as one group. */
export const scoringPolicySchema = z
  .object({
    scoreCap: bounded('the score cap', 1, 10),
    green: bounded('the on-track threshold', 0, 10),
    amber: bounded('the at-risk threshold', 0, 10),
    vitalFewMode: z.enum(['warn', 'block'], { error: 'Choose warn or block' }),
    vitalFewCompany: limit('the company limit'),
    vitalFewDepartment: limit('the department limit'),
    vitalFewTeamPerGoal: limit('the team limit'),
    // An empty field is a missing value, not 0 (which z.coerce would make of it).
    overdueGraceDays: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      bounded('the number of grace days', 0, 90).int('Enter a whole number of days'),
    ),
  })
  .refine((p) => p.amber <= p.green, { message: 'The at-risk threshold must not exceed the on-track one', path: ['amber'] });

export type ScoringPolicyInput = z.infer<typeof scoringPolicySchema>;
