import type { TenantTx } from '@/db';
import { defineOrgAction } from '@/lib/action-runner';
import { recordCheckIn } from './mutations';
import { getKpiCheckInAccess } from './queries';
import { checkInSchema } from './schemas';

// The runner asks for the unit and the owner separately; one parsed input is one lookup.
const accessByInput = new WeakMap<object, ReturnType<typeof getKpiCheckInAccess>>();
function accessOf(input: { kpiId: string }, tx: TenantTx) {
  let access = accessByInput.get(input);
  if (!access) {
    access = getKpiCheckInAccess(tx, input.kpiId);
    accessByInput.set(input, access);
  }
  return access;
}

/** Check-in actions as data: app/[org]/kpis/[kpiId]/check-in-actions.ts wraps them, tests drive them directly. */
export const checkInActions = {
  record: defineOrgAction({
    permission: 'kpis.check_in',
    schema: checkInSchema,
    // The KPI's unit: its heads and the heads above it may check in.
    unit: async (input, tx) => (await accessOf(input, tx)).unitId,
    owner: async (input, tx) => (await accessOf(input, tx)).ownerId,
    run: (ctx, input) => recordCheckIn(ctx, input),
  }),
};
