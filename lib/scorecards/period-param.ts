import { lastCompletedPeriod, periodContaining, periodKinds, type FiscalCalendar, type IsoDate, type Period } from '@/lib/periods';
import {
  currentYearToDate,
  safeParseScorePeriodKey,
  scorePeriodLabel,
  shiftScorePeriod,
  type ScorecardPeriod,
  type ScorePeriodKind,
} from '@/lib/results/periods';

export type ScorecardPeriodParam =
  | { ok: true; period: ScorecardPeriod; isDefault: boolean }
  | { ok: false; error: string; fallback: Period };

/** The period a scorecard shows when the URL names none: the last completed month. */
export function defaultScorecardPeriod(today: IsoDate, cal: FiscalCalendar): Period {
  return lastCompletedPeriod('month', today, cal);
}

/**
 * The `?period=` of a scorecard URL (`2026-10`, `2026-Q3`, `2026-W40`, `2026`,
 * `2026-YTD`, fiscal). Missing → the last completed month. Malformed, repeated or not yet
 * begun → an error to show, with the default as the fallback to link to.
 */
export function parseScorecardPeriod(raw: string | string[] | undefined, today: IsoDate, cal: FiscalCalendar): ScorecardPeriodParam {
  const fallback = defaultScorecardPeriod(today, cal);
  if (raw === undefined || raw === '') return { ok: true, period: fallback, isDefault: true };
  if (Array.isArray(raw)) return { ok: false, error: 'Choose one period at a time.', fallback };
  const parsed = safeParseScorePeriodKey(raw, cal);
  if (!parsed.ok) return { ok: false, error: `“${raw.slice(0, 40)}” is not a period. ${parsed.error}.`, fallback };
  if (parsed.period.start > today) {
    return { ok: false, error: `${scorePeriodLabel(parsed.period, cal)} has not begun yet, so it has no numbers.`, fallback };
  }
  return { ok: true, period: parsed.period, isDefault: parsed.period.key === fallback.key };
}

export type PeriodChoice = { key: string; label: string };

export type PeriodPicker = {
  kind: ScorePeriodKind;
  current: PeriodChoice;
  previous: PeriodChoice;
  /** Null when the next period has not begun. */
  next: PeriodChoice | null;
  /** The same kind of period, newest first, up to the one under way. */
  recent: PeriodChoice[];
  /** One entry per kind: the last completed period of that kind, or the shown one for its own kind. */
  kinds: { kind: ScorePeriodKind; label: string; key: string }[];
};

const kindLabels: Record<ScorecardPeriod['kind'], string> = { week: 'Week', month: 'Month', quarter: 'Quarter', year: 'Year', ytd: 'Year to date' };

/** The period of this kind under way today (a year to date is always under way). */
const underWayOf = (period: ScorecardPeriod, today: IsoDate, cal: FiscalCalendar): ScorecardPeriod =>
  period.kind === 'ytd' ? currentYearToDate(today, cal) : periodContaining(today, period.kind, cal);

/** What the period picker offers around the shown period. */
export function periodPicker(period: ScorecardPeriod, today: IsoDate, cal: FiscalCalendar, count = 12): PeriodPicker {
  const choice = (p: ScorecardPeriod): PeriodChoice => ({ key: p.key, label: scorePeriodLabel(p, cal) });
  const next = shiftScorePeriod(period, 1, cal);
  const underWay = underWayOf(period, today, cal);
  const newest = underWay.start >= period.start ? underWay : period;
  const recent = Array.from({ length: count }, (_, i) => shiftScorePeriod(newest, -i, cal));
  if (!recent.some((p) => p.key === period.key)) recent.push(period);
  return {
    kind: period.kind,
    current: choice(period),
    previous: choice(shiftScorePeriod(period, -1, cal)),
    next: next.start <= today ? choice(next) : null,
    recent: recent.map(choice),
    kinds: [
      ...periodKinds.map((kind) => ({
        kind,
        label: kindLabels[kind],
        key: kind === period.kind ? period.key : lastCompletedPeriod(kind, today, cal).key,
      })),
      // The year to date is the one under way: it ends with each KPI's last completed period.
      { kind: 'ytd' as const, label: kindLabels.ytd, key: period.kind === 'ytd' ? period.key : currentYearToDate(today, cal).key },
    ],
  };
}
