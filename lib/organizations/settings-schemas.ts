import { z } from 'zod';

/** Every IANA zone this runtime knows, plus UTC (which Intl lists under Etc/ names only on some versions). */
export const timeZones: readonly string[] = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].sort();
const known = new Set(timeZones);

export const timeZoneSchema = z
  .string({ error: 'Choose a time zone' })
  .trim()
  .min(1, 'Choose a time zone')
  .refine((zone) => known.has(zone), 'Choose a time zone from the list, like Europe/Berlin or America/New_York');

export const slugInputSchema = z.object({
  slug: z
    .string({ error: 'Enter the web address' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter the web address')
    .max(48, 'A web address has at most 48 characters'),
});

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

export const approvalPolicySchema = z.object({
  consensus: z.enum(['unanimous', 'majority'], { error: 'Choose unanimous or majority' }),
  allowSelfApproval: checkbox,
});

export type ApprovalPolicyInput = z.infer<typeof approvalPolicySchema>;
