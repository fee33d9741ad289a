import { defineOrgAction } from '@/lib/action-runner';
import { archiveUnit, createUnit, moveUnit, setUnitPerson, updateUnit } from './mutations';
import { archiveUnitSchema, createUnitSchema, moveUnitSchema, setUnitPersonSchema, updateUnitSchema } from './schemas';

/** The unit actions as data: app/[org]/units/actions.ts wraps them, tests drive them directly. */
export const unitActions = {
  create: defineOrgAction({
    permission: 'units.manage',
    schema: createUnitSchema,
    unit: (input) => input.parentId,
    run: (ctx, input) => createUnit(ctx, input),
  }),
  update: defineOrgAction({
    permission: 'units.manage',
    schema: updateUnitSchema,
    unit: (input) => input.unitId,
    run: (ctx, input) => updateUnit(ctx, input),
  }),
  move: defineOrgAction({
    permission: 'units.manage',
    schema: moveUnitSchema,
    unit: (input) => input.unitId,
    run: (ctx, input) => moveUnit(ctx, input),
  }),
  archive: defineOrgAction({
    permission: 'units.manage',
    schema: archiveUnitSchema,
    unit: (input) => input.unitId,
    run: (ctx, input) => archiveUnit(ctx, input),
  }),
  setPerson: defineOrgAction({
    permission: 'units.manage',
    schema: setUnitPersonSchema,
    unit: (input) => input.unitId,
    run: (ctx, input) => setUnitPerson(ctx, input),
  }),
};
