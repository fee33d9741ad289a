'use server';

import { orgAction } from '@/lib/actions';
import { kpiActions } from '@/lib/kpis/actions';

export const createKpiAction = orgAction(kpiActions.create);
export const updateKpiAction = orgAction(kpiActions.update);
export const setKpiTargetsAction = orgAction(kpiActions.setTargets);
export const deleteKpiAction = orgAction(kpiActions.delete);
