import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TenantTx } from '@/db';
import { anyOf } from '@/db/any-of';
import { goals, kpiLinks, kpiMetrics, kpis, kpiTargets, memberships, metrics, orgUnits, users } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { ExpectedError } from '@/lib/errors';

export type KpiState = (typeof kpis.state.enumValues)[number];

const summaryColumns = {
  id: kpis.id,
  unitId: kpis.unitId,
  unitName: orgUnits.name,
  unitKind: orgUnits.kind,
  goalId: kpis.goalId,
  goalTitle: goals.title,
  name: kpis.name,
  description: kpis.description,
  ownerId: kpis.ownerId,
  ownerName: users.name,
  unit: kpis.unit,
  currencyCode: kpis.currencyCode,
  direction: kpis.direction,
  frequency: kpis.frequency,
  indicator: kpis.indicator,
  horizon: kpis.horizon,
  weight: kpis.weight,
  source: kpis.source,
  state: kpis.state,
  createdBy: kpis.createdBy,
  baselineValue: kpis.baselineValue,
  baselineDate: kpis.baselineDate,
  version: kpis.version,
};

/** KPIs with their unit, goal and owner names, in one query. Callers filter drafts with canSeeKpi. */
export async function listKpis(
  tx: TenantTx,
  filter: { unitIds?: readonly string[]; goalIds?: readonly string[]; ids?: readonly string[]; states?: readonly KpiState[] } = {},
) {
  const conditions: SQL[] = [eq(kpis.organizationId, tx.organizationId)];
  if (filter.unitIds) conditions.push(inArray(kpis.unitId, [...filter.unitIds]));
  if (filter.goalIds) conditions.push(inArray(kpis.goalId, [...filter.goalIds]));
  if (filter.ids) conditions.push(inArray(kpis.id, [...filter.ids]));
  if (filter.states) conditions.push(inArray(kpis.state, [...filter.states]));
  const empty = [filter.unitIds, filter.goalIds, filter.ids, filter.states].some((list) => list?.length === 0);
  if (empty) return [];
  return tx
    .select(summaryColumns)
    .from(kpis)
    .innerJoin(orgUnits, and(eq(orgUnits.organizationId, kpis.organizationId), eq(orgUnits.id, kpis.unitId)))
    .leftJoin(goals, and(eq(goals.organizationId, kpis.organizationId), eq(goals.id, kpis.goalId)))
    .leftJoin(memberships, and(eq(memberships.organizationId, kpis.organizationId), eq(memberships.userId, kpis.ownerId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(and(...conditions))
    .orderBy(asc(orgUnits.name), asc(kpis.name));
}

export type KpiSummary = Awaited<ReturnType<typeof listKpis>>[number];

/** One KPI with everything its page needs: definition, contributors, what it rolls into, metrics and targets (five queries). */
export async function getKpiDetail(tx: TenantTx, kpiId: string) {
  const [summary] = await listKpis(tx, { ids: [kpiId] });
  if (!summary) throw new ExpectedError('This KPI does not exist (or no longer does).', undefined, 'not_found');
  const child = alias(kpis, 'child');
  const parent = alias(kpis, 'parent');
  const [[definition], contributors, rollsInto, referenced, targets] = await Promise.all([
    tx
      .select({ formula: kpis.formula, rollupMethod: kpis.rollupMethod, targetRollup: kpis.targetRollup, statusThresholds: kpis.statusThresholds, createdAt: kpis.createdAt, updatedAt: kpis.updatedAt })
      .from(kpis)
      .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpiId))),
    tx
      .select({ kpiId: child.id, name: child.name, unit: child.unit, unitId: child.unitId, state: child.state, ownerId: child.ownerId, createdBy: child.createdBy, weight: kpiLinks.weight })
      .from(kpiLinks)
      .innerJoin(child, and(eq(child.organizationId, kpiLinks.organizationId), eq(child.id, kpiLinks.childKpiId)))
      .where(and(eq(kpiLinks.organizationId, tx.organizationId), eq(kpiLinks.parentKpiId, kpiId)))
      .orderBy(asc(child.name)),
    tx
      .select({ kpiId: parent.id, name: parent.name, state: parent.state, unitId: parent.unitId, ownerId: parent.ownerId, createdBy: parent.createdBy })
      .from(kpiLinks)
      .innerJoin(parent, and(eq(parent.organizationId, kpiLinks.organizationId), eq(parent.id, kpiLinks.parentKpiId)))
      .where(and(eq(kpiLinks.organizationId, tx.organizationId), eq(kpiLinks.childKpiId, kpiId)))
      .orderBy(asc(parent.name)),
    tx
      .select({ id: metrics.id, key: metrics.key, name: metrics.name, unit: metrics.unit, currencyCode: metrics.currencyCode, aggregation: metrics.aggregation, frequency: metrics.frequency })
      .from(kpiMetrics)
      .innerJoin(metrics, and(eq(metrics.organizationId, kpiMetrics.organizationId), eq(metrics.id, kpiMetrics.metricId)))
      .where(and(eq(kpiMetrics.organizationId, tx.organizationId), eq(kpiMetrics.kpiId, kpiId)))
      .orderBy(asc(metrics.key)),
    listTargets(tx, [kpiId]),
  ]);
  return { ...summary, ...definition!, contributors, rollsInto, metrics: referenced, targets };
}

export type KpiDetail = Awaited<ReturnType<typeof getKpiDetail>>;

export type TargetRow = { kpiId: string; periodKey: string; value: number | null; low: number | null; high: number | null };

/** Targets of the given KPIs, all periods or only the given period keys. */
export async function listTargets(tx: TenantTx, kpiIds: readonly string[], periodKeys?: readonly string[]): Promise<TargetRow[]> {
  if (kpiIds.length === 0 || periodKeys?.length === 0) return [];
  const conditions = [eq(kpiTargets.organizationId, tx.organizationId), anyOf(kpiTargets.kpiId, kpiIds)];
  if (periodKeys) conditions.push(inArray(kpiTargets.periodKey, [...periodKeys]));
  return tx
    .select({ kpiId: kpiTargets.kpiId, periodKey: kpiTargets.periodKey, value: kpiTargets.value, low: kpiTargets.low, high: kpiTargets.high })
    .from(kpiTargets)
    .where(and(...conditions))
    .orderBy(asc(kpiTargets.periodKey));
}

/** All roll-up links of the organization, for cycle checks (one query; links are few per KPI). */
export async function listRollupLinks(tx: TenantTx) {
  return tx
    .select({ parentKpiId: kpiLinks.parentKpiId, childKpiId: kpiLinks.childKpiId, weight: kpiLinks.weight })
    .from(kpiLinks)
    .where(eq(kpiLinks.organizationId, tx.organizationId));
}

/** How many live and draft KPIs each unit and each (unit, goal) has, for the vital-few budget. */
export async function countKpisForBudget(tx: TenantTx, states: readonly KpiState[] = ['active']) {
  const rows = await tx
    .select({ unitId: kpis.unitId, goalId: kpis.goalId, state: kpis.state })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), inArray(kpis.state, [...states])));
  const byUnit = groupBy(rows, (r) => r.unitId);
  return {
    perUnit: (unitId: string) => byUnit.get(unitId)?.length ?? 0,
    perGoal: (unitId: string, goalId: string | null) => (byUnit.get(unitId) ?? []).filter((r) => r.goalId === goalId).length,
  };
}
