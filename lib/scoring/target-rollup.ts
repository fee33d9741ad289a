import { mean } from './math';
import type { Aggregation, RollupMethod, Target } from './types';

/**
 * How a KPI's own-frequency targets make the target of a coarser period
 * (product.md §3, "Scorecards over time"): `sum` for flows, `last` for stocks,
 * `average` for rates.
 */
export const targetRollups = ['sum', 'last', 'average'] as const;
export type TargetRollup = (typeof targetRollups)[number];

export const targetRollupLabels: Record<TargetRollup, string> = {
  sum: 'Add them up',
  last: 'The last one',
  average: 'Their average',
};

type MeasureUnit = 'count' | 'currency' | 'percent' | 'ratio' | 'duration';

/**
 * The default target roll-up over time. Rates average: percent, ratio and
 * duration KPIs, and any formula that divides by a metric (cost per click is a
 * currency, but a rate). A formula whose metrics include a stock (combined by
 * `last`) takes the last target; counts and currency add up when every metric
 * is a flow (`sum`) or the roll-up itself sums; anything else averages, the
 * choice that never inflates a target.
 */
export function inferTargetRollup(
  kpi: { unit: MeasureUnit; source: 'formula' | 'rollup'; rollupMethod: RollupMethod | null },
  metricAggregations: readonly Aggregation[],
  dividesByMetric = false,
): TargetRollup {
  if (kpi.unit === 'percent' || kpi.unit === 'ratio' || kpi.unit === 'duration' || dividesByMetric) return 'average';
  if (kpi.source === 'rollup') return kpi.rollupMethod === 'sum' ? 'sum' : 'average';
  if (metricAggregations.includes('last')) return 'last';
  if (metricAggregations.length > 0 && metricAggregations.every((a) => a === 'sum')) return 'sum';
  return 'average';
}

/** The KPI's chosen roll-up, or the inferred one when it has none. */
export function effectiveTargetRollup(
  kpi: { targetRollup: TargetRollup | null; unit: MeasureUnit; source: 'formula' | 'rollup'; rollupMethod: RollupMethod | null },
  metricAggregations: readonly Aggregation[],
  dividesByMetric = false,
): TargetRollup {
  return kpi.targetRollup ?? inferTargetRollup(kpi, metricAggregations, dividesByMetric);
}

/**
 * A coarser period's target from the own-frequency targets inside it, oldest
 * first. A band combines its ends the same way. Null when there are none.
 */
export function deriveTarget(rollup: TargetRollup, targets: readonly Target[]): Target | null {
  if (targets.length === 0) return null;
  if (rollup === 'last') return targets[targets.length - 1]!;
  const combine = (xs: number[]) => (rollup === 'sum' ? xs.reduce((s, x) => s + x, 0) : mean(xs)!);
  if (targets.every((t) => 'value' in t)) return { value: combine(targets.map((t) => (t as { value: number }).value)) };
  // Mixed shapes (a band after a single value) read a value as the band [value, value].
  const ends = targets.map((t) => ('value' in t ? { low: t.value, high: t.value } : t));
  return { low: combine(ends.map((e) => e.low)), high: combine(ends.map((e) => e.high)) };
}
