import { describe, expect, it } from 'vitest';
import { parseScorecardPeriod, periodPicker } from './period-param';

const calendar = { fiscalYearStartMonth: 1 };
const april = { fiscalYearStartMonth: 4 };
const today = '2026-11-30';

describe('parseScorecardPeriod', () => {
  it('defaults to the last completed month', () => {
    expect(parseScorecardPeriod(undefined, today, calendar)).toMatchObject({ ok: true, isDefault: true, period: { key: '2026-10', kind: 'month' } });
    expect(parseScorecardPeriod('', today, calendar)).toMatchObject({ ok: true, period: { key: '2026-10' } });
    expect(parseScorecardPeriod(undefined, '2026-01-01', calendar)).toMatchObject({ ok: true, period: { key: '2025-12' } });
  });

  it('reads weeks, months, quarters and years, fiscal ones included', () => {
    expect(parseScorecardPeriod('2026-W40', today, calendar)).toMatchObject({ ok: true, isDefault: false, period: { kind: 'week', start: '2026-09-28', end: '2026-10-04' } });
    expect(parseScorecardPeriod('2026-Q3', today, calendar)).toMatchObject({ ok: true, period: { kind: 'quarter', start: '2026-07-01', end: '2026-09-30' } });
    expect(parseScorecardPeriod('2026', today, calendar)).toMatchObject({ ok: true, period: { kind: 'year', start: '2026-01-01' } });
    // With an April fiscal year, Q1 of FY2027 is April–June 2026.
    expect(parseScorecardPeriod('2027-Q1', today, april)).toMatchObject({ ok: true, period: { start: '2026-04-01', end: '2026-06-30' } });
    expect(parseScorecardPeriod('2026-10', today, calendar)).toMatchObject({ ok: true, isDefault: true });
  });

  it('accepts the period under way, which has data so far', () => {
    expect(parseScorecardPeriod('2026-11', today, calendar)).toMatchObject({ ok: true, period: { key: '2026-11' } });
  });

  it('answers a malformed, repeated or future period with a message and the default to fall back to', () => {
    const bad = parseScorecardPeriod('2026-13', today, calendar);
    expect(bad).toMatchObject({ ok: false, fallback: { key: '2026-10' } });
    expect(!bad.ok && bad.error).toMatch(/Month must be 01–12/);
    expect(parseScorecardPeriod('last month', today, calendar)).toMatchObject({ ok: false, error: expect.stringMatching(/“last month” is not a period. Expected a period like/) });
    expect(parseScorecardPeriod(['2026-10', '2026-09'], today, calendar)).toMatchObject({ ok: false, error: 'Choose one period at a time.' });
    expect(parseScorecardPeriod('2026-12', today, calendar)).toMatchObject({ ok: false, error: 'Dec 2026 has not begun yet, so it has no numbers.' });
    expect(parseScorecardPeriod('2025-W53', today, calendar)).toMatchObject({ ok: false, error: expect.stringMatching(/Week 53 does not exist in 2025/) });
  });

  it('keeps a very long value out of the message', () => {
    const result = parseScorecardPeriod('x'.repeat(5000), today, calendar);
    expect(!result.ok && result.error.length).toBeLessThan(200);
  });
});

describe('periodPicker', () => {
  it('offers the neighbours, recent periods of the same kind and the other kinds', () => {
    const picker = periodPicker({ kind: 'month', key: '2026-10', start: '2026-10-01', end: '2026-10-31' }, today, calendar);
    expect(picker.previous).toEqual({ key: '2026-09', label: 'Sep 2026' });
    expect(picker.next).toEqual({ key: '2026-11', label: 'Nov 2026' });
    expect(picker.recent[0]).toEqual({ key: '2026-11', label: 'Nov 2026' });
    expect(picker.recent).toHaveLength(12);
    expect(picker.kinds).toEqual([
      { kind: 'week', label: 'Week', key: '2026-W48' },
      { kind: 'month', label: 'Month', key: '2026-10' },
      { kind: 'quarter', label: 'Quarter', key: '2026-Q3' },
      { kind: 'year', label: 'Year', key: '2025' },
      { kind: 'ytd', label: 'Year to date', key: '2026-YTD' },
    ]);
  });

  it('reads a year to date and steps through fiscal years to date', () => {
    const param = parseScorecardPeriod('2026-YTD', today, calendar);
    expect(param).toMatchObject({ ok: true, period: { kind: 'ytd', key: '2026-YTD' } });
    const picker = periodPicker(param.ok ? param.period : param.fallback, today, calendar);
    expect(picker.current).toEqual({ key: '2026-YTD', label: '2026 to date' });
    expect(picker.previous.key).toBe('2025-YTD');
    expect(picker.next).toBeNull();
    expect(parseScorecardPeriod('2027-YTD', today, calendar)).toMatchObject({ ok: false, error: '2027 to date has not begun yet, so it has no numbers.' });
  });

  it('has no next period once it would not have begun', () => {
    const result = parseScorecardPeriod('2026-11', today, calendar);
    expect(result.ok && periodPicker(result.period, today, calendar).next).toBeNull();
  });

  it('lists a period older than the recent ones too, so the picker always shows the current choice', () => {
    const result = parseScorecardPeriod('2020-03', today, calendar);
    const picker = result.ok ? periodPicker(result.period, today, calendar) : null;
    expect(picker?.recent.at(-1)).toEqual({ key: '2020-03', label: 'Mar 2020' });
  });
});
