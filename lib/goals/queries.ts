import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TenantTx } from '@/db';
import { goals, kpis, memberships, orgUnits, users } from '@/db/schema';
import { buildGoalTree, type GoalTreeNode } from './tree';

const parent = alias(goals, 'parent_goal');

const goalColumns = {
  id: goals.id,
  unitId: goals.unitId,
  unitName: orgUnits.name,
  unitKind: orgUnits.kind,
  unitArchivedAt: orgUnits.archivedAt,
  parentGoalId: goals.parentGoalId,
  parentTitle: parent.title,
  title: goals.title,
  description: goals.description,
  ownerId: goals.ownerId,
  ownerName: users.name,
  startDate: goals.startDate,
  dueDate: goals.dueDate,
  outcomeKpiId: goals.outcomeKpiId,
  outcomeTarget: goals.outcomeTarget,
  /** What a page needs to show the outcome and to decide whether the viewer may see it (a draft may be hidden). */
  outcomeKpi: {
    id: kpis.id,
    name: kpis.name,
    unitId: kpis.unitId,
    unit: kpis.unit,
    currencyCode: kpis.currencyCode,
    direction: kpis.direction,
    state: kpis.state,
    ownerId: kpis.ownerId,
    createdBy: kpis.createdBy,
  },
  createdAt: goals.createdAt,
  updatedAt: goals.updatedAt,
};

export type GoalRow = Awaited<ReturnType<typeof listGoals>>[number];

/**
 * Goals with their unit, owner, parent title and outcome KPI, in one query,
 * company goals first, then departments, then teams.
 */
export async function listGoals(
  tx: TenantTx,
  filter: { unitIds?: readonly string[]; ids?: readonly string[]; parentGoalIds?: readonly string[] } = {},
) {
  if ([filter.unitIds, filter.ids, filter.parentGoalIds].some((list) => list?.length === 0)) return [];
  const conditions: SQL[] = [eq(goals.organizationId, tx.organizationId)];
  if (filter.unitIds) conditions.push(inArray(goals.unitId, [...filter.unitIds]));
  if (filter.ids) conditions.push(inArray(goals.id, [...filter.ids]));
  if (filter.parentGoalIds) conditions.push(inArray(goals.parentGoalId, [...filter.parentGoalIds]));
  return tx
    .select(goalColumns)
    .from(goals)
    .innerJoin(orgUnits, and(eq(orgUnits.organizationId, goals.organizationId), eq(orgUnits.id, goals.unitId)))
    .leftJoin(parent, and(eq(parent.organizationId, goals.organizationId), eq(parent.id, goals.parentGoalId)))
    .leftJoin(memberships, and(eq(memberships.organizationId, goals.organizationId), eq(memberships.userId, goals.ownerId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .leftJoin(kpis, and(eq(kpis.organizationId, goals.organizationId), eq(kpis.id, goals.outcomeKpiId)))
    .where(and(...conditions))
    .orderBy(asc(orgUnits.kind), asc(orgUnits.name), asc(goals.dueDate), asc(goals.title), asc(goals.id));
}

/** One goal of this organization, or null (another organization's id reads as missing). */
export async function getGoal(tx: TenantTx, goalId: string): Promise<GoalRow | null> {
  const [goal] = await listGoals(tx, { ids: [goalId] });
  return goal ?? null;
}

export type GoalTree = GoalTreeNode<GoalRow>[];

/**
 * The alignment tree: company goals, the department goals aligned to them,
 * the team goals below those. With `unitIds`, only those units' goals; one
 * whose parent is left out shows at the top. One query.
 */
export async function listGoalTree(tx: TenantTx, filter: { unitIds?: readonly string[] } = {}): Promise<GoalTree> {
  return buildGoalTree(await listGoals(tx, filter));
}
