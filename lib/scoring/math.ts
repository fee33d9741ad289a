// Internal numeric helpers; not part of the public API (index.ts does not re-export them).

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Weighted mean Σ w·x / Σ w over entries with w > 0; null when no weight.
 * Huge weights or values can overflow the plain sums; then each term is scaled
 * first. The result is clamped to [min x, max x] so rounding can never push a
 * mean outside its inputs (a mean of equal values is that value).
 */
export function weightedMean(entries: ReadonlyArray<{ x: number; w: number }>): number | null {
  const used = entries.filter((e) => e.w > 0 && Number.isFinite(e.w) && Number.isFinite(e.x));
  if (used.length === 0) return null;
  let mean = used.reduce((s, e) => s + e.w * e.x, 0) / used.reduce((s, e) => s + e.w, 0);
  if (!Number.isFinite(mean)) {
    const maxW = Math.max(...used.map((e) => e.w));
    const total = used.reduce((s, e) => s + e.w / maxW, 0);
    mean = used.reduce((s, e) => s + (e.w / maxW / total) * e.x, 0);
  }
  const xs = used.map((e) => e.x);
  return clamp(mean, Math.min(...xs), Math.max(...xs));
}

export function mean(xs: ReadonlyArray<number>): number | null {
  return weightedMean(xs.map((x) => ({ x, w: 1 })));
}

/** Round half away from zero to `decimals`; never returns -0. */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return Number.isFinite(r) ? r + 0 : x; // x·10^d overflowed: already far coarser than the precision asked for
}
