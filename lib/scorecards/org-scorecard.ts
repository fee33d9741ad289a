import { and, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { kpiLinks, kpiMetrics, kpis, metrics, orgUnits } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { evaluateFormula, parseStoredFormula } from '@/lib/formula';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import { lastCompletedPeriod, shiftPeriod, type FiscalCalendar, type IsoDate, type Period } from '@/lib/periods';
import { coverage, kpiScore, rollupActual, statusOf, targetOf, unitScore, type Status, type Target } from '@/lib/scoring';
import { getMetricPeriodValues } from './metric-period-values';

export type ScorecardUnit = { id: string; name: string; kind: 'company' | 'department' | 'team' };
export type ScorecardPoint = { period: string; actual: number | null; target: Target | null; score: number | null };
export type ScorecardRollup = { score: number | null; status: Status; coverage: number | null };

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
  actual: number | null;
  target: Target | null;
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
  period?: Period;
  today: IsoDate;
  trendLength?: number;
  /** How many movers to list (default 10). */
  movers?: number;
};

type Definition = {
  id: string;
  unitId: string;
  goalId: string | null;
  name: string;
  unit: OrgScorecardKpi['measure']['unit'];
  currencyCode: string | null;
  frequency: OrgScorecardKpi['frequency'];
  weight: number;
  state: string;
  direction: 'up' | 'down' | 'within';
  source: 'formula' | 'rollup';
  formula: string | null;
  rollupMethod: 'sum' | 'average' | 'weighted_average' | 'min' | 'max' | null;
  baselineValue: number | null;
  statusThresholds: { green: number; amber: number } | null;
};

/**
 * The organization-wide scorecard engine (issue 7): for a unit subtree and a
 * period, every active KPI's actual, target, score, status, staleness and
 * trailing trend; every unit's rolled-up score, status, coverage and score
 * trend (product.md §3); the biggest movers, the red list and the stale list.
 *
 * A constant number of queries whatever the size of the organization: units,
 * KPI definitions, roll-up links and metric references (in parallel), then
 * targets, metric values per period (combined by the database from the
 * per-month aggregates it keeps on write, metric_months) and every metric's
 * staleness (in parallel): seven. Everything else, the staleness closure
 * over roll-ups included, is computed in memory.
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
  const periods = Array.from({ length: trendLength }, (_, i) => shiftPeriod(period, i - trendLength + 1, organization));

  const [units, definitions, links, references] = await Promise.all([
    tx
      .select({ id: orgUnits.id, parentId: orgUnits.parentId, kind: orgUnits.kind, name: orgUnits.name, weight: orgUnits.weight, archivedAt: orgUnits.archivedAt })
      .from(orgUnits)
      .where(eq(orgUnits.organizationId, org)),
    tx
      .select({
        id: kpis.id,
        unitId: kpis.unitId,
        goalId: kpis.goalId,
        name: kpis.name,
        unit: kpis.unit,
        currencyCode: kpis.currencyCode,
        frequency: kpis.frequency,
        weight: kpis.weight,
        state: kpis.state,
        direction: kpis.direction,
        source: kpis.source,
        formula: kpis.formula,
        rollupMethod: kpis.rollupMethod,
        baselineValue: kpis.baselineValue,
        statusThresholds: kpis.statusThresholds,
      })
      .from(kpis)
      .where(eq(kpis.organizationId, org))
      .orderBy(kpis.name, kpis.id),
    tx
      .select({ parentKpiId: kpiLinks.parentKpiId, childKpiId: kpiLinks.childKpiId, weight: kpiLinks.weight })
      .from(kpiLinks)
      .where(eq(kpiLinks.organizationId, org)),
    tx
      .select({ kpiId: kpiMetrics.kpiId, metricId: metrics.id, key: metrics.key })
      .from(kpiMetrics)
      .innerJoin(metrics, and(eq(metrics.organizationId, kpiMetrics.organizationId), eq(metrics.id, kpiMetrics.metricId)))
      .where(eq(kpiMetrics.organizationId, org)),
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

  const definitionById = new Map<string, Definition>(definitions.map((d) => [d.id, d]));
  const activeOf = groupBy(
    definitions.filter((d) => d.state === 'active'),
    (d) => d.unitId,
  );
  const active = subtree.flatMap((u) => activeOf.get(u.id) ?? []);
  const linksByParent = groupBy(links, (l) => l.parentKpiId);
  const referencesByKpi = groupBy(references, (r) => r.kpiId);

  // The metrics the active KPIs use, directly or through the KPIs they roll up from.
  const used = new Set<string>();
  const seen = new Set<string>();
  const reach = (kpiId: string) => {
    if (seen.has(kpiId)) return;
    seen.add(kpiId);
    for (const r of referencesByKpi.get(kpiId) ?? []) used.add(r.metricId);
    for (const l of linksByParent.get(kpiId) ?? []) reach(l.childKpiId);
  };
  for (const k of active) reach(k.id);

  const activeIds = active.map((k) => k.id);
  const [targets, values, staleness] = await Promise.all([
    getTargets(tx, activeIds, periods.map((p) => p.key)),
    getMetricPeriodValues(tx, [...used], periods),
    getMetricStaleness(tx, organization, today),
  ]);
  // A KPI is stale when a metric it uses, directly or through the KPIs it rolls up from, is overdue
  // (lib/kpis/staleness-queries): the links and references are already here, so the closure is walked in memory.
  const staleKpis = new Map<string, boolean>();
  const isStale = (kpiId: string): boolean => {
    if (staleKpis.has(kpiId)) return staleKpis.get(kpiId)!;
    staleKpis.set(kpiId, false); // a cycle (never stored, but never looped on either) adds nothing
    const stale =
      (referencesByKpi.get(kpiId) ?? []).some((r) => staleness.get(r.metricId)?.overdue) ||
      (linksByParent.get(kpiId) ?? []).some((l) => isStale(l.childKpiId));
    staleKpis.set(kpiId, stale);
    return stale;
  };
  const targetByKey = new Map(targets.map(([kpiId, periodKey, value, low, high]) => [`${kpiId}|${periodKey}`, targetOf({ value, low, high })]));

  const astOf = (d: Definition) => (d.formula ? parseStoredFormula(d.formula) : null);
  const actuals = new Map<string, number | null>();
  const computing = new Set<string>();
  const actualOf = (kpiId: string, periodKey: string): number | null => {
    const memo = `${kpiId}|${periodKey}`;
    if (actuals.has(memo)) return actuals.get(memo)!;
    const d = definitionById.get(kpiId);
    if (!d || computing.has(memo)) return null;
    computing.add(memo);
    let actual: number | null = null;
    if (d.source === 'formula') {
      // A Map, not an object: thousands of distinct metric keys as property names made every lookup slow.
      const inputs = new Map<string, number | null>();
      for (const ref of referencesByKpi.get(kpiId) ?? []) inputs.set(ref.key, values.get(`${ref.metricId}|${periodKey}`) ?? null);
      const ast = astOf(d);
      actual = ast ? evaluateFormula(ast, inputs) : null;
    } else if (d.rollupMethod) {
      const contributions = (linksByParent.get(kpiId) ?? []).map((l) => ({ actual: actualOf(l.childKpiId, periodKey), weight: l.weight }));
      actual = rollupActual(d.rollupMethod, contributions);
    }
    computing.delete(memo);
    actuals.set(memo, actual);
    return actual;
  };

  const cap = organization.policy.scoreCap;
  const kpiRows: OrgScorecardKpi[] = active.map((d) => {
    const thresholds = d.statusThresholds ?? organization.policy.statusThresholds;
    const trend = periods.map((p) => {
      const actual = actualOf(d.id, p.key);
      const target = targetByKey.get(`${d.id}|${p.key}`) ?? null;
      return { period: p.key, actual, target, score: kpiScore({ direction: d.direction, actual, target, baseline: d.baselineValue, cap }) };
    });
    const now = trend[trend.length - 1]!;
    const before = trend[trend.length - 2]!;
    return {
      id: d.id,
      name: d.name,
      unitId: d.unitId,
      goalId: d.goalId,
      weight: d.weight,
      measure: { unit: d.unit, currencyCode: d.currencyCode },
      direction: d.direction,
      frequency: d.frequency,
      actual: now.actual,
      target: now.target,
      score: now.score,
      status: statusOf(now.score, thresholds),
      stale: isStale(d.id),
      trend,
      change: now.score !== null && before.score !== null ? now.score - before.score : null,
    };
  });
  const rowsOfUnit = groupBy(kpiRows, (k) => k.unitId);

  // Roll-up of every unit for every trailing period, children before parents (post-order).
  type Rolled = { score: number | null; coverage: number | null; hasData: boolean[] };
  const rolled = new Map<string, Rolled[]>();
  const rollUp = (unitId: string): Rolled[] => {
    const own = rowsOfUnit.get(unitId) ?? [];
    const children = (childrenOf.get(unitId) ?? []).map((c) => ({ weight: c.weight, rolled: rollUp(c.id) }));
    const perPeriod = periods.map((_, i) => {
      const kpiEntries = own.map((k) => ({ score: k.trend[i]!.score, weight: k.weight, hasData: k.trend[i]!.actual !== null }));
      const hasData = [...kpiEntries.map((e) => e.hasData), ...children.flatMap((c) => c.rolled[i]!.hasData)];
      const score = unitScore(kpiEntries, children.map((c) => ({ score: c.rolled[i]!.score, weight: c.weight })));
      return { score, coverage: coverage(hasData.map((x) => ({ hasData: x }))), hasData };
    });
    rolled.set(unitId, perPeriod);
    return perPeriod;
  };
  rollUp(root.id);

  const thresholds = organization.policy.statusThresholds;
  const unitRows: OrgScorecardUnit[] = subtree.map((u) => {
    const trend = rolled.get(u.id)!;
    const now = trend[trend.length - 1]!;
    return {
      unit: { id: u.id, name: u.name, kind: u.kind },
      parentId: u.parentId,
      weight: u.weight,
      score: now.score,
      status: statusOf(now.score, thresholds),
      coverage: now.coverage,
      trend: trend.map((t, i) => ({ period: periods[i]!.key, score: t.score, coverage: t.coverage })),
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


type TargetTuple = [kpiId: string, periodKey: string, value: number | null, low: number | null, high: number | null];

/**
 * The KPIs' targets for the periods, as one JSON value: a 5,000-KPI
 * organization has 60,000 of them over twelve periods, and decoding that many
 * rows one by one cost more than the query.
 */
async function getTargets(tx: TenantTx, kpiIds: readonly string[], periodKeys: readonly string[]): Promise<TargetTuple[]> {
  if (kpiIds.length === 0) return [];
  const [row] = rowsOf<{ data: TargetTuple[] | string | null }>(
    await tx.execute(sql`
      select json_agg(json_build_array(t.kpi_id, t.period_key, t.value, t.low, t.high)) as data
      from kpi_targets t
      where t.organization_id = ${tx.organizationId} and t.kpi_id = any(${`{${kpiIds.join(',')}}`}::uuid[])
        and t.period_key = any(${`{${periodKeys.map((k) => `"${k}"`).join(',')}}`}::text[])`),
  );
  return typeof row?.data === 'string' ? (JSON.parse(row.data) as TargetTuple[]) : (row?.data ?? []);
}
