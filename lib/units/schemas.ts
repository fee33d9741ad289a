import { z } from 'zod';

export const unitNameSchema = z.string().trim().min(1, 'Enter a name').max(120, 'A unit name has at most 120 characters');
const unitId = z.uuid('Choose a unit');

export const createUnitSchema = z.object({ parentId: unitId, name: unitNameSchema });

export const updateUnitSchema = z.object({
  unitId,
  name: unitNameSchema,
  weight: z.coerce
    .number({ error: 'Enter a number' })
    .refine(Number.isFinite, 'Enter a number')
    .gt(0, 'The weight must be above 0')
    .max(100, 'The weight is at most 100'),
});

export const moveUnitSchema = z.object({ unitId, parentId: z.uuid('Choose where to move it') });

export const archiveUnitSchema = z.object({ unitId });

/** Assign someone to a unit as head or member, or (role "none") take them off it. */
export const setUnitPersonSchema = z.object({
  unitId,
  userId: z.uuid('Choose a person'),
  role: z.enum(['head', 'member', 'none'], { error: 'Choose head, member or none' }),
});
