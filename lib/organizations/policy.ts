import { z } from 'zod';

/**
 * An organization's policy settings (product.md §3–§4), stored as one JSON
 * column and always read through this schema, so missing keys take the
 * defaults the seeds suggest.
 */
export const organizationPolicySchema = z.object({
  /** Scores are clamped to [0, scoreCap]. */
  scoreCap: z.number().min(1).max(10).default(1.2),
  /** Status bands: on track at score ≥ green, at risk at ≥ amber, off track below. */
  statusThresholds: z
    .object({ green: z.number().min(0).max(10), amber: z.number().min(0).max(10) })
    .refine((t) => t.amber <= t.green, { message: 'The amber threshold must not exceed the green one', path: ['amber'] })
    .default({ green: 1, amber: 0.9 }),
  consensus: z.enum(['unanimous', 'majority']).default('unanimous'),
  allowSelfApproval: z.boolean().default(false),
  vitalFew: z
    .object({
      mode: z.enum(['warn', 'block']),
      company: z.number().int().min(1).max(100),
      department: z.number().int().min(1).max(100),
      teamPerGoal: z.number().int().min(1).max(100),
    })
    .default({ mode: 'warn', company: 5, department: 10, teamPerGoal: 2 }),
  /** A metric is overdue this many days after the end of a period with no value for it. */
  overdueGraceDays: z.number().int().min(0).max(90).default(3),
});

export type OrganizationPolicy = z.infer<typeof organizationPolicySchema>;

export function readPolicy(stored: unknown): OrganizationPolicy {
  return organizationPolicySchema.parse(stored ?? {});
}
