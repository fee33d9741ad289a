import { z } from 'zod';
import { optionalFiniteNumber } from '@/lib/metrics/schemas';
import { isIsoDate } from '@/lib/periods';

/** Optional selects and inputs arrive as ''; they mean "none". */
const blankToNull = (value: unknown) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value);
const optionalId = (message: string) => z.preprocess(blankToNull, z.uuid(message).nullable());
const isoDate = (message: string) => z.string(message).trim().refine(isIsoDate, message);

const fields = {
  unitId: z.uuid('Choose a unit'),
  title: z.string('Enter a title').trim().min(1, 'Enter a title').max(200, 'A title has at most 200 characters'),
  description: z.preprocess(
    (value) => value ?? '',
    z.string().trim().max(4000, 'A description has at most 4,000 characters'),
  ),
  ownerId: optionalId('Choose an owner'),
  startDate: isoDate('Enter the start date as YYYY-MM-DD'),
  dueDate: isoDate('Enter the due date as YYYY-MM-DD'),
  parentGoalId: optionalId('Choose a goal to align to'),
  outcomeKpiId: optionalId('Choose a KPI'),
  // A missing key is blank too (optionalFiniteNumber alone would call it missing).
  outcomeTarget: z.preprocess((value) => value ?? null, optionalFiniteNumber),
};

type GoalFields = { startDate: string; dueDate: string; outcomeKpiId: string | null; outcomeTarget: number | null };

const fieldsValid =
  (...names: (keyof GoalFields)[]) =>
  (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => names.includes(issue.path?.[0] as keyof GoalFields));

/**
 * Rules across fields, checked even when other fields failed so the person
 * sees every problem at once.
 */
function withGoalRules<S extends z.ZodType<GoalFields>>(schema: S) {
  return schema
    .refine((goal) => goal.dueDate >= goal.startDate, {
      message: 'The due date cannot be before the start date',
      path: ['dueDate'],
      when: fieldsValid('startDate', 'dueDate'),
    })
    .refine((goal) => goal.outcomeKpiId === null || goal.outcomeTarget !== null, {
      message: 'Enter the value the KPI should reach',
      path: ['outcomeTarget'],
      when: fieldsValid('outcomeKpiId', 'outcomeTarget'),
    })
    .refine((goal) => goal.outcomeTarget === null || goal.outcomeKpiId !== null, {
      message: 'Choose the KPI this target is for',
      path: ['outcomeKpiId'],
      when: fieldsValid('outcomeKpiId', 'outcomeTarget'),
    });
}

export const createGoalSchema = withGoalRules(z.object(fields));
export const updateGoalSchema = withGoalRules(z.object({ goalId: z.uuid('Choose a goal'), ...fields }));

export type CreateGoalInput = z.output<typeof createGoalSchema>;
export type UpdateGoalInput = z.output<typeof updateGoalSchema>;
