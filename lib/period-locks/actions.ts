import { defineOrgAction } from '@/lib/action-runner';
import { lockPeriod, unlockPeriod } from './mutations';
import { lockPeriodSchema, unlockPeriodSchema } from './schemas';

/** The period lock actions as data: app/[org]/settings/periods/actions.ts wraps them, tests drive them directly. */
export const periodLockActions = {
  lock: defineOrgAction({ permission: 'periods.lock', schema: lockPeriodSchema, run: (ctx, input) => lockPeriod(ctx, input) }),
  unlock: defineOrgAction({ permission: 'periods.lock', schema: unlockPeriodSchema, run: (ctx, input) => unlockPeriod(ctx, input) }),
};
