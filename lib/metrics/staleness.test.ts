import { describe, expect, it } from 'vitest';
import { duePeriod, stalenessOf } from './staleness';

const calendar = { fiscalYearStartMonth: 1 };
const octoberStart = { fiscalYearStartMonth: 10 };

describe('duePeriod', () => {
  it('owes November from 4 December with three grace days, October until then', () => {
    expect(duePeriod('month', '2026-12-03', calendar, 3).key).toBe('2026-10');
    expect(duePeriod('month', '2026-12-04', calendar, 3).key).toBe('2026-11');
    expect(duePeriod('month', '2026-12-31', calendar, 3).key).toBe('2026-11');
  });

  it('owes the month just ended from the next day with no grace days', () => {
    expect(duePeriod('month', '2026-11-30', calendar, 0).key).toBe('2026-10');
    expect(duePeriod('month', '2026-12-01', calendar, 0).key).toBe('2026-11');
  });

  it('owes the last ISO week after its grace days (weeks end on Sunday)', () => {
    // Week 48 of 2026 runs from Monday 23 to Sunday 29 November.
    expect(duePeriod('week', '2026-12-02', calendar, 3)).toMatchObject({ key: '2026-W47', end: '2026-11-22' });
    expect(duePeriod('week', '2026-12-03', calendar, 3)).toMatchObject({ key: '2026-W48', start: '2026-11-23', end: '2026-11-29' });
  });

  it('owes quarters and years of the fiscal calendar', () => {
    expect(duePeriod('quarter', '2026-10-03', calendar, 3).key).toBe('2026-Q2');
    expect(duePeriod('quarter', '2026-10-04', calendar, 3).key).toBe('2026-Q3');
    // With an October start, fiscal 2026 ends on 30 September 2026 and its Q1 is October–December 2025.
    expect(duePeriod('year', '2026-10-04', octoberStart, 3)).toMatchObject({ key: '2026', start: '2025-10-01', end: '2026-09-30' });
    expect(duePeriod('year', '2026-10-03', octoberStart, 3).key).toBe('2025');
    expect(duePeriod('quarter', '2026-01-04', octoberStart, 3)).toMatchObject({ key: '2026-Q1', start: '2025-10-01', end: '2025-12-31' });
    expect(duePeriod('year', '2027-01-04', calendar, 3).key).toBe('2026');
  });
});

describe('stalenessOf', () => {
  const metric = (createdOn: string, hasValueInDuePeriod: boolean) => ({ frequency: 'month' as const, createdOn, hasValueInDuePeriod });

  it('is overdue without a value in the due period, since the day after the grace days', () => {
    const s = stalenessOf(metric('2025-01-01', false), '2026-12-10', calendar, 3);
    expect(s).toMatchObject({ overdue: true, overdueSince: '2026-12-04', due: { key: '2026-11' } });
  });

  it('is not overdue with a value in the due period', () => {
    expect(stalenessOf(metric('2025-01-01', true), '2026-12-10', calendar, 3)).toMatchObject({ overdue: false, overdueSince: null });
  });

  it('is not overdue for a metric created after the due period ended', () => {
    expect(stalenessOf(metric('2026-12-01', false), '2026-12-10', calendar, 3).overdue).toBe(false);
    // Created on the period's last day: it owed that period.
    expect(stalenessOf(metric('2026-11-30', false), '2026-12-10', calendar, 3).overdue).toBe(true);
  });

  it('moves the overdue day with the grace days', () => {
    expect(stalenessOf(metric('2025-01-01', false), '2026-12-20', calendar, 10)).toMatchObject({ overdueSince: '2026-12-11', due: { key: '2026-11' } });
    expect(stalenessOf(metric('2025-01-01', false), '2026-12-10', calendar, 10)).toMatchObject({ overdueSince: '2026-11-11', due: { key: '2026-10' } });
  });
});
