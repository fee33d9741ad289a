'use server';

import { orgAction } from '@/lib/actions';
import { archiveUnit, createUnit, moveUnit, setUnitPerson, updateUnit } from '@/lib/units/mutations';
import { archiveUnitSchema, createUnitSchema, moveUnitSchema, setUnitPersonSchema, updateUnitSchema } from '@/lib/units/schemas';

export const createUnitAction = orgAction({
  permission: 'units.manage',
  schema: createUnitSchema,
  unit: (input) => input.parentId,
  run: (ctx, input) => createUnit(ctx, input),
});

export const updateUnitAction = orgAction({
  permission: 'units.manage',
  schema: updateUnitSchema,
  unit: (input) => input.unitId,
  run: (ctx, input) => updateUnit(ctx, input),
});

export const moveUnitAction = orgAction({
  permission: 'units.manage',
  schema: moveUnitSchema,
  unit: (input) => input.unitId,
  run: (ctx, input) => moveUnit(ctx, input),
});

export const archiveUnitAction = orgAction({
  permission: 'units.manage',
  schema: archiveUnitSchema,
  unit: (input) => input.unitId,
  run: (ctx, input) => archiveUnit(ctx, input),
});

export const setUnitPersonAction = orgAction({
  permission: 'units.manage',
  schema: setUnitPersonSchema,
  unit: (input) => input.unitId,
  run: (ctx, input) => setUnitPerson(ctx, input),
});
