import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { periodKinds, todayIso, type FiscalCalendar, type IsoDate, type PeriodKind } from '@/lib/periods';
import { duePeriod, stalenessOf, type Staleness } from './staleness';

export type MetricStaleness = Staleness & { metricId: string; ownerId: string | null; lastDate: IsoDate | null };

/**
 * Every metric's staleness in one query: for each, whether it has a value in
 * the due period of its frequency and its latest date (both index lookups on
 * the measurements key, whatever the number of values).
 */
export async function getMetricStaleness(
  tx: TenantTx,
  organization: FiscalCalendar & { policy: { overdueGraceDays: number } },
  today: IsoDate = todayIso(),
): Promise<Map<string, MetricStaleness>> {
  const grace = organization.policy.overdueGraceDays;
  const due = new Map(periodKinds.map((kind) => [kind, duePeriod(kind, today, organization, grace)]));
  const bound = (edge: 'start' | 'end') =>
    sql`(case m.frequency ${sql.join(
      periodKinds.map((kind) => sql`when ${kind} then ${due.get(kind)![edge]}::date`),
      sql` `,
    )} end)`;
  const rows = rowsOf<{ id: string; frequency: PeriodKind; owner_id: string | null; created_on: string; last_date: string | null; has_due: boolean }>(
    await tx.execute(sql`
      select m.id, m.frequency, m.owner_id, (m.created_at at time zone 'UTC')::date::text as created_on,
        (select max(v.date)::text from measurements v where v.organization_id = m.organization_id and v.metric_id = m.id) as last_date,
        exists (
          select 1 from measurements v
          where v.organization_id = m.organization_id and v.metric_id = m.id and v.date between ${bound('start')} and ${bound('end')}
        ) as has_due
      from metrics m
      where m.organization_id = ${tx.organizationId}`),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        metricId: r.id,
        ownerId: r.owner_id,
        lastDate: r.last_date,
        ...stalenessOf({ frequency: r.frequency, createdOn: r.created_on, hasValueInDuePeriod: r.has_due }, today, organization, grace),
      },
    ]),
  );
}
