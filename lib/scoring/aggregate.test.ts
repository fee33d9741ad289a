import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateValues } from './aggregate';
import type { Aggregation } from './types';

const values = [
  { date: '2025-01-10', value: 4 },
  { date: '2025-01-31', value: 10 },
  { date: '2025-01-02', value: 1 },
];

describe('aggregateValues', () => {
  it('combines a period by the aggregation', () => {
    expect(aggregateValues(values, 'sum')).toBe(15);
    expect(aggregateValues(values, 'average')).toBe(5);
    expect(aggregateValues(values, 'min')).toBe(1);
    expect(aggregateValues(values, 'max')).toBe(10);
    expect(aggregateValues(values, 'last')).toBe(10); // latest date, not last in the list
  });

  it('is null for an empty period, never 0', () => {
    for (const a of ['sum', 'last', 'average', 'min', 'max'] as const) expect(aggregateValues([], a)).toBeNull();
  });

  it('keeps a genuine 0', () => {
    expect(aggregateValues([{ date: '2025-01-01', value: 0 }], 'sum')).toBe(0);
  });

  it('averages huge values without overflowing', () => {
    const huge = [
      { date: '2025-01-01', value: Number.MAX_VALUE },
      { date: '2025-01-02', value: Number.MAX_VALUE },
    ];
    expect(aggregateValues(huge, 'average')).toBe(Number.MAX_VALUE);
  });

  it('a non-empty period is never null and average/last/min/max lie within [min, max]', () => {
    const entry = fc.record({
      date: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1000, max: 1000 })),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 30 }), fc.constantFrom<Aggregation>('sum', 'last', 'average', 'min', 'max'), (vs, agg) => {
        const r = aggregateValues(vs, agg);
        expect(r).not.toBeNull();
        if (agg === 'sum') return;
        const xs = vs.map((v) => v.value);
        expect(r).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(r).toBeLessThanOrEqual(Math.max(...xs));
      }),
      { numRuns: 500 },
    );
  });
});

describe('aggregateValues at the edges', () => {
  it('max is the largest value, not the latest one', () => {
    const later = [
      { date: '2025-01-01', value: 9 },
      { date: '2025-01-02', value: 3 },
    ];
    expect(aggregateValues(later, 'max')).toBe(9);
    expect(aggregateValues(later, 'min')).toBe(3);
  });

  it('last takes the entry recorded later on a tie of dates', () => {
    const tie = [
      { date: '2025-01-05', value: 1 },
      { date: '2025-01-05', value: 2 },
      { date: '2025-01-04', value: 3 },
    ];
    expect(aggregateValues(tie, 'last')).toBe(2);
  });

  it('averages huge unequal values without overflowing', () => {
    const huge = [
      { date: '2025-01-01', value: Number.MAX_VALUE },
      { date: '2025-01-02', value: Number.MAX_VALUE / 2 },
    ];
    expect(aggregateValues(huge, 'average')).toBe(Number.MAX_VALUE * 0.75);
  });
});
