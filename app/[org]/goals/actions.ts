'use server';

import { orgAction } from '@/lib/actions';
import { goalActions } from '@/lib/goals/actions';

export const createGoalAction = orgAction(goalActions.create);
export const updateGoalAction = orgAction(goalActions.update);
