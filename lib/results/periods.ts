import {
  addDays,
  fiscalYearOf,
  lastCompletedPeriod,
  parsePeriodKey,
  periodContaining,
  periodLabel,
  periodsInRange,
  PeriodError,
  shiftPeriod,
  type FiscalCalendar,
  type IsoDate,
  type Period,
  type PeriodKind,
} from '@/lib/periods';

/*
 * The periods a scorecard can show (product.md §3, "Scorecards over time"): a
 * week, month, quarter or fiscal year, or a fiscal year to date (`2026-YTD`).
 * A KPI is scored at its own frequency and every coarser kind; year to date
 * counts every KPI, each up to the end of its own last completed period.
 */

export type YearToDate = { kind: 'ytd'; key: string; fiscalYear: number; start: IsoDate; end: IsoDate };
/** Any other span of dates, e.g. a goal's from its start to today: every KPI is measured over it, none has a target for it. */
export type Span = { kind: 'span'; key: string; start: IsoDate; end: IsoDate };
export type ScorePeriod = Period | YearToDate | Span;
export type ScorePeriodKind = ScorePeriod['kind'];

/** What a scorecard can show. */
export const scorecardPeriodKinds = ['week', 'month', 'quarter', 'year', 'ytd'] as const satisfies readonly ScorePeriodKind[];
export type ScorecardPeriod = Period | YearToDate;

const rank: Record<ScorePeriodKind, number> = { week: 0, month: 1, quarter: 2, year: 3, ytd: 3, span: 3 };
const YTD_KEY = /^(\d{4})-YTD$/;

/** Fiscal year `fy` to date; its dates are the whole year's (each KPI stops at its own last completed period). */
export function yearToDate(fiscalYear: number, cal: FiscalCalendar): YearToDate {
  const year = parsePeriodKey(String(fiscalYear), cal);
  return { kind: 'ytd', key: `${fiscalYear}-YTD`, fiscalYear, start: year.start, end: year.end };
}

/** The fiscal year to date that holds `today`. */
export function currentYearToDate(today: IsoDate, cal: FiscalCalendar): YearToDate {
  return yearToDate(fiscalYearOf(today, cal), cal);
}

/** `2026-03`, `2026-Q1`, `2026-W05`, `2026` or `2026-YTD` (fiscal). Throws PeriodError like parsePeriodKey. */
export function parseScorePeriodKey(key: string, cal: FiscalCalendar): ScorecardPeriod {
  const ytd = YTD_KEY.exec(key.trim());
  if (ytd) return yearToDate(Number(ytd[1]), cal);
  try {
    return parsePeriodKey(key, cal);
  } catch (error) {
    if (error instanceof PeriodError && error.message.startsWith('Expected a period like')) {
      throw new PeriodError('Expected a period like 2026-W05, 2026-03, 2026-Q1, 2026 or 2026-YTD');
    }
    throw error;
  }
}

export function safeParseScorePeriodKey(key: string, cal: FiscalCalendar): { ok: true; period: ScorecardPeriod } | { ok: false; error: string } {
  try {
    return { ok: true, period: parseScorePeriodKey(key, cal) };
  } catch (error) {
    if (error instanceof PeriodError) return { ok: false, error: error.message };
    throw error;
  }
}

export function scorePeriodLabel(period: ScorecardPeriod, cal: FiscalCalendar): string {
  if (period.kind !== 'ytd') return periodLabel(period, cal);
  const fy = cal.fiscalYearStartMonth === 1 ? String(period.fiscalYear) : `FY${period.fiscalYear}`;
  return `${fy} to date`;
}

/** The same kind of period `by` steps away (a year to date moves by fiscal years). */
export function shiftScorePeriod(period: ScorecardPeriod, by: number, cal: FiscalCalendar): ScorecardPeriod {
  return period.kind === 'ytd' ? yearToDate(period.fiscalYear + by, cal) : shiftPeriod(period, by, cal);
}

/** A KPI of this frequency is scored at this kind of period: its own and every coarser one, year to date and any span. */
export function isCountedAt(frequency: PeriodKind, kind: ScorePeriodKind): boolean {
  return rank[frequency] <= rank[kind];
}

/**
 * The dates a KPI of `frequency` is measured over for the period, or null when
 * it has none yet: a year to date ends with the KPI's last completed period of
 * its own frequency (within the fiscal year), so a quarterly KPI's year to date
 * in May covers Q1 only and, in February, nothing.
 */
export function measuredRange(frequency: PeriodKind, period: ScorePeriod, today: IsoDate, cal: FiscalCalendar): { start: IsoDate; end: IsoDate } | null {
  if (period.kind !== 'ytd') return { start: period.start, end: period.end };
  // A year to date ends with the last completed period of the KPI's own frequency.
  const last = lastCompletedPeriod(frequency, today, cal);
  const end = last.end < period.end ? last.end : period.end;
  return end >= period.start ? { start: period.start, end } : null;
}

/**
 * The periods of `frequency` that make up `range`: the months of a quarter, the
 * quarters of a year; weeks belong where their Thursday falls (the ISO rule, so
 * each week belongs to exactly one month and one fiscal year).
 */
export function ownPeriodsWithin(frequency: PeriodKind, range: { start: IsoDate; end: IsoDate }, cal: FiscalCalendar): Period[] {
  if (frequency !== 'week') return periodsInRange(frequency, range.start, range.end, cal).filter((p) => p.start >= range.start && p.end <= range.end);
  return periodsInRange('week', addDays(range.start, -3), addDays(range.end, 3), cal).filter((w) => {
    const thursday = addDays(w.start, 3);
    return thursday >= range.start && thursday <= range.end;
  });
}


/** The first days of the months from `start`'s through `end`'s. */
export function monthsBetween(start: IsoDate, end: IsoDate): IsoDate[] {
  const months: IsoDate[] = [];
  for (let m = `${start.slice(0, 7)}-01`; m <= end; m = `${addDays(m, 32).slice(0, 7)}-01`) months.push(m);
  return months;
}

/**
 * Every period a KPI of `frequency` is counted at that a change in these months
 * can move: the weeks overlapping each month, the month, its quarter, its fiscal
 * year and that year to date. (A target of a quarter or a week is a change in the
 * months it covers, so the same list serves targets too.)
 */
export function periodsTouchingMonths(frequency: PeriodKind, months: Iterable<IsoDate>, cal: FiscalCalendar): ScorecardPeriod[] {
  const found = new Map<string, ScorecardPeriod>();
  const add = (p: ScorecardPeriod) => {
    if (isCountedAt(frequency, p.kind)) found.set(p.key, p);
  };
  for (const month of months) {
    const m = periodContaining(month, 'month', cal);
    if (frequency === 'week') for (const w of periodsInRange('week', m.start, m.end, cal)) add(w);
    add(m);
    add(periodContaining(month, 'quarter', cal));
    add(periodContaining(month, 'year', cal));
    add(yearToDate(fiscalYearOf(month, cal), cal));
  }
  return [...found.values()];
}
