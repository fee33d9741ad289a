import { defineOrgAction } from '@/lib/action-runner';
import { createGoal, getGoalRecord, updateGoal } from './mutations';
import { createGoalSchema, updateGoalSchema } from './schemas';

/** The goal actions as data: app/[org]/goals/actions.ts wraps them, tests drive them directly. */
export const goalActions = {
  create: defineOrgAction({
    permission: 'goals.manage',
    schema: createGoalSchema,
    unit: (input) => input.unitId,
    run: (ctx, input) => createGoal(ctx, input),
  }),
  update: defineOrgAction({
    permission: 'goals.manage',
    schema: updateGoalSchema,
    // The unit it is in and the one it goes to; updateGoal requires both to be the head's.
    unit: async (input, tx) => [(await getGoalRecord(tx, input.goalId)).unitId, input.unitId],
    run: (ctx, input) => updateGoal(ctx, input),
  }),
};
