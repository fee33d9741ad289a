import { groupBy } from '@/lib/collections';
import { evaluateFormula, type FormulaNode } from '@/lib/formula';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import type { FiscalCalendar, IsoDate, PeriodKind } from '@/lib/periods';
import {
  deriveTarget,
  kpiScore,
  rollupActual,
  statusOf,
  unitScore,
  type Direction,
  type RollupMethod,
  type Status,
  type StatusThresholds,
  type Target,
  type TargetRollup,
} from '@/lib/scoring';
import { isCountedAt, measuredRange, ownPeriodsWithin, type ScorePeriod } from './periods';

/*
 * The one scoring engine (issue 15, product.md §3): a KPI's actual, target,
 * score and status for any period it is counted at, and a unit's roll-up. It is
 * pure: lib/results/load.ts reads what it needs in a constant number of
 * queries. Every reader and the explanation use it, so there is one score rule
 * and one way to make a coarser period's actual and target.
 */

export type EngineKpi = {
  id: string;
  unitId: string;
  state: 'draft' | 'active' | 'retired';
  frequency: PeriodKind;
  direction: Direction;
  weight: number;
  source: 'formula' | 'rollup';
  /** The parsed formula; null for a roll-up or a formula that no longer parses. */
  ast: FormulaNode | null;
  rollupMethod: RollupMethod | null;
  baselineValue: number | null;
  statusThresholds: StatusThresholds | null;
  /** The effective target roll-up over time (the owner's, or the inferred one). */
  targetRollup: TargetRollup;
  references: { metricId: string; key: string }[];
  links: { childKpiId: string; weight: number }[];
};

/** How a coarser period's target came about when no explicit target was set. */
export type TargetDerivation = {
  /** How many own-frequency periods the period holds (so far, for a year to date). */
  count: number;
  /** Those of them without a target, oldest first: then there is no derived target. */
  missing: string[];
};

export type KpiResult = {
  /**
   * False at a finer kind than the KPI's frequency ("reviewed quarterly"), or on
   * a year to date before its first period of the year has ended: no score, not in coverage.
   */
  counted: boolean;
  actual: number | null;
  target: Target | null;
  /** Set when the target is (or would have been) derived from own-frequency targets. */
  derivation: TargetDerivation | null;
  score: number | null;
  status: Status;
  /** Formula KPIs: each metric's value combined over the period (null: no value in it), by metric key. */
  inputs?: Record<string, number | null>;
  /** Roll-up KPIs: each contributor's actual and link weight. */
  contributions?: { kpiId: string; actual: number | null; weight: number }[];
};

export type EngineInput = {
  policy: OrganizationPolicy;
  calendar: FiscalCalendar;
  today: IsoDate;
  kpis: ReadonlyMap<string, EngineKpi>;
  /** A metric's value combined over a range (rangeKey), or undefined for none. */
  metricValue: (metricId: string, range: { start: IsoDate; end: IsoDate }) => number | null | undefined;
  /** An explicit target of a KPI for a period key. */
  target: (kpiId: string, periodKey: string) => Target | null | undefined;
};

export const rangeKey = (range: { start: IsoDate; end: IsoDate }) => `${range.start}..${range.end}`;

const notCounted: KpiResult = { counted: false, actual: null, target: null, derivation: null, score: null, status: 'no_data' };

export type ResultsEngine = {
  /** A KPI's full result for a period. */
  result(kpiId: string, period: ScorePeriod): KpiResult;
  /** A KPI's actual for a period (memoised; a roll-up reads its contributors' through here). */
  actual(kpiId: string, period: ScorePeriod): number | null;
};

export function createResultsEngine(input: EngineInput): ResultsEngine {
  const { kpis, calendar, today, policy } = input;
  type Computed = Pick<KpiResult, 'actual' | 'inputs' | 'contributions'>;
  const computed = new Map<string, Computed | null>();
  const computing = new Set<string>();

  /** Null: not counted at this period (or no such KPI). */
  const compute = (kpiId: string, period: ScorePeriod): Computed | null => {
    const memo = `${kpiId}|${period.key}`;
    if (computed.has(memo)) return computed.get(memo)!;
    const kpi = kpis.get(kpiId);
    if (!kpi || !isCountedAt(kpi.frequency, period.kind) || computing.has(memo)) return null;
    // A year to date before the KPI's first period of the year has ended: nothing to count yet.
    const range = measuredRange(kpi.frequency, period, today, calendar);
    if (!range) return null;
    computing.add(memo);
    let result: Computed;
    if (kpi.source === 'formula') {
      const inputs: Record<string, number | null> = {};
      // A Map for the evaluator: thousands of distinct metric keys as object properties made every lookup slow.
      const values = new Map<string, number | null>();
      for (const ref of kpi.references) {
        const value = input.metricValue(ref.metricId, range) ?? null;
        inputs[ref.key] = value;
        values.set(ref.key, value);
      }
      result = { actual: kpi.ast ? evaluateFormula(kpi.ast, values) : null, inputs };
    } else {
      const contributions = kpi.links.map((l) => ({ kpiId: l.childKpiId, actual: compute(l.childKpiId, period)?.actual ?? null, weight: l.weight }));
      result = { actual: kpi.rollupMethod ? rollupActual(kpi.rollupMethod, contributions) : null, contributions };
    }
    computing.delete(memo);
    computed.set(memo, result);
    return result;
  };

  const targetOf = (kpi: EngineKpi, period: ScorePeriod): Pick<KpiResult, 'target' | 'derivation'> => {
    if (period.kind === 'span') return { target: null, derivation: null };
    if (period.kind !== 'ytd') {
      const explicit = input.target(kpi.id, period.key);
      if (explicit) return { target: explicit, derivation: null };
      if (period.kind === kpi.frequency) return { target: null, derivation: null };
    }
    const range = measuredRange(kpi.frequency, period, today, calendar);
    if (!range) return { target: null, derivation: null };
    const parts = ownPeriodsWithin(kpi.frequency, range, calendar).map((p) => ({ key: p.key, target: input.target(kpi.id, p.key) ?? null }));
    const missing = parts.filter((p) => p.target === null).map((p) => p.key);
    const target = parts.length > 0 && missing.length === 0 ? deriveTarget(kpi.targetRollup, parts.map((p) => p.target!)) : null;
    return { target, derivation: { count: parts.length, missing } };
  };

  return {
    actual: (kpiId, period) => compute(kpiId, period)?.actual ?? null,
    result(kpiId, period) {
      const kpi = kpis.get(kpiId);
      const own = compute(kpiId, period);
      if (!kpi || !own) return notCounted;
      const { target, derivation } = targetOf(kpi, period);
      const score = kpiScore({ direction: kpi.direction, actual: own.actual, target, baseline: kpi.baselineValue, cap: policy.scoreCap });
      return { counted: true, ...own, target, derivation, score, status: statusOf(score, kpi.statusThresholds ?? policy.statusThresholds) };
    },
  };
}

export type UnitNode = { id: string; parentId: string | null; weight: number };
export type UnitResult = { score: number | null; status: Status; /** KPIs of the subtree counted at the period with a score. */ covered: number; /** KPIs of the subtree counted at the period. */ counted: number; coverage: number | null };

/**
 * Every unit's roll-up for one period (product.md §3): Σ w·s / Σ w over its own
 * active KPIs counted at the period with a score and its child units with a
 * score; coverage is the share of the subtree's counted KPIs that have a score.
 * `units` are the live (not archived) units; `kpis` the active KPIs with their result.
 */
export function rollUpUnits(
  units: readonly UnitNode[],
  kpis: ReadonlyArray<{ unitId: string; weight: number; result: Pick<KpiResult, 'counted' | 'score'> }>,
  thresholds: StatusThresholds,
): Map<string, UnitResult> {
  const children = groupBy(units, (u) => u.parentId ?? '');
  const own = groupBy(kpis, (k) => k.unitId);
  const results = new Map<string, UnitResult>();
  const visit = (u: UnitNode): UnitResult => {
    const known = results.get(u.id);
    if (known) return known;
    const mine = (own.get(u.id) ?? []).filter((k) => k.result.counted);
    const kids = (children.get(u.id) ?? []).map((c) => ({ weight: c.weight, result: visit(c) }));
    const score = unitScore(
      mine.map((k) => ({ score: k.result.score, weight: k.weight })),
      kids.map((c) => ({ score: c.result.score, weight: c.weight })),
    );
    const counted = mine.length + kids.reduce((s, c) => s + c.result.counted, 0);
    const covered = mine.filter((k) => k.result.score !== null).length + kids.reduce((s, c) => s + c.result.covered, 0);
    const result = { score, status: statusOf(score, thresholds), covered, counted, coverage: counted ? covered / counted : null };
    results.set(u.id, result);
    return result;
  };
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) if (u.parentId === null || !ids.has(u.parentId)) visit(u);
  return results;
}
