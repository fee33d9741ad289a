import { z } from 'zod';

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
});

export type OrganizationSettingsInput = z.infer<typeof organizationSettingsSchema>;
