import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultStatusThresholds, kpiScore, statusLabels, statusOf, targetOf } from './score';
import type { Direction, Target } from './types';

const cap = 1.2;
const score = (direction: Direction, actual: number | null, target: Target | null, baseline?: number | null) =>
  kpiScore({ direction, actual, target, baseline, cap });

describe('kpiScore rules (product.md §3)', () => {
  it('is null without an actual or a target', () => {
    expect(score('up', null, { value: 100 })).toBeNull();
    expect(kpiScore({ direction: 'up', actual: undefined, target: { value: 100 }, cap })).toBeNull();
    expect(score('up', 90, null)).toBeNull();
    expect(kpiScore({ direction: 'down', actual: 5, target: undefined, cap })).toBeNull();
    expect(score('within', null, { low: 1, high: 2 })).toBeNull();
  });

  it('treats a non-finite actual or target as no data', () => {
    expect(score('up', Number.NaN, { value: 100 })).toBeNull();
    expect(score('up', 90, { value: Number.POSITIVE_INFINITY })).toBeNull();
  });

  it('up without baseline: a / t', () => {
    expect(score('up', 90, { value: 100 })).toBeCloseTo(0.9, 12);
    expect(score('up', 150, { value: 100 })).toBe(1.2);
    expect(score('up', -5, { value: 100 })).toBe(0);
  });

  it('up with target 0: 1 if a ≥ 0 else 0', () => {
    expect(score('up', 0, { value: 0 })).toBe(1);
    expect(score('up', 7, { value: 0 })).toBe(1);
    expect(score('up', -0.1, { value: 0 })).toBe(0);
  });

  it('up with baseline: (a − b) / (t − b)', () => {
    expect(score('up', 75, { value: 100 }, 50)).toBe(0.5);
    expect(score('up', 40, { value: 100 }, 50)).toBe(0);
    expect(score('up', 100, { value: 100 }, 50)).toBe(1);
  });

  it('down with baseline: (a − b) / (t − b)', () => {
    // b = 40, t = 20: from 40 to 30 is half way.
    expect(score('down', 30, { value: 20 }, 40)).toBe(0.5);
    expect(score('down', 50, { value: 20 }, 40)).toBe(0);
    expect(score('down', 10, { value: 20 }, 40)).toBe(1.2);
  });

  it('a baseline equal to the target falls back to the rule without baseline', () => {
    expect(score('up', 90, { value: 100 }, 100)).toBeCloseTo(0.9, 12);
    expect(score('down', 25, { value: 20 }, 20)).toBe(0.8);
  });

  it('down without baseline: t / a, the cap when a ≤ 0', () => {
    expect(score('down', 25, { value: 20 })).toBe(0.8);
    expect(score('down', 0, { value: 20 })).toBe(cap);
    expect(score('down', -3, { value: 20 })).toBe(cap);
    expect(score('down', 10, { value: 20 })).toBe(1.2);
  });

  it('within: 1 inside the band (inclusive), falls off with the distance outside', () => {
    const band = { low: 10, high: 20 };
    expect(score('within', 10, band)).toBe(1);
    expect(score('within', 15, band)).toBe(1);
    expect(score('within', 20, band)).toBe(1);
    expect(score('within', 22, band)).toBeCloseTo(0.8, 12); // 1 − 2/10
    expect(score('within', 7, band)).toBeCloseTo(0.7, 12); // 1 − 3/10
    expect(score('within', 40, band)).toBe(0);
  });

  it('within: a narrow band uses |hi|·1% (or 1e-9) as its width', () => {
    expect(score('within', 101, { low: 100, high: 100 })).toBe(0); // 1 − 1/1
    expect(score('within', 100.5, { value: 100 })).toBeCloseTo(0.5, 12); // {value} is the band [100, 100]
    expect(score('within', 0, { value: 0 })).toBe(1);
    expect(score('within', 1e-10, { value: 0 })).toBeCloseTo(0.9, 12); // 1 − 1e-10/1e-9
  });

  it('within: a reversed band is read low..high', () => {
    expect(score('within', 22, { low: 20, high: 10 })).toBeCloseTo(0.8, 12);
  });

  it('reads a band target for up as its low and for down as its high', () => {
    expect(score('up', 90, { low: 100, high: 120 })).toBeCloseTo(0.9, 12);
    expect(score('down', 25, { low: 10, high: 20 })).toBe(0.8);
  });

  it('negative targets without baseline follow the formula, then clamp', () => {
    expect(score('up', -5, { value: -10 })).toBe(0.5);
    expect(score('up', -20, { value: -10 })).toBe(1.2);
    expect(score('down', 5, { value: -10 })).toBe(0);
  });

  it('clamps to [0, cap] for any cap', () => {
    expect(kpiScore({ direction: 'up', actual: 300, target: { value: 100 }, cap: 1.5 })).toBe(1.5);
    expect(kpiScore({ direction: 'up', actual: 300, target: { value: 100 }, cap: 1 })).toBe(1);
  });

  it('survives huge values', () => {
    expect(score('up', Number.MAX_VALUE, { value: Number.MIN_VALUE })).toBe(cap);
    expect(score('up', Number.MAX_VALUE, { value: -Number.MAX_VALUE }, Number.MAX_VALUE * 0.5)).toBe(0);
    expect(score('up', Number.MAX_VALUE, { value: Number.MAX_VALUE }, -Number.MAX_VALUE)).toBe(1);
    expect(score('down', -Number.MAX_VALUE, { value: -Number.MAX_VALUE }, Number.MAX_VALUE)).toBe(1);
    expect(score('within', -Number.MAX_VALUE, { low: 0, high: Number.MAX_VALUE })).toBe(0);
    expect(score('within', -Number.MAX_VALUE, { low: -Number.MAX_VALUE, high: Number.MAX_VALUE })).toBe(1);
    expect(score('down', Number.MAX_VALUE, { value: 0 }, Number.MIN_VALUE)).toBe(0);
  });
});

describe('statusOf', () => {
  it('bands the score by the thresholds', () => {
    const t = defaultStatusThresholds;
    expect(t).toEqual({ green: 1, amber: 0.9 });
    expect(statusOf(null, t)).toBe('no_data');
    expect(statusOf(1.2, t)).toBe('on_track');
    expect(statusOf(1, t)).toBe('on_track');
    expect(statusOf(0.99, t)).toBe('at_risk');
    expect(statusOf(0.9, t)).toBe('at_risk');
    expect(statusOf(0.89, t)).toBe('off_track');
    expect(statusOf(0, t)).toBe('off_track');
    expect(statusOf(0.85, { green: 0.95, amber: 0.8 })).toBe('at_risk');
  });

  it('labels every status', () => {
    expect(statusLabels).toEqual({ on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', no_data: 'No data' });
  });
});

describe('kpiScore properties', () => {
  const extreme = fc.constantFrom(0, -0, 1, -1, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1e-300);
  const finite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), extreme);
  const target: fc.Arbitrary<Target> = fc.oneof(
    finite.map((value) => ({ value })),
    fc.tuple(finite, finite).map(([low, high]) => ({ low, high })),
  );
  const direction = fc.constantFrom<Direction>('up', 'down', 'within');
  const capArb = fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(1.2));
  const runs = { numRuns: 500 };

  it('is never NaN and always within [0, cap] for finite inputs', () => {
    fc.assert(
      fc.property(direction, finite, target, fc.option(finite), capArb, (d, actual, t, baseline, c) => {
        const s = kpiScore({ direction: d, actual, target: t, baseline, cap: c });
        expect(s).not.toBeNull();
        expect(Number.isNaN(s)).toBe(false);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(c);
      }),
      runs,
    );
  });

  it('is null, never a number, when the actual or the target is missing', () => {
    fc.assert(
      fc.property(direction, fc.option(finite), fc.option(target), fc.option(finite), capArb, (d, actual, t, baseline, c) => {
        fc.pre(actual === null || t === null);
        expect(kpiScore({ direction: d, actual, target: t, baseline, cap: c })).toBeNull();
      }),
      runs,
    );
  });

  const pair = fc.tuple(finite, finite).map(([x, y]): [number, number] => (x <= y ? [x, y] : [y, x]));

  it('up is non-decreasing in the actual (baseline below target, or no baseline and a positive target)', () => {
    const setup = fc.oneof(
      fc.tuple(finite, finite).filter(([t, b]) => t > b).map(([t, b]) => ({ t, b: b as number | null })),
      finite.filter((t) => t > 0).map((t) => ({ t, b: null as number | null })),
    );
    fc.assert(
      fc.property(setup, pair, capArb, ({ t, b }, [a1, a2], c) => {
        const s1 = kpiScore({ direction: 'up', actual: a1, target: { value: t }, baseline: b, cap: c })!;
        const s2 = kpiScore({ direction: 'up', actual: a2, target: { value: t }, baseline: b, cap: c })!;
        expect(s1).toBeLessThanOrEqual(s2);
      }),
      runs,
    );
  });

  it('down is non-increasing in the actual (baseline above target, or no baseline and a positive target)', () => {
    const setup = fc.oneof(
      fc.tuple(finite, finite).filter(([t, b]) => t < b).map(([t, b]) => ({ t, b: b as number | null })),
      finite.filter((t) => t > 0).map((t) => ({ t, b: null as number | null })),
    );
    fc.assert(
      fc.property(setup, pair, capArb, ({ t, b }, [a1, a2], c) => {
        const s1 = kpiScore({ direction: 'down', actual: a1, target: { value: t }, baseline: b, cap: c })!;
        const s2 = kpiScore({ direction: 'down', actual: a2, target: { value: t }, baseline: b, cap: c })!;
        expect(s1).toBeGreaterThanOrEqual(s2);
      }),
      runs,
    );
  });

  it('within is 1 inside the band and below 1 at a distance outside it', () => {
    fc.assert(
      fc.property(pair, finite, capArb, ([lo, hi], a, c) => {
        const s = kpiScore({ direction: 'within', actual: a, target: { low: lo, high: hi }, cap: c })!;
        if (a >= lo && a <= hi) expect(s).toBe(Math.min(1, c));
        else expect(s).toBeLessThanOrEqual(1);
      }),
      runs,
    );
  });
});

describe('kpiScore at the edges', () => {
  const up = (actual: number, target: number, extra: { baseline?: number; cap?: number } = {}) =>
    kpiScore({ direction: 'up', actual, target: { value: target }, cap: 1.2, ...extra });

  it('uses the default cap for a cap that is negative, not finite or NaN, and never returns -0', () => {
    for (const cap of [-1, Number.POSITIVE_INFINITY, Number.NaN]) expect(up(200, 100, { cap })).toBe(1.2);
    expect(up(200, 100, { cap: 0 })).toBe(0);
    expect(Object.is(up(200, 100, { cap: -0 }), 0)).toBe(true);
  });

  it('is null for a band with a bound missing or not finite', () => {
    for (const band of [
      { low: Number.NaN, high: 10 },
      { low: 5, high: Number.NaN },
      { low: 5, high: Number.POSITIVE_INFINITY },
    ]) {
      expect(kpiScore({ direction: 'within', actual: 7, target: band, cap: 1.2 })).toBeNull();
    }
  });

  it('keeps its ratio when only the target side of the baseline overflows', () => {
    // actual − baseline is finite, target − baseline overflows: recomputed at half scale.
    expect(up(0, 1.7e308, { baseline: -1.7e308 })).toBe(0.5);
  });

  it('does not halve subnormal differences into nothing', () => {
    expect(up(5e-324, 5e-324, { baseline: 0 })).toBe(1);
  });

  it('scores outside a band too wide to measure at half scale, on both sides', () => {
    const huge = { low: -1.7e308, high: 1.7e308 };
    expect(kpiScore({ direction: 'within', actual: 1.79e308, target: huge, cap: 1.2 })).toBeCloseTo(1 - 0.09 / 3.4, 12);
    expect(kpiScore({ direction: 'within', actual: -1.79e308, target: huge, cap: 1.2 })).toBeCloseTo(1 - 0.09 / 3.4, 12);
  });
});

describe('targetOf', () => {
  it('reads a stored value, else a band, else nothing', () => {
    expect(targetOf(undefined)).toBeNull();
    expect(targetOf({ value: 5, low: 1, high: 9 })).toEqual({ value: 5 });
    expect(targetOf({ value: 0, low: null, high: null })).toEqual({ value: 0 });
    expect(targetOf({ value: null, low: 1, high: 9 })).toEqual({ low: 1, high: 9 });
    expect(targetOf({ value: null, low: 0, high: 0 })).toEqual({ low: 0, high: 0 });
    expect(targetOf({ value: null, low: 1, high: null })).toBeNull();
    expect(targetOf({ value: null, low: null, high: 9 })).toBeNull();
    expect(targetOf({ value: null, low: null, high: null })).toBeNull();
  });
});
