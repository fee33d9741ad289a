'use server';

import { orgAction } from '@/lib/actions';
import { unitActions } from '@/lib/units/actions';

export const createUnitAction = orgAction(unitActions.create);
export const updateUnitAction = orgAction(unitActions.update);
export const moveUnitAction = orgAction(unitActions.move);
export const archiveUnitAction = orgAction(unitActions.archive);
export const setUnitPersonAction = orgAction(unitActions.setPerson);
