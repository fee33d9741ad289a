import type { TenantTx } from '@/db';
import { defineOrgAction } from '@/lib/action-runner';
import { createMetric, recordMeasurement, updateMetric } from './mutations';
import { getMetricAccess } from './queries';
import { createMetricSchema, recordMeasurementSchema, updateMetricSchema } from './schemas';

// The runner asks for the unit and the owner separately; one parsed input is one lookup.
const accessByInput = new WeakMap<object, ReturnType<typeof getMetricAccess>>();
function accessOf(input: { metricId: string }, tx: TenantTx) {
  let access = accessByInput.get(input);
  if (!access) {
    access = getMetricAccess(tx, input.metricId);
    accessByInput.set(input, access);
  }
  return access;
}

/** The metric actions as data: app/[org]/metrics/actions.ts wraps them, tests drive them directly. */
export const metricActions = {
  create: defineOrgAction({
    permission: 'metrics.create',
    schema: createMetricSchema,
    run: (ctx, input) => createMetric(ctx, input),
  }),
  update: defineOrgAction({
    permission: 'metrics.update',
    schema: updateMetricSchema,
    owner: async (input, tx) => (await accessOf(input, tx)).ownerId,
    run: (ctx, input) => updateMetric(ctx, input),
  }),
  record: defineOrgAction({
    permission: 'measurements.record',
    schema: recordMeasurementSchema,
    unit: async (input, tx) => (await accessOf(input, tx)).unitIds,
    owner: async (input, tx) => (await accessOf(input, tx)).ownerId,
    run: (ctx, input) => recordMeasurement(ctx, input),
  }),
};
