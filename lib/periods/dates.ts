import { PeriodError } from './period-error';

/** A calendar date `YYYY-MM-DD` with no time zone; arithmetic happens on UTC epoch days. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01, or null when the text is not a real date in 1900..9999. */
function epochDayOrNull(value: string): number | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a round trip exposes it.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

export const MIN_DAY = Date.UTC(MIN_YEAR, 0, 1) / DAY_MS;
export const MAX_DAY = Date.UTC(MAX_YEAR, 11, 31) / DAY_MS;

export function toEpochDay(date: IsoDate): number {
  const day = epochDayOrNull(date);
  if (day === null) throw new PeriodError(`Expected a date like 2026-03-15 between ${MIN_YEAR} and ${MAX_YEAR}`);
  return day;
}

export function fromEpochDay(day: number): IsoDate {
  if (day < MIN_DAY || day > MAX_DAY) throw new PeriodError(`Dates must fall between ${MIN_YEAR} and ${MAX_YEAR}`);
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar year and month (1..12) of an epoch day. */
export function yearMonthOf(day: number): { year: number; month: number } {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

export function epochDayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** ISO weekday, Monday = 1 … Sunday = 7 (1970-01-01, epoch day 0, was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function isIsoDate(value: string): boolean {
  return epochDayOrNull(value) !== null;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new PeriodError('Days must be a whole number');
  return fromEpochDay(toEpochDay(date) + days);
}

/** `b - a` in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** The UTC calendar date of an instant (job keys, not anything a person reads: see organizationToday). */
export function utcDateOf(now: Date): IsoDate {
  return fromEpochDay(Math.floor(now.getTime() / DAY_MS));
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `now` in an IANA time zone ("2026-03-16" in Auckland while it is still the 15th in UTC). */
export function dateInTimeZone(now: Date, timeZone: string): IsoDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * The organization's "today": the one place product code turns the clock into
 * a date. Last completed periods, staleness, due dates, reminders, digests and
 * goal pace all start from it; tests pass `now`.
 */
export function organizationToday(organization: { timeZone: string }, now: Date = new Date()): IsoDate {
  return dateInTimeZone(now, organization.timeZone);
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return Math.sign(toEpochDay(a) - toEpochDay(b));
}
