import type { Period, PeriodKind } from '@/lib/periods';
import type { Status } from '@/lib/scoring';

export const confidences = ['on_track', 'at_risk', 'off_track'] as const;
export type Confidence = (typeof confidences)[number];

export const confidenceLabels: Record<Confidence, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
};

/**
 * "Watermelon": green outside, red inside. The owner's latest check-in for the
 * period says on track while the numbers for that same period say off track.
 * Only that contradiction is flagged: "at risk" against red is an owner
 * already raising a hand, and "no data" says nothing either way.
 */
export function isWatermelon(confidence: Confidence | null | undefined, status: Status | null | undefined): boolean {
  return confidence === 'on_track' && status === 'off_track';
}

/** Coarser periods hold finer ones: a week is finer than a month, a month than a quarter. */
const granularity: Record<PeriodKind, number> = { week: 0, month: 1, quarter: 2, year: 3 };

/**
 * The date a period's value is recorded at: the period's last day. That is the
 * demo seed's convention (monthly values on the month's last day, weekly ones
 * on the Sunday that ends the ISO week) and the one CSV and API users follow,
 * so one period has one value and re-recording replaces it.
 */
export function entryDateOf(period: Pick<Period, 'end'>): string {
  return period.end;
}

export type EntryMode =
  | { editable: true; date: string }
  | { editable: false; reason: 'finer_frequency' | 'finer_values' };

/**
 * Whether a check-in may record a metric's value for a KPI's period, and at
 * which date. The value a KPI uses for a period combines every value of the
 * metric dated inside it (sum, last, average…), so writing one more value at
 * the period's end is only right when nothing else in the period counts:
 *
 * - a metric measured more often than the KPI reviews (weekly leads in a
 *   monthly KPI, monthly revenue in a quarterly one) has several values in the
 *   period; one more would be double-counted by a `sum` → read-only;
 * - values already dated inside the period but not on its last day (daily
 *   imports, a mid-period figure) → read-only, the combined value is shown;
 * - otherwise the value goes on the period's last day, replacing the one
 *   already there.
 */
export function entryModeOf(
  metric: { frequency: PeriodKind },
  period: Pick<Period, 'kind' | 'end'>,
  datesInPeriod: readonly string[],
): EntryMode {
  if (granularity[metric.frequency] < granularity[period.kind]) return { editable: false, reason: 'finer_frequency' };
  const date = entryDateOf(period);
  if (datesInPeriod.some((d) => d !== date)) return { editable: false, reason: 'finer_values' };
  return { editable: true, date };
}

export const readOnlyReasons: Record<Extract<EntryMode, { editable: false }>['reason'], string> = {
  finer_frequency: 'Measured more often than this KPI is reviewed: the period combines several values, record them on the metric.',
  finer_values: 'This period already has values on other dates: their combined value is shown, record changes on the metric.',
};
