import { roundTo } from './math';

export type SpreadMode = 'total' | 'level';

/**
 * Spread an annual target over n periods (target planning).
 *
 * 'total' (flows: counts, currency) splits the annual value so the parts sum
 * to it: the split is done in integer units of 10^-decimals and the rounding
 * remainder goes on the last period. With shape 'last_year' the split follows
 * last year's actuals; a missing entry takes the mean of the known ones (a
 * period without history gets an average share). With no history, a history
 * summing to 0, or any negative entry (shares must lie in 0..1, else the split
 * swings wildly around a near-zero total) there is no pattern to follow: it
 * falls back to even with `fellBack: true`.
 *
 * 'level' (percent, ratio, durations, stocks) gives every period the annual
 * value. With 'last_year' the known entries are scaled so their mean is the
 * annual value and missing ones take the annual value, so the overall mean is
 * the annual value too; with no history or a history averaging 0 it falls back
 * to even. Level values are rounded to `decimals` as well, so their mean can be
 * off by that rounding.
 */
export function spreadTarget(input: {
  annual: number;
  periods: number;
  mode: SpreadMode;
  shape: 'even' | 'last_year';
  lastYear?: ReadonlyArray<number | null>;
  decimals?: number;
}): { values: number[]; fellBack: boolean } {
  const { annual, periods: n, mode, shape, lastYear, decimals = 2 } = input;
  if (!Number.isFinite(annual)) throw new RangeError('The annual target must be a finite number');
  if (!Number.isInteger(n) || n < 1) throw new RangeError('The number of periods must be a positive integer');
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) throw new RangeError('decimals must be an integer from 0 to 10');
  if (shape === 'last_year' && lastYear && lastYear.length !== n) {
    throw new RangeError(`Last year has ${lastYear.length} periods, expected ${n}`);
  }

  const known = (lastYear ?? []).filter((x): x is number => x !== null && Number.isFinite(x));
  const history = shape === 'last_year' && known.length > 0 ? lastYear : undefined;
  const fill = (x: number | null | undefined, missing: number) => (x !== null && x !== undefined && Number.isFinite(x) ? x : missing);

  if (mode === 'level') {
    const m = known.reduce((s, x) => s + x, 0) / known.length;
    if (!history || !Number.isFinite(m) || m === 0) {
      return { values: Array.from({ length: n }, () => roundTo(annual, decimals)), fellBack: shape === 'last_year' };
    }
    const factor = annual / m;
    return { values: history.map((x) => roundTo(x === null || !Number.isFinite(x) ? annual : x * factor, decimals)), fellBack: false };
  }

  let weights: number[] = Array.from({ length: n }, () => 1);
  let fellBack = false;
  if (shape === 'last_year') {
    const m = known.reduce((s, x) => s + x, 0) / known.length;
    const filled = history?.map((x) => fill(x, m));
    const total = filled?.reduce((s, x) => s + x, 0) ?? 0;
    if (filled && Number.isFinite(total) && total > 0 && filled.every((x) => x >= 0)) weights = filled;
    else fellBack = true;
  }
  return { values: splitUnits(annual, weights, decimals), fellBack };
}

function splitUnits(annual: number, weights: ReadonlyArray<number>, decimals: number): number[] {
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const scale = 10 ** decimals;
  const units = Math.sign(annual) * Math.round(Math.abs(annual) * scale);
  // Beyond 2^53 a double has no digits left at 10^-decimals: rounding is moot, split as is.
  const exact = Number.isSafeInteger(units);
  const whole = exact ? units : annual;
  const share = (w: number) => whole * (w / totalWeight);
  const parts = weights.slice(0, -1).map((w) => (exact ? Math.sign(share(w)) * Math.round(Math.abs(share(w))) : share(w)));
  const rest = whole - parts.reduce((s, p) => s + p, 0);
  return [...parts, rest].map((u) => (exact ? u / scale : u) + 0);
}

/** Flows add up over a year; levels (incl. durations like response time) do not. */
export function spreadModeForUnit(unit: 'count' | 'currency' | 'percent' | 'ratio' | 'duration'): SpreadMode {
  return unit === 'count' || unit === 'currency' ? 'total' : 'level';
}
