import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadModeForUnit, spreadTarget } from './spread';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('spreadTarget, total', () => {
  it('divides evenly', () => {
    expect(spreadTarget({ annual: 1200, periods: 12, mode: 'total', shape: 'even' })).toEqual({ values: Array(12).fill(100), fellBack: false });
  });

  it('puts the rounding remainder on the last period so the parts sum to the annual value', () => {
    const { values } = spreadTarget({ annual: 1000, periods: 3, mode: 'total', shape: 'even', decimals: 2 });
    expect(values).toEqual([333.33, 333.33, 333.34]);
    expect(sum(values)).toBeCloseTo(1000, 9);
    expect(spreadTarget({ annual: 10, periods: 4, mode: 'total', shape: 'even', decimals: 0 }).values).toEqual([3, 3, 3, 1]);
    expect(spreadTarget({ annual: -100, periods: 3, mode: 'total', shape: 'even' }).values).toEqual([-33.33, -33.33, -33.34]);
  });

  it("follows last year's actuals proportionally", () => {
    const r = spreadTarget({ annual: 1200, periods: 4, mode: 'total', shape: 'last_year', lastYear: [100, 200, 300, 400] });
    expect(r).toEqual({ values: [120, 240, 360, 480], fellBack: false });
  });

  it('gives a period without history the mean share of the known ones', () => {
    const r = spreadTarget({ annual: 800, periods: 4, mode: 'total', shape: 'last_year', lastYear: [100, null, 300, 200] });
    expect(r).toEqual({ values: [100, 200, 300, 200], fellBack: false });
  });

  it('falls back to even without a usable history and says so', () => {
    const even = [300, 300, 300, 300];
    expect(spreadTarget({ annual: 1200, periods: 4, mode: 'total', shape: 'last_year' })).toEqual({ values: even, fellBack: true });
    expect(spreadTarget({ annual: 1200, periods: 4, mode: 'total', shape: 'last_year', lastYear: [null, null, null, null] })).toEqual({ values: even, fellBack: true });
    expect(spreadTarget({ annual: 1200, periods: 4, mode: 'total', shape: 'last_year', lastYear: [0, 0, 0, 0] })).toEqual({ values: even, fellBack: true });
    expect(spreadTarget({ annual: 1200, periods: 4, mode: 'total', shape: 'last_year', lastYear: [-5, 2, 1, 0] })).toEqual({ values: even, fellBack: true });
    expect(spreadTarget({ annual: 1200, periods: 4, mode: 'total', shape: 'last_year', lastYear: [-1, 5, 5, 5] })).toEqual({ values: even, fellBack: true });
  });

  it('rejects bad input', () => {
    expect(() => spreadTarget({ annual: 1, periods: 0, mode: 'total', shape: 'even' })).toThrow(RangeError);
    expect(() => spreadTarget({ annual: Number.NaN, periods: 3, mode: 'total', shape: 'even' })).toThrow(RangeError);
    expect(() => spreadTarget({ annual: 1, periods: 3, mode: 'total', shape: 'last_year', lastYear: [1, 2] })).toThrow(RangeError);
  });

  it('always sums to the annual value within 10^-decimals · n', () => {
    const history = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('even' as const, 'last_year' as const),
        fc.array(history, { minLength: 60, maxLength: 60 }),
        (annual, n, decimals, shape, ly) => {
          const { values } = spreadTarget({ annual, periods: n, mode: 'total', shape, lastYear: ly.slice(0, n), decimals });
          expect(values).toHaveLength(n);
          expect(values.every(Number.isFinite)).toBe(true);
          expect(Math.abs(sum(values) - annual)).toBeLessThanOrEqual(10 ** -decimals * n);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('spreadTarget, level', () => {
  it('gives every period the annual value', () => {
    expect(spreadTarget({ annual: 95.5, periods: 4, mode: 'level', shape: 'even' })).toEqual({ values: [95.5, 95.5, 95.5, 95.5], fellBack: false });
  });

  it("scales last year's pattern to the annual mean; missing entries take the annual value", () => {
    // known mean 10 → factor 2
    expect(spreadTarget({ annual: 20, periods: 4, mode: 'level', shape: 'last_year', lastYear: [8, 12, null, 10] })).toEqual({
      values: [16, 24, 20, 20],
      fellBack: false,
    });
  });

  it('falls back to even without history or with a zero mean', () => {
    expect(spreadTarget({ annual: 5, periods: 2, mode: 'level', shape: 'last_year', lastYear: [null, null] })).toEqual({ values: [5, 5], fellBack: true });
    expect(spreadTarget({ annual: 5, periods: 2, mode: 'level', shape: 'last_year', lastYear: [-1, 1] })).toEqual({ values: [5, 5], fellBack: true });
  });
});

describe('spreadModeForUnit', () => {
  it('sums flows and keeps levels', () => {
    expect(spreadModeForUnit('count')).toBe('total');
    expect(spreadModeForUnit('currency')).toBe('total');
    expect(spreadModeForUnit('percent')).toBe('level');
    expect(spreadModeForUnit('ratio')).toBe('level');
    expect(spreadModeForUnit('duration')).toBe('level');
  });
});

describe('spreadTarget at the edges', () => {
  it('names what is wrong with its input', () => {
    expect(() => spreadTarget({ annual: Number.NaN, periods: 3, mode: 'total', shape: 'even' })).toThrow('The annual target must be a finite number');
    expect(() => spreadTarget({ annual: 1, periods: 1.5, mode: 'total', shape: 'even' })).toThrow('The number of periods must be a positive integer');
    expect(() => spreadTarget({ annual: 1, periods: 3, mode: 'total', shape: 'last_year', lastYear: [1, 2] })).toThrow('Last year has 2 periods, expected 3');
    for (const decimals of [-1, 11, 1.5]) {
      expect(() => spreadTarget({ annual: 1, periods: 3, mode: 'total', shape: 'even', decimals })).toThrow('decimals must be an integer from 0 to 10');
    }
    expect(spreadTarget({ annual: 1, periods: 1, mode: 'total', shape: 'even', decimals: 10 }).values).toEqual([1]);
    expect(spreadTarget({ annual: 1, periods: 1, mode: 'total', shape: 'even', decimals: 0 }).values).toEqual([1]);
  });

  it('ignores last year entirely for an even spread', () => {
    expect(spreadTarget({ annual: 1, periods: 3, mode: 'total', shape: 'even', lastYear: [1, 2] }).values).toEqual([0.33, 0.33, 0.34]);
    expect(spreadTarget({ annual: 10, periods: 2, mode: 'level', shape: 'even', lastYear: [1, 3] })).toEqual({ values: [10, 10], fellBack: false });
  });

  it('treats a NaN in last year like a missing entry', () => {
    expect(spreadTarget({ annual: 800, periods: 4, mode: 'total', shape: 'last_year', lastYear: [Number.NaN, 100, 300, 200] })).toEqual({
      values: [200, 100, 300, 200],
      fellBack: false,
    });
    expect(spreadTarget({ annual: 20, periods: 4, mode: 'level', shape: 'last_year', lastYear: [8, 12, Number.NaN, 10] }).values).toEqual([16, 24, 20, 20]);
  });

  it('follows a history with a zero entry, and falls back from one that overflows', () => {
    expect(spreadTarget({ annual: 400, periods: 4, mode: 'total', shape: 'last_year', lastYear: [0, 100, 100, 200] })).toEqual({
      values: [0, 100, 100, 200],
      fellBack: false,
    });
    expect(spreadTarget({ annual: 4, periods: 4, mode: 'total', shape: 'last_year', lastYear: [1.7e308, 1.7e308, 1, 1] })).toEqual({
      values: [1, 1, 1, 1],
      fellBack: true,
    });
  });

  it('never returns -0 for a negative target that rounds to nothing', () => {
    for (const mode of ['total', 'level'] as const) {
      const { values } = spreadTarget({ annual: -0.001, periods: 2, mode, shape: 'even' });
      expect(values.every((v) => Object.is(v, 0)), mode).toBe(true);
    }
  });
});
