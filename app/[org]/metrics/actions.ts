'use server';

import { orgAction } from '@/lib/actions';
import { metricActions } from '@/lib/metrics/actions';

export const createMetricAction = orgAction(metricActions.create);
export const updateMetricAction = orgAction(metricActions.update);
export const recordMeasurementAction = orgAction(metricActions.record);
