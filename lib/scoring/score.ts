import { clamp } from './math';
import type { Direction, Status, StatusThresholds, Target } from './types';

export const defaultScoreCap = 1.2;
export const defaultStatusThresholds: StatusThresholds = { green: 1, amber: 0.9 };
export const statusLabels: Record<Status, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  no_data: 'No data',
};

const present = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Score of a KPI for a period (product.md §3), clamped to [0, cap].
 *
 * Only "no data" gives null: a missing actual or target, or a non-finite one
 * (values are finite by contract; a formula's division by zero is "no value").
 * A non-finite baseline is treated as no baseline.
 *
 * Target shapes: `within` reads {value} as the band [value, value]; `up` reads a
 * band as its `low` (reaching the bottom of the band is on target) and `down`
 * as its `high` (staying under the top is on target).
 *
 * Negative targets without a baseline follow the formula literally (a / t or
 * t / a, then clamp), which rewards the wrong side of a negative target: such
 * KPIs need a baseline to score meaningfully.
 *
 * Huge inputs (±1e308) can overflow intermediate differences; those are
 * recomputed at half scale (exact at that magnitude) so no NaN ever escapes.
 */
export function kpiScore(input: ScoreInput): number | null {
  const rule = scoreRule(input);
  return rule ? rule.score : null;
}

export type ScoreInput = {
  direction: Direction;
  actual: number | null | undefined;
  target: Target | null | undefined;
  baseline?: number | null;
  cap: number;
};

/**
 * Which case of the rule applied, with its inputs and the raw (unclamped) value:
 * the one place the rule is decided. kpiScore takes the score from it and the
 * explanation (lib/results/explain-score) spells the same case out in words.
 */
export type ScoreRule = { raw: number; score: number; cap: number } & (
  | { case: 'within'; a: number; lo: number; hi: number; width: number }
  | { case: 'baseline'; a: number; b: number; t: number; band: 'low' | 'high' | null }
  | { case: 'up'; a: number; t: number; band: 'low' | 'high' | null }
  | { case: 'down'; a: number; t: number; band: 'low' | 'high' | null }
);

/** Null when there is no score: no actual or no target (or a non-finite one). */
export function scoreRule(input: ScoreInput): ScoreRule | null {
  const { direction, actual: a, target, baseline } = input;
  if (!present(a) || !target) return null;
  const cap = Number.isFinite(input.cap) && input.cap >= 0 ? input.cap : defaultScoreCap;
  const done = <R extends { raw: number }>(rule: R) =>
    // The NaN guard is unreachable by construction; kept so a future edit cannot leak NaN into roll-ups.
    ({ ...rule, cap, score: Number.isNaN(rule.raw) ? 0 : clamp(rule.raw, 0, cap) + 0 });

  if (direction === 'within') {
    const [p, q] = 'value' in target ? [target.value, target.value] : [target.low, target.high];
    if (!present(p) || !present(q)) return null;
    const [lo, hi] = [Math.min(p, q), Math.max(p, q)];
    return done({ case: 'within' as const, a, lo, hi, width: Math.max(hi - lo, Math.abs(hi) * 0.01, 1e-9), raw: withinScore(a, lo, hi) });
  }
  const band = 'value' in target ? null : direction === 'up' ? ('low' as const) : ('high' as const);
  const t = 'value' in target ? target.value : direction === 'up' ? target.low : target.high;
  if (!present(t)) return null;
  if (present(baseline) && baseline !== t) return done({ case: 'baseline' as const, a, b: baseline, t, band, raw: ratioOfDifferences(a, baseline, t, baseline) });
  if (direction === 'up') return done({ case: 'up' as const, a, t, band, raw: t === 0 ? (a >= 0 ? 1 : 0) : a / t });
  return done({ case: 'down' as const, a, t, band, raw: a <= 0 ? cap : t / a });
}

/** (x − y) / (u − v) for u ≠ v, without overflow turning into NaN. */
function ratioOfDifferences(x: number, y: number, u: number, v: number): number {
  const n = x - y;
  const d = u - v;
  if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
  const n2 = x / 2 - y / 2;
  const d2 = u / 2 - v / 2;
  if (d2 !== 0) return n2 / d2;
  // u, v subnormal (halving lost them) while x is huge: the ratio is unbounded.
  return Math.sign(n) * Math.sign(d) * Infinity;
}

function withinScore(a: number, lo: number, hi: number): number {
  if (a >= lo && a <= hi) return 1;
  const dist = a < lo ? lo - a : a - hi;
  const width = hi - lo;
  if (Number.isFinite(dist) && Number.isFinite(width)) {
    return 1 - dist / Math.max(width, Math.abs(hi) * 0.01, 1e-9);
  }
  const dist2 = a < lo ? lo / 2 - a / 2 : a / 2 - hi / 2;
  return 1 - dist2 / Math.max(hi / 2 - lo / 2, (Math.abs(hi) * 0.01) / 2, 1e-9 / 2);
}

/** null → no_data; ≥ green → on_track; ≥ amber → at_risk; else off_track. */
export function statusOf(score: number | null, thresholds: StatusThresholds): Status {
  if (score === null || Number.isNaN(score)) return 'no_data';
  if (score >= thresholds.green) return 'on_track';
  if (score >= thresholds.amber) return 'at_risk';
  return 'off_track';
}

/** A stored target row as a Target: a value, or a band for `within`; null when it has neither. */
export function targetOf(row: { value: number | null; low: number | null; high: number | null } | undefined): Target | null {
  if (!row) return null;
  if (row.value !== null) return { value: row.value };
  if (row.low !== null && row.high !== null) return { low: row.low, high: row.high };
  return null;
}
