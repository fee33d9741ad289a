import { and, asc, desc, eq } from 'drizzle-orm';
import { anyOf } from '@/db/any-of';
import type { TenantTx } from '@/db';
import { checkIns, metrics, orgUnits, users } from '@/db/schema';
import { isWatermelon } from '@/lib/check-ins/rules';
import { getGoalProgress, type GoalProgress } from '@/lib/goals/progress';
import { listGoals } from '@/lib/goals/queries';
import { budgetMeter, type BudgetMeter } from '@/lib/kpis/view';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import { periodLabel, type IsoDate } from '@/lib/periods';
import { parseScorePeriodKey, scorePeriodLabel, type ScorecardPeriod } from '@/lib/results/periods';
import { scorecardCsv } from './csv';
import { getOrgScorecard, type OrgScorecardKpi, type OrgScorecardUnit, type ScorecardOrganization, type ScorecardUnit } from './org-scorecard';

export type ScorecardPageKpi = OrgScorecardKpi & {
  unitName: string;
  /** Off track while the owner's latest check-in for the period says on track (lib/check-ins/rules isWatermelon). */
  watermelon: { comment: string; author: string | null } | null;
};
export type ScorecardPageUnit = OrgScorecardUnit & {
  /** Score change since the previous period; null unless both have a score. */
  change: number | null;
  /** Active KPIs in the unit's subtree. */
  kpiCount: number;
};
export type ScorecardPageGoal = {
  id: string;
  title: string;
  dueDate: string;
  outcome: {
    kpiId: string;
    kpiName: string;
    measure: OrgScorecardKpi['measure'];
    progress: GoalProgress;
  } | null;
};
export type OverdueMetric = { id: string; name: string; ownerName: string | null; due: string };

/** Everything one scorecard page shows, as plain JSON (the live refresh route answers the same). */
export type ScorecardPage = {
  unit: ScorecardUnit;
  /** Company first, ending with the unit: the breadcrumb. */
  path: ScorecardUnit[];
  period: { key: string; label: string; kind: ScorecardPeriod['kind'] };
  /** The trend's periods, oldest first, with their labels. */
  periods: { key: string; label: string }[];
  rollup: ScorecardPageUnit;
  /** The unit's own active KPIs. */
  kpis: ScorecardPageKpi[];
  /** The unit's direct child units. */
  children: ScorecardPageUnit[];
  /** Across the unit's whole subtree. */
  movers: ScorecardPageKpi[];
  red: ScorecardPageKpi[];
  /** At-risk KPIs of the subtree, lowest score first: the amber ones close behind the red. */
  atRisk: ScorecardPageKpi[];
  stale: ScorecardPageKpi[];
  /** On the company scorecard, every metric owing a value (KPI or not); elsewhere empty. */
  overdueMetrics: OverdueMetric[];
  goals: ScorecardPageGoal[];
  budget: BudgetMeter;
  kpiCount: number;
  /** When the server computed it, ISO time. */
  computedAt: string;
};

/**
 * A unit's scorecard page (issue 7): the engine's subtree scorecard plus the
 * breadcrumb, the unit's goals with progress and pace, its vital-few budget
 * and, on the company scorecard, the overdue metrics no KPI shows. A fixed
 * number of queries: units, the engine, goals, goal results, and staleness.
 * Null for a unit that is not this organization's or is archived.
 */
export async function getScorecardPage(
  tx: TenantTx,
  organization: ScorecardOrganization,
  options: { unitId?: string; period: ScorecardPeriod; today: IsoDate },
): Promise<ScorecardPage | null> {
  const units = await tx
    .select({ id: orgUnits.id, parentId: orgUnits.parentId, name: orgUnits.name, kind: orgUnits.kind, archivedAt: orgUnits.archivedAt })
    .from(orgUnits)
    .where(eq(orgUnits.organizationId, tx.organizationId));
  const byId = new Map(units.map((u) => [u.id, u]));
  const target = options.unitId ? byId.get(options.unitId) : units.find((u) => u.parentId === null);
  if (!target || target.archivedAt) return null;

  const isCompany = target.parentId === null;
  const [card, goals, overdue] = await Promise.all([
    getOrgScorecard(tx, organization, { unitId: target.id, period: options.period, today: options.today, movers: 5 }),
    listGoals(tx, { unitIds: [target.id] }),
    isCompany ? listOverdueMetrics(tx, organization, options.today) : Promise.resolve([]),
  ]);
  if (!card) return null;

  // Only a live outcome KPI gives a pace everyone may see (a draft may be hidden from the viewer).
  const measured = goals.flatMap((g) =>
    g.outcomeKpi?.id && g.outcomeKpi.direction && g.outcomeKpi.state === 'active' ? [{ ...g, outcomeKpi: { id: g.outcomeKpi.id, direction: g.outcomeKpi.direction } }] : [],
  );
  const progress = await getGoalProgress(tx, organization, measured, options.today);

  const watermelons = await listWatermelons(tx, card.red, options.period.key);
  const unitName = new Map(card.units.map((u) => [u.unit.id, u.unit.name]));
  const withUnit = (k: OrgScorecardKpi): ScorecardPageKpi => ({ ...k, unitName: unitName.get(k.unitId) ?? '', watermelon: watermelons.get(k.id) ?? null });
  const childrenOf = new Map<string, string[]>();
  for (const u of card.units) if (u.parentId) childrenOf.set(u.parentId, [...(childrenOf.get(u.parentId) ?? []), u.unit.id]);
  const ownCount = new Map<string, number>();
  for (const k of card.kpis) ownCount.set(k.unitId, (ownCount.get(k.unitId) ?? 0) + 1);
  const subtreeCount = (id: string): number => (ownCount.get(id) ?? 0) + (childrenOf.get(id) ?? []).reduce((s, c) => s + subtreeCount(c), 0);
  const pageUnit = (u: OrgScorecardUnit): ScorecardPageUnit => {
    const [before, now] = u.trend.slice(-2).map((t) => t.score);
    return { ...u, change: now != null && before != null ? now - before : null, kpiCount: subtreeCount(u.unit.id) };
  };

  const path: ScorecardUnit[] = [];
  for (let u: typeof target | undefined = target; u; u = u.parentId ? byId.get(u.parentId) : undefined) path.unshift({ id: u.id, name: u.name, kind: u.kind });

  const ownKpis = card.kpis.filter((k) => k.unitId === card.unit.id);
  const goalTitle = new Map(goals.map((g) => [g.id, g.title]));
  return {
    unit: card.unit,
    path,
    period: { key: options.period.key, label: scorePeriodLabel(options.period, organization), kind: options.period.kind },
    periods: card.periods.map((key) => ({ key, label: scorePeriodLabel(parseScorePeriodKey(key, organization), organization) })),
    rollup: pageUnit(card.units[0]!),
    kpis: ownKpis.map(withUnit),
    children: card.units.filter((u) => u.parentId === card.unit.id).map(pageUnit),
    movers: card.movers.map(withUnit),
    red: card.red.map(withUnit),
    atRisk: card.kpis
      .filter((k) => k.status === 'at_risk')
      .sort((a, b) => a.score! - b.score!)
      .map(withUnit),
    stale: card.stale.map(withUnit),
    overdueMetrics: overdue,
    goals: goals.map((g) => {
      const p = progress.get(g.id);
      return {
        id: g.id,
        title: g.title,
        dueDate: g.dueDate,
        outcome:
          p && g.outcomeKpi?.id && g.outcomeKpi.name && g.outcomeKpi.unit
            ? { kpiId: g.outcomeKpi.id, kpiName: g.outcomeKpi.name, measure: { unit: g.outcomeKpi.unit, currencyCode: g.outcomeKpi.currencyCode }, progress: p }
            : null,
      };
    }),
    budget: budgetMeter(card.unit, ownKpis.map((k) => ({ goalId: k.goalId, goalTitle: k.goalId ? (goalTitle.get(k.goalId) ?? null) : null })), organization.policy.vitalFew),
    kpiCount: card.kpis.length,
    computedAt: new Date().toISOString(),
  };
}

/** The off-track KPIs whose owner's latest check-in for the period says on track, in one query. */
async function listWatermelons(tx: TenantTx, red: readonly OrgScorecardKpi[], periodKey: string) {
  const found = new Map<string, { comment: string; author: string | null }>();
  if (red.length === 0) return found;
  const latest = await tx
    .selectDistinctOn([checkIns.kpiId], { kpiId: checkIns.kpiId, confidence: checkIns.confidence, comment: checkIns.comment, author: users.name })
    .from(checkIns)
    .leftJoin(users, eq(users.id, checkIns.createdBy))
    .where(and(eq(checkIns.organizationId, tx.organizationId), eq(checkIns.periodKey, periodKey), anyOf(checkIns.kpiId, red.map((k) => k.id))))
    .orderBy(checkIns.kpiId, desc(checkIns.createdAt));
  for (const c of latest) if (isWatermelon(c.confidence, 'off_track')) found.set(c.kpiId, { comment: c.comment, author: c.author });
  return found;
}

/** Every metric owing a value today, with its owner, in two queries. */
async function listOverdueMetrics(tx: TenantTx, organization: ScorecardOrganization, today: IsoDate): Promise<OverdueMetric[]> {
  const staleness = await getMetricStaleness(tx, organization, today);
  const overdue = [...staleness.values()].filter((s) => s.overdue);
  if (overdue.length === 0) return [];
  const rows = await tx
    .select({ id: metrics.id, name: metrics.name, ownerName: users.name })
    .from(metrics)
    .leftJoin(users, eq(users.id, metrics.ownerId))
    .where(and(eq(metrics.organizationId, tx.organizationId), anyOf(metrics.id, overdue.map((s) => s.metricId))))
    .orderBy(asc(metrics.name));
  return rows.map((r) => ({ ...r, due: periodLabel(staleness.get(r.id)!.due, organization) }));
}

/**
 * The CSV export of a unit's scorecard (./csv): every unit and KPI of its
 * subtree, with the unit path from the company. Null as getScorecardPage.
 */
export async function getScorecardCsv(
  tx: TenantTx,
  organization: ScorecardOrganization,
  options: { unitId: string; period: ScorecardPeriod; today: IsoDate },
): Promise<{ unitName: string; csv: string } | null> {
  const units = await tx
    .select({ id: orgUnits.id, parentId: orgUnits.parentId, name: orgUnits.name, archivedAt: orgUnits.archivedAt })
    .from(orgUnits)
    .where(eq(orgUnits.organizationId, tx.organizationId));
  const byId = new Map(units.map((u) => [u.id, u]));
  const target = byId.get(options.unitId);
  if (!target || target.archivedAt) return null;
  const card = await getOrgScorecard(tx, organization, { unitId: target.id, period: options.period, today: options.today });
  if (!card) return null;
  const ancestors: string[] = [];
  for (let u = target.parentId ? byId.get(target.parentId) : undefined; u; u = u.parentId ? byId.get(u.parentId) : undefined) ancestors.unshift(u.name);
  return { unitName: target.name, csv: scorecardCsv(card, ancestors) };
}
