import { and, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { goals, kpis, memberships, orgUnits } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import { can, type UnitParents } from '@/lib/permissions';
import { getUnitParents } from '@/lib/units/queries';
import type { CreateGoalInput, UpdateGoalInput } from './schemas';
import { isStrictAncestorUnit, wouldCreateCycle } from './tree';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit'>;
type GoalRecord = typeof goals.$inferSelect;

const notFound = (field: string, message: string) => new ExpectedError(message, { [field]: [message] }, 'not_found');

/** The goal as stored, or "not found" for a missing goal or another organization's. */
export async function getGoalRecord(tx: TenantTx, goalId: string): Promise<GoalRecord> {
  const [goal] = await tx
    .select()
    .from(goals)
    .where(and(eq(goals.organizationId, tx.organizationId), eq(goals.id, goalId)));
  if (!goal) throw new ExpectedError('This goal does not exist (or no longer does).', undefined, 'not_found');
  return goal;
}

export async function createGoal(ctx: Ctx, input: CreateGoalInput) {
  const { tx, audit } = ctx;
  const parents = await getUnitParents(tx);
  assertMayManage(ctx, [input.unitId], parents);
  await checkReferences(tx, input, parents, null);
  const [goal] = await tx
    .insert(goals)
    .values({ organizationId: tx.organizationId, ...fieldsOf(input) })
    .returning();
  audit({ action: 'goal.create', entityType: 'goal', entityId: goal!.id, unitId: goal!.unitId, after: pick(goal!) });
  return { id: goal!.id, title: goal!.title, unitId: goal!.unitId };
}

export async function updateGoal(ctx: Ctx, input: UpdateGoalInput) {
  const { tx, audit } = ctx;
  const before = await getGoalRecord(tx, input.goalId);
  const parents = await getUnitParents(tx);
  // The runner passes when either unit is theirs; moving a goal needs both.
  assertMayManage(ctx, [before.unitId, input.unitId], parents);
  await checkReferences(tx, input, parents, before);
  const [after] = await tx
    .update(goals)
    .set({ ...fieldsOf(input), updatedAt: sql`now()` })
    .where(and(eq(goals.organizationId, tx.organizationId), eq(goals.id, before.id)))
    .returning();
  audit({ action: 'goal.update', entityType: 'goal', entityId: before.id, unitId: after!.unitId, before: pick(before), after: pick(after!) });
  return { id: after!.id, title: after!.title, unitId: after!.unitId };
}

/** Heads manage goals only inside the units they head: the unit a goal leaves as well as the one it joins. */
function assertMayManage({ actor }: Ctx, unitIds: readonly string[], parents: UnitParents) {
  for (const unitId of new Set(unitIds)) {
    if (!can(actor, 'goals.manage', { unitId, parents })) {
      throw new ExpectedError('You can manage goals only in the units you head.', { unitId: ['Outside the units you head'] }, 'forbidden');
    }
  }
}

/**
 * Everything a goal points at must be this organization's, and the alignment
 * must stay a tree that follows the units: a goal aligns to a goal of a unit
 * above its own.
 */
async function checkReferences(tx: TenantTx, input: CreateGoalInput, parents: UnitParents, existing: GoalRecord | null) {
  const org = tx.organizationId;
  const [[unit], [owner], [kpi], [parentGoal]] = await Promise.all([
    tx
      .select({ id: orgUnits.id, name: orgUnits.name, archivedAt: orgUnits.archivedAt })
      .from(orgUnits)
      .where(and(eq(orgUnits.organizationId, org), eq(orgUnits.id, input.unitId))),
    input.ownerId
      ? tx
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.organizationId, org), eq(memberships.userId, input.ownerId)))
      : [null],
    input.outcomeKpiId
      ? tx
          .select({ id: kpis.id })
          .from(kpis)
          .where(and(eq(kpis.organizationId, org), eq(kpis.id, input.outcomeKpiId)))
      : [null],
    input.parentGoalId
      ? tx
          .select({ id: goals.id, unitId: goals.unitId })
          .from(goals)
          .where(and(eq(goals.organizationId, org), eq(goals.id, input.parentGoalId)))
      : [null],
  ]);

  if (!unit) throw notFound('unitId', 'Choose a unit of this organization');
  // A goal may stay in a unit archived since, but none is added to or moved into one.
  if (unit.archivedAt && existing?.unitId !== unit.id) throw notFound('unitId', 'This unit is archived: choose an active one');
  if (input.ownerId && !owner) throw notFound('ownerId', 'Choose a member of this organization');
  if (input.outcomeKpiId && !kpi) throw notFound('outcomeKpiId', 'Choose a KPI of this organization');
  if (input.parentGoalId && !parentGoal) throw notFound('parentGoalId', 'Choose a goal of this organization');

  if (parentGoal && existing) {
    const all = await tx.select({ id: goals.id, parentGoalId: goals.parentGoalId }).from(goals).where(eq(goals.organizationId, org));
    if (wouldCreateCycle(existing.id, parentGoal.id, all)) {
      throw new ExpectedError('A goal cannot align to itself or to a goal aligned to it.', {
        parentGoalId: ['Choose a goal that is not this one or below it'],
      });
    }
  }
  if (parentGoal && !isStrictAncestorUnit(parentGoal.unitId, unit.id, parents)) {
    const message = `Align to a goal of a unit above ${unit.name}`;
    throw new ExpectedError(message, { parentGoalId: [message] });
  }
  if (existing && existing.unitId !== unit.id) await checkChildrenStayBelow(tx, existing.id, unit, parents);
}

async function checkChildrenStayBelow(tx: TenantTx, goalId: string, unit: { id: string; name: string }, parents: UnitParents) {
  const children = await tx
    .select({ title: goals.title, unitId: goals.unitId, unitName: orgUnits.name })
    .from(goals)
    .innerJoin(orgUnits, and(eq(orgUnits.organizationId, goals.organizationId), eq(orgUnits.id, goals.unitId)))
    .where(and(eq(goals.organizationId, tx.organizationId), eq(goals.parentGoalId, goalId)));
  const stranded = children.filter((child) => !isStrictAncestorUnit(unit.id, child.unitId, parents));
  if (stranded.length > 0) {
    const names = [...new Set(stranded.map((c) => c.unitName))].join(', ');
    throw new ExpectedError(`Goals aligned to this one belong to ${names}, which is not below ${unit.name}.`, {
      unitId: [`Choose a unit above ${names}, or align those goals elsewhere first`],
    });
  }
}

function fieldsOf(input: CreateGoalInput) {
  return {
    unitId: input.unitId,
    parentGoalId: input.parentGoalId,
    title: input.title,
    description: input.description,
    ownerId: input.ownerId,
    startDate: input.startDate,
    dueDate: input.dueDate,
    outcomeKpiId: input.outcomeKpiId,
    outcomeTarget: input.outcomeKpiId ? input.outcomeTarget : null,
  };
}

function pick(goal: GoalRecord) {
  return {
    unitId: goal.unitId,
    parentGoalId: goal.parentGoalId,
    title: goal.title,
    description: goal.description,
    ownerId: goal.ownerId,
    startDate: goal.startDate,
    dueDate: goal.dueDate,
    outcomeKpiId: goal.outcomeKpiId,
    outcomeTarget: goal.outcomeTarget,
  };
}
