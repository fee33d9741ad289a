import { describe, expect, it } from 'vitest';
import { deriveTarget, effectiveTargetRollup, inferTargetRollup } from './target-rollup';

const formula = (unit: 'count' | 'currency' | 'percent' | 'ratio' | 'duration') => ({ unit, source: 'formula' as const, rollupMethod: null });

describe('inferTargetRollup', () => {
  it('averages rates whatever their metrics', () => {
    expect(inferTargetRollup(formula('percent'), ['sum', 'sum'])).toBe('average');
    expect(inferTargetRollup(formula('ratio'), ['sum'])).toBe('average');
    expect(inferTargetRollup(formula('duration'), ['sum'])).toBe('average');
  });
  it('adds up flows, takes the last of stocks, averages the rest', () => {
    expect(inferTargetRollup(formula('count'), ['sum'])).toBe('sum');
    expect(inferTargetRollup(formula('currency'), ['sum', 'sum'])).toBe('sum');
    expect(inferTargetRollup(formula('count'), ['last'])).toBe('last');
    expect(inferTargetRollup(formula('count'), ['sum', 'last'])).toBe('last');
    expect(inferTargetRollup(formula('count'), ['max'])).toBe('average');
    expect(inferTargetRollup(formula('count'), [])).toBe('average');
    // Cost per acquisition: currency over sums, but a rate.
    expect(inferTargetRollup(formula('currency'), ['sum', 'sum'], true)).toBe('average');
  });
  it('follows a roll-up KPI’s method', () => {
    expect(inferTargetRollup({ unit: 'count', source: 'rollup', rollupMethod: 'sum' }, [])).toBe('sum');
    expect(inferTargetRollup({ unit: 'count', source: 'rollup', rollupMethod: 'max' }, [])).toBe('average');
    expect(inferTargetRollup({ unit: 'percent', source: 'rollup', rollupMethod: 'sum' }, [])).toBe('average');
  });
  it('lets the owner’s choice win', () => {
    expect(effectiveTargetRollup({ ...formula('count'), targetRollup: 'last' }, ['sum'])).toBe('last');
    expect(effectiveTargetRollup({ ...formula('count'), targetRollup: null }, ['sum'])).toBe('sum');
  });
});

describe('deriveTarget', () => {
  it('sums, takes the last or averages values', () => {
    const ts = [{ value: 10 }, { value: 20 }, { value: 60 }];
    expect(deriveTarget('sum', ts)).toEqual({ value: 90 });
    expect(deriveTarget('last', ts)).toEqual({ value: 60 });
    expect(deriveTarget('average', ts)).toEqual({ value: 30 });
  });
  it('combines the ends of bands, reading a value as a one-point band', () => {
    expect(deriveTarget('average', [{ low: 1, high: 3 }, { low: 3, high: 5 }])).toEqual({ low: 2, high: 4 });
    expect(deriveTarget('sum', [{ low: 1, high: 3 }, { value: 2 }])).toEqual({ low: 3, high: 5 });
  });
  it('has nothing to derive from no targets', () => {
    expect(deriveTarget('sum', [])).toBeNull();
  });
});
