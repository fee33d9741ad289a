import { defineOrgAction } from '@/lib/action-runner';
import { createKpi, deleteKpiDraft, getKpiUnitId, setKpiTargets, updateKpi } from './mutations';
import { createKpiSchema, deleteKpiSchema, setTargetsSchema, updateKpiSchema } from './schemas';

/** The KPI actions as data: app/[org]/kpis/actions.ts wraps them, tests drive them directly. */
export const kpiActions = {
  create: defineOrgAction({
    permission: 'kpis.draft',
    schema: createKpiSchema,
    unit: (input) => input.unitId,
    run: (ctx, input) => createKpi(ctx, input),
  }),
  update: defineOrgAction({
    permission: 'kpis.draft',
    schema: updateKpiSchema,
    // Where it is now; updateKpi checks the destination of a move the same way.
    unit: (input, tx) => getKpiUnitId(tx, input.kpiId),
    run: (ctx, input) => updateKpi(ctx, input),
  }),
  setTargets: defineOrgAction({
    permission: 'kpis.draft',
    schema: setTargetsSchema,
    unit: (input, tx) => getKpiUnitId(tx, input.kpiId),
    run: (ctx, input) => setKpiTargets(ctx, input),
  }),
  delete: defineOrgAction({
    permission: 'kpis.draft',
    schema: deleteKpiSchema,
    unit: (input, tx) => getKpiUnitId(tx, input.kpiId),
    run: (ctx, input) => deleteKpiDraft(ctx, input),
  }),
};
