import { describe, expect, it } from 'vitest';
import { goalPace } from './goal-pace';

// 2025 is not a leap year: 1 Jan – 31 Dec is 365 inclusive days.
const year = { target: 2000, start: '2025-01-01', due: '2025-12-31' };

describe('goalPace', () => {
  it('expects target × elapsed share, counting both ends', () => {
    const p = goalPace({ ...year, actual: 1000, today: '2025-07-02' }); // day 183 of 365
    expect(p.elapsedShare).toBeCloseTo(183 / 365, 12);
    expect(p.expected).toBeCloseTo((2000 * 183) / 365, 9);
    expect(p.progress).toBe(0.5);
  });

  it('is not started before the start and complete from the due date', () => {
    expect(goalPace({ ...year, actual: null, today: '2024-12-31' })).toMatchObject({ elapsedShare: 0, expected: 0, verdict: 'not_started' });
    expect(goalPace({ ...year, actual: 10, today: '2025-01-01' }).elapsedShare).toBeCloseTo(1 / 365, 12);
    expect(goalPace({ ...year, actual: 10, today: '2025-12-31' }).elapsedShare).toBe(1);
    expect(goalPace({ ...year, actual: 10, today: '2026-03-01' }).elapsedShare).toBe(1);
  });

  it('has no data without an actual', () => {
    expect(goalPace({ ...year, actual: null, today: '2025-06-01' })).toMatchObject({ progress: null, verdict: 'no_data' });
  });

  it('judges ahead / on pace / behind with a 5% tolerance around expected', () => {
    const today = '2025-07-02'; // expected ≈ 1002.7
    expect(goalPace({ ...year, actual: 1100, today }).verdict).toBe('ahead');
    expect(goalPace({ ...year, actual: 1000, today }).verdict).toBe('on_pace');
    expect(goalPace({ ...year, actual: 960, today }).verdict).toBe('on_pace');
    expect(goalPace({ ...year, actual: 940, today }).verdict).toBe('behind');
  });

  it('is achieved once an up goal reaches its target', () => {
    expect(goalPace({ ...year, actual: 2000, today: '2025-05-01' }).verdict).toBe('achieved');
    expect(goalPace({ ...year, actual: 1990, today: '2026-01-05' }).verdict).toBe('behind');
  });

  it('treats a down goal as a budget', () => {
    const budget = { target: 100, start: '2025-01-01', due: '2025-12-31', direction: 'down' as const };
    expect(goalPace({ ...budget, actual: 20, today: '2025-07-02' }).verdict).toBe('ahead');
    expect(goalPace({ ...budget, actual: 50, today: '2025-07-02' }).verdict).toBe('on_pace');
    expect(goalPace({ ...budget, actual: 80, today: '2025-07-02' }).verdict).toBe('behind');
    expect(goalPace({ ...budget, actual: 120, today: '2025-07-02' }).verdict).toBe('behind');
    expect(goalPace({ ...budget, actual: 90, today: '2025-12-31' }).verdict).toBe('achieved');
    expect(goalPace({ ...budget, actual: 101, today: '2026-01-01' }).verdict).toBe('behind');
  });

  it('has no progress for a target of 0', () => {
    expect(goalPace({ ...year, target: 0, actual: 5, today: '2025-03-01' }).progress).toBeNull();
  });

  it('rejects malformed dates', () => {
    expect(() => goalPace({ ...year, actual: 1, today: '2025-02-30' })).toThrow(RangeError);
    expect(() => goalPace({ ...year, actual: 1, today: '1/2/2025' })).toThrow(RangeError);
  });
});

describe('goalPace at the edges', () => {
  // 4 days: on day 2 half the span has elapsed, expected = 100 and the tolerance band ±5 exactly.
  const short = { target: 200, start: '2025-01-01', due: '2025-01-04', today: '2025-01-02' };

  it('counts exactly the tolerance as on pace, on both sides', () => {
    expect(goalPace({ ...short, actual: 105 })).toMatchObject({ expected: 100, verdict: 'on_pace' });
    expect(goalPace({ ...short, actual: 95 }).verdict).toBe('on_pace');
    expect(goalPace({ ...short, actual: 105.5 }).verdict).toBe('ahead');
    expect(goalPace({ ...short, actual: 94.5 }).verdict).toBe('behind');
  });

  it('judges the start day itself, and has no data for an actual that is not a number', () => {
    expect(goalPace({ ...short, today: '2025-01-01', actual: 50 }).verdict).toBe('on_pace');
    expect(goalPace({ ...short, actual: Number.NaN })).toMatchObject({ progress: null, verdict: 'no_data' });
  });

  it('achieves a down goal that ends exactly on its budget', () => {
    expect(goalPace({ ...short, direction: 'down', today: '2025-01-04', actual: 200 }).verdict).toBe('achieved');
  });

  it('decides elapsed time by the start and the due date, in that order, even for a span given backwards', () => {
    const backwards = { target: 10, actual: 1, start: '2025-06-01', due: '2025-05-01' };
    expect(goalPace({ ...backwards, today: '2025-05-15' }).elapsedShare).toBe(0);
    expect(goalPace({ ...backwards, today: '2025-07-01' }).elapsedShare).toBe(1);
  });

  it('names the malformed date', () => {
    expect(() => goalPace({ ...short, actual: 1, today: '2025-02-30' })).toThrow('Not a date (YYYY-MM-DD): 2025-02-30');
  });
});
