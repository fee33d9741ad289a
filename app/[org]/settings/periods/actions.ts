'use server';

import { orgAction } from '@/lib/actions';
import { periodLockActions } from '@/lib/period-locks/actions';

export const lockPeriodAction = orgAction(periodLockActions.lock);
export const unlockPeriodAction = orgAction(periodLockActions.unlock);
