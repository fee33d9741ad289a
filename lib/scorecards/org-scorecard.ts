import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { orgUnits } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import { lastCompletedPeriod, type FiscalCalendar, type IsoDate } from '@/lib/periods';
import type { TargetDerivation } from '@/lib/results/engine';
import { loadKpiDefinitions } from '@/lib/results/load';
import { refreshResults } from '@/lib/results/maintain';
import { shiftScorePeriod, type ScorecardPeriod } from '@/lib/results/periods';
import { countsAt, readKpiResults, readUnitResults, storedResult } from '@/lib/results/store';
import type { Status, Target } from '@/lib/scoring';

export type ScorecardUnit = { id: string; name: string; kind: 'company' | 'department' | 'team' };
export type ScorecardPoint = { period: string; counted: boolean; actual: number | null; target: Target | null; score: number | null };
export type ScorecardRollup = {
  score: number | null;
  status: Status;
  coverage: number | null;
  /** KPIs of the subtree scored at this kind of period, and how many of them have a score. */
  counted: number;
  covered: number;
};

export type OrgScorecardKpi = {
  id: string;
  name: string;
  unitId: string;
  goalId: string | null;
  weight: number;
  /** Unit of measure, for formatting the actual and target. */
  measure: { unit: 'count' | 'currency' | 'percent' | 'ratio' | 'duration'; currencyCode: string | null };
  direction: 'up' | 'down' | 'within';
  frequency: 'week' | 'month' | 'quarter' | 'year';
  /** False when the period is finer than its frequency ("reviewed quarterly"): no score, not in coverage. */
  counted: boolean;
  actual: number | null;
  target: Target | null;
  /** Set when the period's target is derived from the KPI's own-frequency targets (or would be, but one is missing). */
  derivation: TargetDerivation | null;
  score: number | null;
  status: Status;
  /** A metric it uses, directly or through the KPIs it rolls up from, is overdue. */
  stale: boolean;
  /** The trailing periods, oldest first, ending with the scorecard's period. */
  trend: ScorecardPoint[];
  /** Score change since the previous period; null unless both have a score. */
  change: number | null;
};

export type OrgScorecardUnit = ScorecardRollup & {
  unit: ScorecardUnit;
  parentId: string | null;
  weight: number;
  /** Rolled-up score over the trailing periods, oldest first (same periods as the KPI trends). */
  trend: { period: string; score: number | null; coverage: number | null }[];
};

export type OrgScorecard = {
  /** The subtree's root. */
  unit: ScorecardUnit;
  period: string;
  /** The trailing period keys, oldest first, ending with `period`. */
  periods: string[];
  /** The root and every active unit below it, root first, parents before children. */
  units: OrgScorecardUnit[];
  /** Every active KPI of the subtree, in unit order. */
  kpis: OrgScorecardKpi[];
  /** KPIs whose score changed most since the previous period, largest change first. */
  movers: OrgScorecardKpi[];
  /** Off-track KPIs, lowest score first. */
  red: OrgScorecardKpi[];
  /** KPIs fed by an overdue metric. */
  stale: OrgScorecardKpi[];
};

export type ScorecardOrganization = FiscalCalendar & { policy: OrganizationPolicy };
export type ScorecardOptions = {
  /** Without it, the company unit. */
  unitId?: string;
  /** Without it, the last completed month. */
  period?: ScorecardPeriod;
  today: IsoDate;
  trendLength?: number;
  /** How many movers to list (default 10). */
  movers?: number;
};

/**
 * The organization-wide scorecard (issue 7, issue 15): for a unit subtree and
 * a period (week, month, quarter, fiscal year or year to date), every active
 * KPI's actual, target, score, status, staleness and trailing trend; every
 * unit's rolled-up score, status, coverage and score trend (product.md §3);
 * the biggest movers, the red list and the stale list. The numbers are read
 * from the results store (lib/results), brought up to date first; a constant
 * number of queries whatever the size of the organization: units, KPI
 * definitions and staleness, then the stored KPI and unit results.
 * Returns null for a unit that is not this organization's.
 */
export async function getOrgScorecard(
  tx: TenantTx,
  organization: ScorecardOrganization,
  options: ScorecardOptions,
): Promise<OrgScorecard | null> {
  const org = tx.organizationId;
  const today = options.today;
  const period = options.period ?? lastCompletedPeriod('month', today, organization);
  const trendLength = Math.max(2, options.trendLength ?? 12);
  const periods = Array.from({ length: trendLength }, (_, i) => shiftScorePeriod(period, i - trendLength + 1, organization));

  await refreshResults(tx, today);
  const [units, definitions, staleness] = await Promise.all([
    tx
      .select({ id: orgUnits.id, parentId: orgUnits.parentId, kind: orgUnits.kind, name: orgUnits.name, weight: orgUnits.weight, archivedAt: orgUnits.archivedAt })
      .from(orgUnits)
      .where(eq(orgUnits.organizationId, org)),
    loadKpiDefinitions(tx, 'all'),
    getMetricStaleness(tx, organization, today),
  ]);
  const root = options.unitId ? units.find((u) => u.id === options.unitId) : units.find((u) => u.parentId === null);
  if (!root) return null;

  const childrenOf = groupBy(
    units.filter((u) => !u.archivedAt),
    (u) => u.parentId ?? '',
  );
  const subtree: typeof units = [];
  const walk = (u: (typeof units)[number]) => {
    subtree.push(u);
    for (const child of childrenOf.get(u.id) ?? []) walk(child);
  };
  walk(root);

  const kpis = new Map(definitions.map((d) => [d.id, d]));
  const activeOf = groupBy(
    definitions.filter((d) => d.state === 'active'),
    (d) => d.unitId,
  );
  const active = subtree.flatMap((u) => activeOf.get(u.id) ?? []);
  const keys = periods.map((p) => p.key);
  const [kpiResults, unitResults] = await Promise.all([
    readKpiResults(
      tx,
      active.map((k) => k.id),
      keys,
    ),
    readUnitResults(
      tx,
      subtree.map((u) => u.id),
      keys,
    ),
  ]);

  // A KPI is stale when a metric it uses, directly or through the KPIs it rolls up from, is overdue.
  const staleKpis = new Map<string, boolean>();
  const isStale = (kpiId: string): boolean => {
    if (staleKpis.has(kpiId)) return staleKpis.get(kpiId)!;
    staleKpis.set(kpiId, false); // a cycle (never stored, but never looped on either) adds nothing
    const kpi = kpis.get(kpiId);
    const stale = !!kpi && (kpi.references.some((r) => staleness.get(r.metricId)?.overdue) || kpi.links.some((l) => isStale(l.childKpiId)));
    staleKpis.set(kpiId, stale);
    return stale;
  };

  const kpiRows: OrgScorecardKpi[] = active.map((d) => {
    const results = periods.map((p) => storedResult(kpiResults.get(`${d.id}|${p.key}`), countsAt(d.frequency, p, today, organization)));
    const trend = results.map((r, i) => ({ period: periods[i]!.key, counted: r.counted, actual: r.actual, target: r.target, score: r.score }));
    const now = results[results.length - 1]!;
    const before = results[results.length - 2]!;
    return {
      id: d.id,
      name: d.name,
      unitId: d.unitId,
      goalId: d.goalId,
      weight: d.weight,
      measure: d.measure,
      direction: d.direction,
      frequency: d.frequency,
      counted: now.counted,
      actual: now.actual,
      target: now.target,
      derivation: now.derivation,
      score: now.score,
      status: now.status,
      stale: isStale(d.id),
      trend,
      change: now.score !== null && before.score !== null ? now.score - before.score : null,
    };
  });

  // Every unit's stored roll-up for every trailing period; how many KPIs it counts follows from the tree.
  const countedOf = new Map<string, number[]>();
  const countIn = (u: (typeof units)[number]): number[] => {
    const own = activeOf.get(u.id) ?? [];
    const counts = periods.map((p) => own.filter((k) => countsAt(k.frequency, p, today, organization)).length);
    for (const child of childrenOf.get(u.id) ?? []) countIn(child).forEach((n, i) => (counts[i]! += n));
    countedOf.set(u.id, counts);
    return counts;
  };
  countIn(root);
  const rolled = periods.map((p, i) => {
    const byUnit = new Map<string, { score: number | null; status: Status; coverage: number | null; counted: number; covered: number }>();
    for (const u of subtree) {
      const stored = unitResults.get(`${u.id}|${p.key}`);
      const counted = countedOf.get(u.id)![i]!;
      const covered = stored?.covered ?? 0;
      byUnit.set(u.id, { score: stored?.score ?? null, status: stored?.status ?? 'no_data', counted, covered, coverage: counted ? covered / counted : null });
    }
    return byUnit;
  });
  const unitRows: OrgScorecardUnit[] = subtree.map((u) => {
    const now = rolled[rolled.length - 1]!.get(u.id)!;
    return {
      unit: { id: u.id, name: u.name, kind: u.kind },
      parentId: u.parentId,
      weight: u.weight,
      score: now.score,
      status: now.status,
      coverage: now.coverage,
      counted: now.counted,
      covered: now.covered,
      trend: rolled.map((r, i) => ({ period: periods[i]!.key, score: r.get(u.id)!.score, coverage: r.get(u.id)!.coverage })),
    };
  });

  return {
    unit: { id: root.id, name: root.name, kind: root.kind },
    period: period.key,
    periods: periods.map((p) => p.key),
    units: unitRows,
    kpis: kpiRows,
    movers: kpiRows
      .filter((k) => k.change !== null && k.change !== 0)
      .sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!))
      .slice(0, options.movers ?? 10),
    red: kpiRows.filter((k) => k.status === 'off_track').sort((a, b) => a.score! - b.score!),
    stale: kpiRows.filter((k) => k.stale),
  };
}
