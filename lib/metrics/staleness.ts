import { addDays, daysBetween, lastCompletedPeriod, previousPeriod, type FiscalCalendar, type IsoDate, type Period, type PeriodKind } from '@/lib/periods';

/**
 * The period whose value is owed now: the latest completed period of the
 * metric's frequency whose grace days are over. With monthly values and three
 * grace days, November's value is owed from 4 December; until then October's is.
 */
export function duePeriod(kind: PeriodKind, today: IsoDate, cal: FiscalCalendar, graceDays: number): Period {
  let period = lastCompletedPeriod(kind, today, cal);
  while (daysBetween(period.end, today) <= graceDays) period = previousPeriod(period, cal);
  return period;
}

export type Staleness = {
  /** The period whose value is owed. */
  due: Period;
  /** No value in the due period (and the metric existed before it ended). */
  overdue: boolean;
  /** The first day the missing value counted as overdue. */
  overdueSince: IsoDate | null;
};

/** Whether a metric owes a value, from whether it has one in its due period. */
export function stalenessOf(
  metric: { frequency: PeriodKind; createdOn: IsoDate; hasValueInDuePeriod: boolean },
  today: IsoDate,
  cal: FiscalCalendar,
  graceDays: number,
): Staleness {
  const due = duePeriod(metric.frequency, today, cal, graceDays);
  // A metric created after the period ended never owed it.
  const overdue = !metric.hasValueInDuePeriod && metric.createdOn <= due.end;
  return { due, overdue, overdueSince: overdue ? addDays(due.end, graceDays + 1) : null };
}
