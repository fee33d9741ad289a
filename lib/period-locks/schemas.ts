import { z } from 'zod';
import { periodKindOfKey } from '@/lib/periods';

const KEY_HINT = 'Enter a period such as 2026-10 (month), 2026-Q3 (quarter), 2026 (fiscal year) or 2026-W40 (week)';

/** A period key; whether it exists in the organization's fiscal calendar is checked by the mutation, which knows the calendar. */
export const periodKeySchema = z
  .string({ error: KEY_HINT })
  .trim()
  .toUpperCase()
  .refine((key) => periodKindOfKey(key) !== null, { message: KEY_HINT });

export const lockPeriodSchema = z.object({ periodKey: periodKeySchema });
export const unlockPeriodSchema = z.object({ periodKey: periodKeySchema });

export type LockPeriodInput = z.infer<typeof lockPeriodSchema>;
export type UnlockPeriodInput = z.infer<typeof unlockPeriodSchema>;
