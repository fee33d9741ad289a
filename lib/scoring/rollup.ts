import { mean, weightedMean } from './math';
import type { RollupMethod } from './types';

const hasValue = (x: number | null): x is number => x !== null && Number.isFinite(x);

/**
 * A roll-up KPI's actual from its contributors' actuals. Contributors without
 * data are skipped for average/weighted_average/min/max (never counted as 0);
 * for `sum` ANY missing contributor makes the result null, since a partial sum
 * would silently count the missing ones as 0. No contributors with data → null.
 * weighted_average uses the link weights (only weights > 0 count); if the
 * contributors with data weigh 0 in total → null.
 */
export function rollupActual(
  method: RollupMethod,
  contributors: ReadonlyArray<{ actual: number | null; weight: number }>,
): number | null {
  const actuals = contributors.map((c) => c.actual).filter(hasValue);
  if (actuals.length === 0) return null;
  switch (method) {
    case 'sum':
      return actuals.length === contributors.length ? actuals.reduce((s, x) => s + x, 0) : null;
    case 'average':
      return mean(actuals);
    case 'weighted_average':
      return weightedMean(contributors.flatMap((c) => (hasValue(c.actual) ? [{ x: c.actual, w: c.weight }] : [])));
    case 'min':
      return Math.min(...actuals);
    case 'max':
      return Math.max(...actuals);
  }
}

/**
 * Roll-up of a unit (product.md §3): Σ w·s / Σ w over own KPIs that have a
 * score (w = KPI weight) and child units that have a score (w = unit weight).
 * A weight ≤ 0 takes the entry out. Null when nothing with a score and a
 * positive weight remains: an empty unit is "no data", not 0.
 */
export function unitScore(
  kpis: ReadonlyArray<{ score: number | null; weight: number }>,
  children: ReadonlyArray<{ score: number | null; weight: number }>,
): number | null {
  return weightedMean(
    [...kpis, ...children].flatMap((e) => (hasValue(e.score) ? [{ x: e.score, w: e.weight }] : [])),
  );
}
