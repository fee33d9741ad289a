import {
  epochDayOf,
  fromEpochDay,
  isoWeekday,
  MAX_DAY,
  MAX_YEAR,
  MIN_DAY,
  MIN_YEAR,
  toEpochDay,
  yearMonthOf,
  type IsoDate,
} from './dates';
import { PeriodError } from './period-error';

export { addDays, compareIsoDates, dateInTimeZone, daysBetween, isIsoDate, organizationToday, utcDateOf, type IsoDate } from './dates';
export { PeriodError } from './period-error';

export const periodKinds = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export type Period = { kind: PeriodKind; key: string; start: IsoDate; end: IsoDate /* inclusive */ };
export type FiscalCalendar = { fiscalYearStartMonth: number };

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const KEY_SHAPES: ReadonlyArray<{ kind: PeriodKind; pattern: RegExp }> = [
  { kind: 'week', pattern: /^(\d{4})-W(\d{2})$/ },
  { kind: 'month', pattern: /^(\d{4})-(\d{2})$/ },
  { kind: 'quarter', pattern: /^(\d{4})-Q(\d)$/ },
  { kind: 'year', pattern: /^(\d{4})$/ },
];
const KEY_EXAMPLE = 'Expected a period like 2026-W05, 2026-03, 2026-Q1 or 2026';

/** Kind, year and number within the year (week, month or quarter; 0 for a year), checked for shape only. */
function splitKey(key: string): { kind: PeriodKind; year: number; index: number } | null {
  const trimmed = key.trim();
  for (const { kind, pattern } of KEY_SHAPES) {
    const match = pattern.exec(trimmed);
    if (match) return { kind, year: Number(match[1]), index: Number(match[2] ?? 0) };
  }
  return null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function startMonthOf(cal: FiscalCalendar): number {
  const month = cal.fiscalYearStartMonth;
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new PeriodError('Fiscal year start month must be 1–12');
  }
  return month;
}

function assertKind(kind: string): asserts kind is PeriodKind {
  if (!(periodKinds as readonly string[]).includes(kind)) throw new PeriodError(`Unknown period kind ${kind}`);
}

// Every kind maps to a run of consecutive integers ("ordinals") so shifting and
// ranges are plain integer arithmetic. Months count as year * 12 + (month - 1).

const monthIndexOfDay = (day: number) => {
  const { year, month } = yearMonthOf(day);
  return year * 12 + month - 1;
};
const firstDayOfMonthIndex = (monthIndex: number) => epochDayOf(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);

/** Month index where fiscal year `fy` begins; the year is named by the calendar year it ends in. */
function fiscalYearStartMonthIndex(fy: number, startMonth: number): number {
  return (startMonth === 1 ? fy : fy - 1) * 12 + startMonth - 1;
}

function fiscalYearOfMonthIndex(monthIndex: number, startMonth: number): number {
  return Math.floor((monthIndex - (startMonth - 1) + (startMonth === 1 ? 0 : 12)) / 12);
}

/** Weeks are numbered by their Monday; epoch day 4 (1970-01-05) is a Monday. */
const weekOrdinalOfDay = (day: number) => Math.floor((day - 4) / 7);

function week1Monday(isoYear: number): number {
  // 4 January always lies in week 1.
  const jan4 = epochDayOf(isoYear, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

function ordinalOfDay(kind: PeriodKind, day: number, startMonth: number): number {
  switch (kind) {
    case 'week':
      return weekOrdinalOfDay(day);
    case 'month':
      return monthIndexOfDay(day);
    case 'quarter':
      return Math.floor((monthIndexOfDay(day) - (startMonth - 1)) / 3);
    case 'year':
      return fiscalYearOfMonthIndex(monthIndexOfDay(day), startMonth);
  }
}

function periodOfOrdinal(kind: PeriodKind, ordinal: number, startMonth: number): Period {
  let key: string;
  let startDay: number;
  let endDay: number;
  switch (kind) {
    case 'week': {
      startDay = ordinal * 7 + 4;
      endDay = startDay + 6;
      // A week belongs to the ISO year of its Thursday.
      const isoYear = yearMonthOf(startDay + 3).year;
      key = `${isoYear}-W${pad2((startDay - week1Monday(isoYear)) / 7 + 1)}`;
      break;
    }
    case 'month': {
      startDay = firstDayOfMonthIndex(ordinal);
      endDay = firstDayOfMonthIndex(ordinal + 1) - 1;
      key = `${Math.floor(ordinal / 12)}-${pad2((ordinal % 12) + 1)}`;
      break;
    }
    case 'quarter': {
      const firstMonth = ordinal * 3 + startMonth - 1;
      const fy = fiscalYearOfMonthIndex(firstMonth, startMonth);
      startDay = firstDayOfMonthIndex(firstMonth);
      endDay = firstDayOfMonthIndex(firstMonth + 3) - 1;
      key = `${fy}-Q${(firstMonth - fiscalYearStartMonthIndex(fy, startMonth)) / 3 + 1}`;
      break;
    }
    case 'year': {
      const firstMonth = fiscalYearStartMonthIndex(ordinal, startMonth);
      startDay = firstDayOfMonthIndex(firstMonth);
      endDay = firstDayOfMonthIndex(firstMonth + 12) - 1;
      key = String(ordinal);
      break;
    }
  }
  // Keeping whole periods inside the date range means every start and end is a valid IsoDate.
  if (startDay < MIN_DAY || endDay > MAX_DAY) {
    throw new PeriodError(`Periods must fall between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`);
  }
  return { kind, key, start: fromEpochDay(startDay), end: fromEpochDay(endDay) };
}

function ordinalOfPeriod(period: Period, startMonth: number): number {
  assertKind(period.kind);
  return ordinalOfDay(period.kind, toEpochDay(period.start), startMonth);
}

export function periodKindOfKey(key: string): PeriodKind | null {
  return splitKey(key)?.kind ?? null;
}

export function parsePeriodKey(key: string, cal: FiscalCalendar): Period {
  const startMonth = startMonthOf(cal);
  const parts = splitKey(key);
  if (!parts) throw new PeriodError(KEY_EXAMPLE);
  const { kind, year, index } = parts;
  if (year < MIN_YEAR || year > MAX_YEAR) throw new PeriodError(`Year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  switch (kind) {
    case 'week': {
      if (index < 1 || index > 53) throw new PeriodError('Week must be 01–53');
      const monday = week1Monday(year) + (index - 1) * 7;
      if (index === 53 && monday === week1Monday(year + 1)) throw new PeriodError(`Week 53 does not exist in ${year}`);
      return periodOfOrdinal('week', weekOrdinalOfDay(monday), startMonth);
    }
    case 'month':
      if (index < 1 || index > 12) throw new PeriodError('Month must be 01–12');
      return periodOfOrdinal('month', year * 12 + index - 1, startMonth);
    case 'quarter': {
      if (index < 1 || index > 4) throw new PeriodError('Quarter must be 1–4');
      const firstMonth = fiscalYearStartMonthIndex(year, startMonth) + (index - 1) * 3;
      return periodOfOrdinal('quarter', (firstMonth - (startMonth - 1)) / 3, startMonth);
    }
    case 'year':
      return periodOfOrdinal('year', year, startMonth);
  }
}

export function safeParsePeriodKey(
  key: string,
  cal: FiscalCalendar,
): { ok: true; period: Period } | { ok: false; error: string } {
  try {
    return { ok: true, period: parsePeriodKey(key, cal) };
  } catch (error) {
    if (error instanceof PeriodError) return { ok: false, error: error.message };
    throw error;
  }
}

export function periodContaining(date: IsoDate, kind: PeriodKind, cal: FiscalCalendar): Period {
  assertKind(kind);
  const startMonth = startMonthOf(cal);
  return periodOfOrdinal(kind, ordinalOfDay(kind, toEpochDay(date), startMonth), startMonth);
}

export function shiftPeriod(period: Period, by: number, cal: FiscalCalendar): Period {
  if (!Number.isSafeInteger(by)) throw new PeriodError('Shift must be a whole number');
  const startMonth = startMonthOf(cal);
  return periodOfOrdinal(period.kind, ordinalOfPeriod(period, startMonth) + by, startMonth);
}

export function nextPeriod(period: Period, cal: FiscalCalendar): Period {
  return shiftPeriod(period, 1, cal);
}

export function previousPeriod(period: Period, cal: FiscalCalendar): Period {
  return shiftPeriod(period, -1, cal);
}

function periodsOfOrdinals(kind: PeriodKind, first: number, last: number, startMonth: number): Period[] {
  const periods: Period[] = [];
  for (let ordinal = first; ordinal <= last; ordinal++) periods.push(periodOfOrdinal(kind, ordinal, startMonth));
  return periods;
}

/** `from` through `to` inclusive; empty when `to` comes first. */
export function periodsBetween(from: Period, to: Period, cal: FiscalCalendar): Period[] {
  if (from.kind !== to.kind) throw new PeriodError('Both periods must be of the same kind');
  const startMonth = startMonthOf(cal);
  return periodsOfOrdinals(from.kind, ordinalOfPeriod(from, startMonth), ordinalOfPeriod(to, startMonth), startMonth);
}

/** Every period of `kind` that overlaps `start..end` (inclusive); empty when `end` comes first. */
export function periodsInRange(kind: PeriodKind, start: IsoDate, end: IsoDate, cal: FiscalCalendar): Period[] {
  assertKind(kind);
  const startMonth = startMonthOf(cal);
  const [startDay, endDay] = [toEpochDay(start), toEpochDay(end)];
  if (endDay < startDay) return [];
  const [first, last] = [ordinalOfDay(kind, startDay, startMonth), ordinalOfDay(kind, endDay, startMonth)];
  return periodsOfOrdinals(kind, first, last, startMonth);
}

/**
 * The months or quarters of a fiscal year, or the ISO weeks whose Thursday falls in it
 * (the same rule ISO uses to assign weeks to years, so each week belongs to one fiscal year).
 */
export function periodsOfFiscalYear(
  fiscalYear: number,
  kind: Exclude<PeriodKind, 'year'>,
  cal: FiscalCalendar,
): Period[] {
  if (!Number.isInteger(fiscalYear)) throw new PeriodError('Fiscal year must be a whole number');
  const year = parsePeriodKey(String(fiscalYear), cal);
  const startMonth = startMonthOf(cal);
  const [startDay, endDay] = [toEpochDay(year.start), toEpochDay(year.end)];
  if (kind === 'week') {
    // The week holding start + 3 is the first whose Thursday is on or after start; likewise for the end.
    return periodsOfOrdinals('week', weekOrdinalOfDay(startDay + 3), weekOrdinalOfDay(endDay - 3), startMonth);
  }
  if (kind !== 'month' && kind !== 'quarter') throw new PeriodError('Expected week, month or quarter');
  const [first, last] = [ordinalOfDay(kind, startDay, startMonth), ordinalOfDay(kind, endDay, startMonth)];
  return periodsOfOrdinals(kind, first, last, startMonth);
}

/** The period before the one containing `today`: the latest one that is over. */
export function lastCompletedPeriod(kind: PeriodKind, today: IsoDate, cal: FiscalCalendar): Period {
  return previousPeriod(periodContaining(today, kind, cal), cal);
}

export function fiscalYearOf(date: IsoDate, cal: FiscalCalendar): number {
  return fiscalYearOfMonthIndex(monthIndexOfDay(toEpochDay(date)), startMonthOf(cal));
}

export function periodLabel(period: Period, cal: FiscalCalendar): string {
  const parts = splitKey(period.key);
  if (!parts || parts.kind !== period.kind) throw new PeriodError(KEY_EXAMPLE);
  // A calendar-aligned fiscal year needs no "FY" to be unambiguous.
  const fy = startMonthOf(cal) === 1 ? String(parts.year) : `FY${parts.year}`;
  switch (parts.kind) {
    case 'week':
      return `Week ${parts.index}, ${parts.year}`;
    case 'month': {
      const name = MONTH_NAMES[parts.index - 1];
      if (!name) throw new PeriodError('Month must be 01–12');
      return `${name} ${parts.year}`;
    }
    case 'quarter':
      return `Q${parts.index} ${fy}`;
    case 'year':
      return fy;
  }
}
