import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollupActual, unitScore } from './rollup';

const c = (actual: number | null, weight = 1) => ({ actual, weight });

describe('rollupActual', () => {
  it('sums contributors, but any missing one makes the sum null', () => {
    expect(rollupActual('sum', [c(10), c(20), c(5)])).toBe(35);
    expect(rollupActual('sum', [c(10), c(null), c(5)])).toBeNull();
  });

  it('skips missing contributors for average, min and max', () => {
    expect(rollupActual('average', [c(10), c(null), c(20)])).toBe(15);
    expect(rollupActual('min', [c(10), c(null), c(-2)])).toBe(-2);
    expect(rollupActual('max', [c(10), c(null), c(-2)])).toBe(10);
  });

  it('weights by the link weights', () => {
    expect(rollupActual('weighted_average', [c(10, 3), c(20, 1)])).toBe(12.5);
    expect(rollupActual('weighted_average', [c(10, 3), c(null, 5), c(20, 1)])).toBe(12.5);
  });

  it('is null when the contributors with data weigh nothing', () => {
    expect(rollupActual('weighted_average', [c(10, 0), c(null, 2)])).toBeNull();
  });

  it('is null with no contributors with data', () => {
    for (const m of ['sum', 'average', 'weighted_average', 'min', 'max'] as const) {
      expect(rollupActual(m, [])).toBeNull();
      expect(rollupActual(m, [c(null), c(null)])).toBeNull();
    }
  });

  it('average and weighted_average stay within the contributors', () => {
    const contributor = fc.record({
      actual: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
      weight: fc.double({ min: 0, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(contributor, { maxLength: 20 }), fc.constantFrom('average' as const, 'weighted_average' as const), (cs, m) => {
        const r = rollupActual(m, cs);
        const xs = cs.flatMap((x) => (x.actual === null ? [] : [x.actual]));
        if (r === null) return;
        expect(r).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(r).toBeLessThanOrEqual(Math.max(...xs));
      }),
      { numRuns: 500 },
    );
  });
});

describe('unitScore', () => {
  it('weights own KPIs by KPI weight and child units by unit weight', () => {
    // (2·1.0 + 1·0.7 + 1·0.9) / 4 = 0.9
    expect(unitScore([{ score: 1, weight: 2 }, { score: 0.7, weight: 1 }], [{ score: 0.9, weight: 1 }])).toBeCloseTo(0.9, 12);
    expect(unitScore([], [{ score: 0.5, weight: 1 }, { score: 1, weight: 3 }])).toBeCloseTo(0.875, 12);
  });

  it('skips entries without a score', () => {
    expect(unitScore([{ score: null, weight: 5 }, { score: 0.8, weight: 1 }], [{ score: null, weight: 1 }])).toBe(0.8);
  });

  it('is null when nothing has a score', () => {
    expect(unitScore([], [])).toBeNull();
    expect(unitScore([{ score: null, weight: 1 }], [{ score: null, weight: 1 }])).toBeNull();
  });

  it('keeps a score of 0', () => {
    expect(unitScore([{ score: 0, weight: 1 }], [])).toBe(0);
  });
});

describe('roll-ups at the edges', () => {
  it('skips a NaN actual or score like a missing one', () => {
    expect(rollupActual('average', [{ actual: Number.NaN, weight: 1 }, { actual: 2, weight: 1 }])).toBe(2);
    expect(unitScore([{ score: Number.NaN, weight: 1 }], [{ score: 0.5, weight: 1 }])).toBe(0.5);
    const withNaN = [
      { actual: Number.NaN, weight: 1 },
      { actual: 2, weight: 1 },
    ];
    expect(rollupActual('sum', withNaN)).toBeNull();
    expect(rollupActual('min', withNaN)).toBe(2);
    expect(rollupActual('max', withNaN)).toBe(2);
  });

  it('average ignores the weights that weighted_average uses', () => {
    const contributors = [
      { actual: 1, weight: 3 },
      { actual: 3, weight: 1 },
    ];
    expect(rollupActual('average', contributors)).toBe(2);
    expect(rollupActual('weighted_average', contributors)).toBe(1.5);
  });

  it('weights huge actuals correctly, whatever the spread of the weights', () => {
    const max = Number.MAX_VALUE;
    expect(rollupActual('weighted_average', [{ actual: max, weight: 3 }, { actual: max / 2, weight: 1 }])).toBe(max * 0.875);
    expect(rollupActual('weighted_average', [{ actual: max, weight: 1e300 }, { actual: max / 2, weight: 1e-10 }])).toBe(max);
  });
});
