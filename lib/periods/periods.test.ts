import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDates,
  daysBetween,
  fiscalYearOf,
  isIsoDate,
  lastCompletedPeriod,
  nextPeriod,
  parsePeriodKey,
  PeriodError,
  periodContaining,
  periodKindOfKey,
  periodKinds,
  periodLabel,
  periodsBetween,
  periodsInRange,
  periodsOfFiscalYear,
  previousPeriod,
  safeParsePeriodKey,
  shiftPeriod,
  organizationToday,
  utcDateOf,
  type FiscalCalendar,
} from '.';

const calendar: FiscalCalendar = { fiscalYearStartMonth: 1 };
const april: FiscalCalendar = { fiscalYearStartMonth: 4 };
const october: FiscalCalendar = { fiscalYearStartMonth: 10 };
const keys = (periods: { key: string }[]) => periods.map((p) => p.key);

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01', '2026-W01', '2025-12-29', '2026-01-04'],
    ['2021-01-03', '2020-W53', '2020-12-28', '2021-01-03'],
    ['2024-12-30', '2025-W01', '2024-12-30', '2025-01-05'],
    ['2026-01-28', '2026-W05', '2026-01-26', '2026-02-01'],
  ])('%s is in %s', (date, key, start, end) => {
    expect(periodContaining(date, 'week', calendar)).toEqual({ kind: 'week', key, start, end });
  });

  // 2026 begins on a Thursday, so like 2020 it has 53 ISO weeks; 2025 and 2027 have 52.
  it('knows which years have 53 weeks', () => {
    expect(parsePeriodKey('2020-W53', calendar).start).toBe('2020-12-28');
    expect(parsePeriodKey('2026-W53', calendar)).toMatchObject({ start: '2026-12-28', end: '2027-01-03' });
    expect(() => parsePeriodKey('2027-W53', calendar)).toThrow('Week 53 does not exist in 2027');
    expect(periodsOfFiscalYear(2020, 'week', calendar)).toHaveLength(53);
    expect(periodsOfFiscalYear(2026, 'week', calendar)).toHaveLength(53);
    expect(periodsOfFiscalYear(2027, 'week', calendar)).toHaveLength(52);
  });

  it('ignores the fiscal calendar', () => {
    expect(periodContaining('2026-01-01', 'week', october).key).toBe('2026-W01');
    expect(periodContaining('2026-03-15', 'month', october).key).toBe('2026-03');
  });
});

describe('fiscal years, named by the calendar year they end in', () => {
  it('equal calendar years when they start in January', () => {
    expect(parsePeriodKey('2026', calendar)).toMatchObject({ start: '2026-01-01', end: '2026-12-31' });
    expect(parsePeriodKey('2026-Q1', calendar)).toMatchObject({ start: '2026-01-01', end: '2026-03-31' });
  });

  it('start in April', () => {
    expect(periodContaining('2026-04-01', 'quarter', april).key).toBe('2027-Q1');
    expect(periodContaining('2026-04-01', 'year', april).key).toBe('2027');
    expect(periodContaining('2026-03-31', 'quarter', april).key).toBe('2026-Q4');
    expect(parsePeriodKey('2027', april)).toMatchObject({ start: '2026-04-01', end: '2027-03-31' });
    expect(fiscalYearOf('2026-04-01', april)).toBe(2027);
    expect(fiscalYearOf('2026-03-31', april)).toBe(2026);
  });

  it('start in October', () => {
    expect(periodContaining('2026-10-01', 'quarter', october).key).toBe('2027-Q1');
    expect(parsePeriodKey('2027-Q1', october)).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(parsePeriodKey('2027-Q4', october)).toMatchObject({ start: '2027-07-01', end: '2027-09-30' });
    expect(parsePeriodKey('2027', october)).toMatchObject({ start: '2026-10-01', end: '2027-09-30' });
    expect(keys(periodsOfFiscalYear(2027, 'quarter', october))).toEqual(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
    expect(keys(periodsOfFiscalYear(2027, 'month', october))).toEqual([
      '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03',
      '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09',
    ]);
  });

  it('gives months their real lengths', () => {
    expect(parsePeriodKey('2024-02', calendar).end).toBe('2024-02-29');
    expect(parsePeriodKey('2026-02', calendar).end).toBe('2026-02-28');
    expect(parsePeriodKey('1900-02', calendar).end).toBe('1900-02-28');
    expect(parsePeriodKey('2000-02', calendar).end).toBe('2000-02-29');
  });
});

describe('labels', () => {
  it.each([
    ['2026-W05', calendar, 'Week 5, 2026'],
    ['2026-03', october, 'Mar 2026'],
    ['2026-Q1', october, 'Q1 FY2026'],
    ['2026-Q1', calendar, 'Q1 2026'],
    ['2026', calendar, '2026'],
    ['2026', april, 'FY2026'],
  ])('%s reads as %s', (key, cal, label) => {
    expect(periodLabel(parsePeriodKey(key, cal), cal)).toBe(label);
  });
});

describe('stepping across year boundaries', () => {
  it.each([
    ['2026-12', calendar, '2027-01'],
    ['2020-W53', calendar, '2021-W01'],
    ['2025-W52', calendar, '2026-W01'],
    ['2026-W52', calendar, '2026-W53'],
    ['2026-Q4', calendar, '2027-Q1'],
    ['2027-Q4', october, '2028-Q1'],
    ['2026', april, '2027'],
  ])('after %s comes %s', (key, cal, next) => {
    const period = parsePeriodKey(key, cal);
    expect(nextPeriod(period, cal).key).toBe(next);
    expect(previousPeriod(parsePeriodKey(next, cal), cal)).toEqual(period);
  });

  it('shifts by many periods', () => {
    expect(shiftPeriod(parsePeriodKey('2026-03', calendar), -15, calendar).key).toBe('2024-12');
    expect(shiftPeriod(parsePeriodKey('2027-Q1', october), 5, october).key).toBe('2028-Q2');
  });

  it('finds the last completed period', () => {
    expect(lastCompletedPeriod('month', '2026-03-15', calendar).key).toBe('2026-02');
    expect(lastCompletedPeriod('week', '2026-01-01', calendar).key).toBe('2025-W52');
    expect(lastCompletedPeriod('quarter', '2026-10-01', october).key).toBe('2026-Q4');
  });
});

describe('lists of periods', () => {
  it('lists from one period to another', () => {
    const [november, february] = [parsePeriodKey('2026-11', calendar), parsePeriodKey('2027-02', calendar)];
    expect(keys(periodsBetween(november, february, calendar))).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(periodsBetween(february, november, calendar)).toEqual([]);
    expect(() => periodsBetween(parsePeriodKey('2026', calendar), november, calendar)).toThrow(PeriodError);
  });

  it('lists the periods overlapping a date range', () => {
    expect(keys(periodsInRange('week', '2026-01-01', '2026-01-31', calendar))).toEqual([
      '2026-W01', '2026-W02', '2026-W03', '2026-W04', '2026-W05',
    ]);
    expect(keys(periodsInRange('quarter', '2026-09-30', '2026-10-01', october))).toEqual(['2026-Q4', '2027-Q1']);
    expect(periodsInRange('month', '2026-02-01', '2026-01-31', calendar)).toEqual([]);
  });

  it('gives a fiscal year the weeks whose Thursday falls in it', () => {
    const weeks = periodsOfFiscalYear(2027, 'week', october);
    expect(weeks[0]?.key).toBe('2026-W40'); // Mon 2026-09-28, Thu 2026-10-01
    expect(weeks.at(-1)?.key).toBe('2027-W39'); // Mon 2027-09-27, Thu 2027-09-30
  });
});

describe('invalid input', () => {
  it.each([
    ['', 'Expected a period like 2026-W05, 2026-03, 2026-Q1 or 2026'],
    ['2026-3', 'Expected a period like'],
    ['2026-w05', 'Expected a period like'],
    ['26-Q1', 'Expected a period like'],
    ['2026-W5', 'Expected a period like'],
    ['2026 -03', 'Expected a period like'],
    ['2026-W00', 'Week must be 01–53'],
    ['2026-W54', 'Week must be 01–53'],
    ['2025-W53', 'Week 53 does not exist in 2025'],
    ['2026-13', 'Month must be 01–12'],
    ['2026-00', 'Month must be 01–12'],
    ['2026-Q0', 'Quarter must be 1–4'],
    ['2026-Q5', 'Quarter must be 1–4'],
    ['1899', 'Year must be between 1900 and 9999'],
    ['0000-01', 'Year must be between 1900 and 9999'],
  ])('rejects %j', (key, message) => {
    expect(() => parsePeriodKey(key, calendar)).toThrow(PeriodError);
    expect(() => parsePeriodKey(key, calendar)).toThrow(message);
    expect(safeParsePeriodKey(key, calendar)).toEqual({ ok: false, error: expect.stringContaining(message) });
  });

  it('trims surrounding whitespace', () => {
    const march = parsePeriodKey('2026-03', calendar);
    expect(safeParsePeriodKey(' 2026-03 ', calendar)).toEqual({ ok: true, period: march });
  });

  it('refuses periods that reach outside 1900–9999', () => {
    expect(() => parsePeriodKey('1900', april)).toThrow(PeriodError); // would start 1899-04-01
    expect(() => periodContaining('9999-12-31', 'week', calendar)).toThrow(PeriodError); // ends in year 10000
    expect(() => previousPeriod(parsePeriodKey('1900-01', calendar), calendar)).toThrow(PeriodError);
    expect(parsePeriodKey('1900-W01', calendar).start).toBe('1900-01-01');
  });

  it('refuses a fiscal start month outside 1–12', () => {
    for (const fiscalYearStartMonth of [0, 13, 1.5]) {
      expect(() => parsePeriodKey('2026', { fiscalYearStartMonth })).toThrow('Fiscal year start month must be 1–12');
    }
  });

  it('refuses malformed dates', () => {
    expect(() => periodContaining('2026-02-30', 'month', calendar)).toThrow(PeriodError);
    expect(() => addDays('2026-01-01', 0.5)).toThrow(PeriodError);
  });

  it('recognises key shapes without checking ranges', () => {
    expect(periodKindOfKey('2026-W99')).toBe('week');
    expect(periodKindOfKey('2026-13')).toBe('month');
    expect(periodKindOfKey('2026-Q9')).toBe('quarter');
    expect(periodKindOfKey('2026')).toBe('year');
    expect(periodKindOfKey('next week')).toBeNull();
  });
});

describe('dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-2-3', false],
    [' 2026-01-01', false],
    ['2026-01-01T00:00', false],
    ['1899-12-31', false],
    ['9999-12-31', true],
  ])('isIsoDate(%j) is %s', (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
  });

  it('adds and counts days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    expect(compareIsoDates('2026-01-02', '2026-01-10')).toBe(-1);
    expect(compareIsoDates('2026-01-02', '2026-01-02')).toBe(0);
  });

  it("takes an organization's today in its time zone", () => {
    const late = new Date('2026-03-31T23:30:00Z');
    expect(utcDateOf(late)).toBe('2026-03-31');
    expect(organizationToday({ timeZone: 'UTC' }, late)).toBe('2026-03-31');
    // Already 1 April (and a new fiscal year from April) in Auckland, still 31 March in New York.
    expect(organizationToday({ timeZone: 'Pacific/Auckland' }, late)).toBe('2026-04-01');
    expect(organizationToday({ timeZone: 'America/New_York' }, late)).toBe('2026-03-31');
    expect(organizationToday({ timeZone: 'America/New_York' }, new Date('2026-01-01T04:59:59Z'))).toBe('2025-12-31');
    expect(organizationToday({ timeZone: 'Asia/Kolkata' }, new Date('2028-02-28T18:30:00Z'))).toBe('2028-02-29');
  });
});

describe('properties', () => {
  const DAY_MS = 86_400_000;
  const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
  const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  const dateBetween = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(isoOf);
  const anyDate = dateBetween('1901-01-01', '9998-12-31');
  // Near the ends a fiscal year's neighbour would start in 1899 or need a five-digit key.
  const dateWithNeighbours = dateBetween('1902-01-01', '9997-12-31');
  const anyShiftableDate = dateBetween('1960-01-01', '9940-12-31');
  const anyCalendar = fc.integer({ min: 1, max: 12 }).map((fiscalYearStartMonth) => ({ fiscalYearStartMonth }));
  const anyKind = fc.constantFrom(...periodKinds);
  const numRuns = 300;

  it('parses every key it formats back to the same period', () => {
    fc.assert(
      fc.property(anyDate, anyKind, anyCalendar, (date, kind, cal) => {
        const period = periodContaining(date, kind, cal);
        expect(parsePeriodKey(period.key, cal)).toEqual(period);
        expect(periodKindOfKey(period.key)).toBe(kind);
        expect(periodLabel(period, cal)).not.toBe('');
      }),
      { numRuns },
    );
  });

  it('puts each date in exactly one period of each kind', () => {
    fc.assert(
      fc.property(anyDate, anyKind, anyCalendar, (date, kind, cal) => {
        const period = periodContaining(date, kind, cal);
        expect(compareIsoDates(period.start, date)).toBeLessThanOrEqual(0);
        expect(compareIsoDates(date, period.end)).toBeLessThanOrEqual(0);
        expect(periodContaining(period.start, kind, cal)).toEqual(period);
        expect(periodContaining(period.end, kind, cal)).toEqual(period);
      }),
      { numRuns },
    );
  });

  it('tiles the timeline without gaps or overlap', () => {
    fc.assert(
      fc.property(dateWithNeighbours, anyKind, anyCalendar, (date, kind, cal) => {
        const period = periodContaining(date, kind, cal);
        expect(previousPeriod(period, cal).end).toBe(addDays(period.start, -1));
        expect(nextPeriod(period, cal).start).toBe(addDays(period.end, 1));
      }),
      { numRuns },
    );
  });

  it('undoes steps and shifts', () => {
    fc.assert(
      fc.property(anyShiftableDate, anyKind, anyCalendar, fc.integer({ min: -50, max: 50 }), (date, kind, cal, by) => {
        const period = periodContaining(date, kind, cal);
        expect(nextPeriod(previousPeriod(period, cal), cal)).toEqual(period);
        expect(previousPeriod(nextPeriod(period, cal), cal)).toEqual(period);
        const shifted = shiftPeriod(period, by, cal);
        expect(shiftPeriod(shifted, -by, cal)).toEqual(period);
        const run = by >= 0 ? periodsBetween(period, shifted, cal) : periodsBetween(shifted, period, cal);
        expect(run).toHaveLength(Math.abs(by) + 1);
      }),
      { numRuns },
    );
  });

  it('agrees with simple rules for months, quarters and years', () => {
    fc.assert(
      fc.property(anyDate, anyCalendar, (date, cal) => {
        const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
        const start = cal.fiscalYearStartMonth;
        const fiscalYear = start === 1 || month < start ? year : year + 1;
        const quarter = Math.floor(((month - start + 12) % 12) / 3) + 1;
        expect(periodContaining(date, 'month', cal).key).toBe(date.slice(0, 7));
        expect(periodContaining(date, 'quarter', cal).key).toBe(`${fiscalYear}-Q${quarter}`);
        expect(periodContaining(date, 'year', cal).key).toBe(String(fiscalYear));
        expect(fiscalYearOf(date, cal)).toBe(fiscalYear);
      }),
      { numRuns },
    );
  });

  it('makes ISO weeks seven days from Monday, with the Thursday in the key year', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const week = periodContaining(date, 'week', calendar);
        expect(daysBetween(week.start, week.end)).toBe(6);
        expect(new Date(`${week.start}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(addDays(week.start, 3).slice(0, 4)).toBe(week.key.slice(0, 4));
      }),
      { numRuns },
    );
  });

  it('splits each fiscal year into 12 months, 4 quarters and 52 or 53 weeks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1902, max: 9998 }), anyCalendar, (fiscalYear, cal) => {
        const year = parsePeriodKey(String(fiscalYear), cal);
        for (const [kind, count] of [['month', 12], ['quarter', 4]] as const) {
          const parts = periodsOfFiscalYear(fiscalYear, kind, cal);
          expect(parts).toHaveLength(count);
          expect(parts[0]?.start).toBe(year.start);
          expect(parts.at(-1)?.end).toBe(year.end);
          parts.slice(1).forEach((part, i) => expect(part.start).toBe(addDays(parts[i]!.end, 1)));
        }
        const weeks = periodsOfFiscalYear(fiscalYear, 'week', cal);
        expect([52, 53]).toContain(weeks.length);
        weeks.forEach((week) => expect(fiscalYearOf(addDays(week.start, 3), cal)).toBe(fiscalYear));
        expect(fiscalYearOf(addDays(previousPeriod(weeks[0]!, cal).start, 3), cal)).toBe(fiscalYear - 1);
        expect(fiscalYearOf(addDays(nextPeriod(weeks.at(-1)!, cal).start, 3), cal)).toBe(fiscalYear + 1);
      }),
      { numRuns: 150 },
    );
  });

  it('lists exactly the periods overlapping a range', () => {
    fc.assert(
      fc.property(dateWithNeighbours, fc.integer({ min: 0, max: 200 }), anyKind, anyCalendar, (start, days, kind, cal) => {
        const end = addDays(start, days);
        const periods = periodsInRange(kind, start, end, cal);
        expect(periods[0]).toEqual(periodContaining(start, kind, cal));
        expect(periods.at(-1)).toEqual(periodContaining(end, kind, cal));
        periods.slice(1).forEach((period, i) => expect(period).toEqual(nextPeriod(periods[i]!, cal)));
      }),
      { numRuns },
    );
  });

  it('adds and counts days consistently', () => {
    fc.assert(
      fc.property(anyShiftableDate, fc.integer({ min: -3000, max: 3000 }), (date, days) => {
        const later = addDays(date, days);
        expect(isIsoDate(later)).toBe(true);
        expect(daysBetween(date, later)).toBe(days);
        expect(compareIsoDates(later, date)).toBe(Math.sign(days));
      }),
      { numRuns },
    );
  });
});
