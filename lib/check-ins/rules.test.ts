import { describe, expect, it } from 'vitest';
import { parsePeriodKey } from '@/lib/periods';
import { entryDateOf, entryModeOf, isWatermelon } from './rules';

const cal = { fiscalYearStartMonth: 1 };

describe('isWatermelon', () => {
  it('flags only an owner saying on track while the numbers say off track', () => {
    expect(isWatermelon('on_track', 'off_track')).toBe(true);
    expect(isWatermelon('on_track', 'on_track')).toBe(false);
    expect(isWatermelon('on_track', 'at_risk')).toBe(false);
    expect(isWatermelon('on_track', 'no_data')).toBe(false);
    expect(isWatermelon('at_risk', 'off_track')).toBe(false);
    expect(isWatermelon('off_track', 'off_track')).toBe(false);
    expect(isWatermelon(null, 'off_track')).toBe(false);
    expect(isWatermelon(undefined, undefined)).toBe(false);
  });
});

describe('the date a period is recorded at', () => {
  it('is the last day of the period, as the demo seed dates monthly and weekly values', () => {
    expect(entryDateOf(parsePeriodKey('2026-02', cal))).toBe('2026-02-28');
    expect(entryDateOf(parsePeriodKey('2026-W05', cal))).toBe('2026-02-01');
    expect(entryDateOf(parsePeriodKey('2026-Q1', { fiscalYearStartMonth: 10 }))).toBe('2025-12-31');
  });

  it('records a monthly metric on the month end, replacing a value already there', () => {
    const march = parsePeriodKey('2026-03', cal);
    expect(entryModeOf({ frequency: 'month' }, march, [])).toEqual({ editable: true, date: '2026-03-31' });
    expect(entryModeOf({ frequency: 'month' }, march, ['2026-03-31'])).toEqual({ editable: true, date: '2026-03-31' });
    // A yearly metric in a monthly KPI: one value per period still.
    expect(entryModeOf({ frequency: 'year' }, march, [])).toEqual({ editable: true, date: '2026-03-31' });
  });

  it('never adds a value to a period that already combines others, so a sum is not double-counted', () => {
    const march = parsePeriodKey('2026-03', cal);
    expect(entryModeOf({ frequency: 'month' }, march, ['2026-03-15'])).toEqual({ editable: false, reason: 'finer_values' });
    expect(entryModeOf({ frequency: 'month' }, march, ['2026-03-15', '2026-03-31'])).toEqual({ editable: false, reason: 'finer_values' });
    expect(entryModeOf({ frequency: 'week' }, march, [])).toEqual({ editable: false, reason: 'finer_frequency' });
    expect(entryModeOf({ frequency: 'month' }, parsePeriodKey('2026-Q1', cal), [])).toEqual({ editable: false, reason: 'finer_frequency' });
  });
});
