import { asc, desc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { periodLocks, users } from '@/db/schema';
import { lastCompletedPeriod, periodLabel, shiftPeriod, type FiscalCalendar, type IsoDate, type Period, type PeriodKind } from '@/lib/periods';

export type PeriodLockRow = {
  periodKey: string;
  kind: PeriodKind;
  label: string;
  startDate: IsoDate;
  endDate: IsoDate;
  lockedByName: string | null;
  lockedAt: Date;
};

/** The organization's locks, latest period first, with who locked them: one query. */
export async function listPeriodLockRows(tx: TenantTx, cal: FiscalCalendar): Promise<PeriodLockRow[]> {
  const rows = await tx
    .select({
      periodKey: periodLocks.periodKey,
      kind: periodLocks.kind,
      startDate: periodLocks.startDate,
      endDate: periodLocks.endDate,
      lockedByName: users.name,
      lockedAt: periodLocks.lockedAt,
    })
    .from(periodLocks)
    .leftJoin(users, eq(users.id, periodLocks.lockedBy))
    .where(eq(periodLocks.organizationId, tx.organizationId))
    .orderBy(desc(periodLocks.endDate), asc(periodLocks.periodKey));
  return rows.map((r) => ({ ...r, label: periodLabel({ kind: r.kind, key: r.periodKey, start: r.startDate, end: r.endDate }, cal) }));
}

/** The most recent ended periods of a kind, newest first: what the lock form offers. */
export function recentEndedPeriods(kind: PeriodKind, today: IsoDate, cal: FiscalCalendar, count: number): Period[] {
  const last = lastCompletedPeriod(kind, today, cal);
  return Array.from({ length: count }, (_, i) => shiftPeriod(last, -i, cal));
}
