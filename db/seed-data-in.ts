import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '.';
import { wiggle } from './seed-performance';
import { checkIns, kpis, measurements, metrics, organizations } from './schema';
import { appendAudit } from '@/lib/audit/mutations';
import { readPolicy } from '@/lib/organizations/policy';
import { addDays, lastCompletedPeriod, shiftPeriod, type IsoDate } from '@/lib/periods';
import { duePeriod } from '@/lib/metrics/staleness';
import { entryDateOf } from '@/lib/check-ins/rules';

/** The demo's data-in stories: a value the analyst owes, and a KPI whose owner says green while it is red. */
export const overdueDemoMetric = { key: 'webinar_signups', name: 'Webinar sign-ups', owner: 'analyst@acme.test' } as const;
export const watermelonDemoKpi = {
  name: 'Agent sales, West',
  owner: 'west@acme.test',
  comment: 'Two new agents start next month and the West pipeline is healthy: we will catch up.',
} as const;

/**
 * Runs after seedPerformance in the seed's transaction. The overdue metric is
 * real data: created a year ago, monthly values up to the period before its
 * due period and none in it, so getMetricStaleness finds it overdue whatever
 * day the seed runs. The watermelon is the check-in the mutation would write
 * (newest of the last completed month, on track) on a KPI the numbers put off
 * track, with the same audit entry.
 */
export async function seedDataIn(
  tx: TenantTx,
  people: ReadonlyArray<{ email: string; id: string }>,
  today: IsoDate,
): Promise<void> {
  const person = (email: string) => {
    const found = people.find((p) => p.email === email);
    if (!found) throw new Error(`The data-in seed names ${email}, whom the seed did not create.`);
    return found.id;
  };
  const [organization] = await tx
    .select({ fiscalYearStartMonth: organizations.fiscalYearStartMonth, policy: organizations.policy })
    .from(organizations)
    .where(eq(organizations.id, tx.organizationId));
  const cal = { fiscalYearStartMonth: organization!.fiscalYearStartMonth };
  const due = duePeriod('month', today, cal, readPolicy(organization!.policy).overdueGraceDays);

  const [metric] = await tx
    .insert(metrics)
    .values({
      organizationId: tx.organizationId,
      key: overdueDemoMetric.key,
      name: overdueDemoMetric.name,
      description: 'People who signed up for a product webinar, from the webinar tool. Entered by hand each month.',
      unit: 'count',
      aggregation: 'sum',
      frequency: 'month',
      ownerId: person(overdueDemoMetric.owner),
      createdAt: new Date(`${shiftPeriod(due, -12, cal).start}T09:00:00Z`),
    })
    .returning({ id: metrics.id });
  const months = Array.from({ length: 11 }, (_, i) => shiftPeriod(due, i - 11, cal));
  const values = months.map((month, i) => ({
    date: entryDateOf(month),
    value: Math.round(180 + 25 * wiggle('webinar', month.key)),
    note: i === months.length - 1 ? 'Two webinars this month instead of three' : null,
  }));
  await tx.insert(measurements).values(
    values.map((v) => ({
      organizationId: tx.organizationId,
      metricId: metric!.id,
      date: v.date,
      value: v.value,
      note: v.note,
      source: 'manual' as const,
      recordedBy: person(overdueDemoMetric.owner),
      recordedAt: new Date(`${v.date}T17:00:00Z`),
    })),
  );

  const [kpi] = await tx
    .select({ id: kpis.id, unitId: kpis.unitId, frequency: kpis.frequency })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.name, watermelonDemoKpi.name)));
  if (!kpi) throw new Error(`The data-in seed names the KPI ${watermelonDemoKpi.name}, which the performance seed did not create.`);
  const period = lastCompletedPeriod(kpi.frequency, today, cal);
  const [checkIn] = await tx
    .insert(checkIns)
    .values({
      organizationId: tx.organizationId,
      kpiId: kpi.id,
      periodKey: period.key,
      confidence: 'on_track',
      comment: watermelonDemoKpi.comment,
      createdBy: person(watermelonDemoKpi.owner),
      // Written a couple of days after the month closed, as owners do; never in the future.
      createdAt: new Date(Math.min(Date.parse(`${addDays(period.end, 2)}T10:00:00Z`), Date.now())),
    })
    .returning({ id: checkIns.id });

  // The seed is the actor of everything it writes (as seedPerformance's summary); the check-in names its author.
  await appendAudit(tx, null, [
    { action: 'metric.create', entityType: 'metric', entityId: metric!.id, after: { key: overdueDemoMetric.key, name: overdueDemoMetric.name, unit: 'count', aggregation: 'sum', frequency: 'month' } },
    { action: 'measurement.import', entityType: 'metric', entityId: metric!.id, after: { metricKey: overdueDemoMetric.key, count: values.length, from: values[0]!.date, to: values.at(-1)!.date, source: 'manual' } },
    {
      action: 'kpi.check_in',
      entityType: 'kpi',
      entityId: kpi.id,
      unitId: kpi.unitId,
      after: { checkInId: checkIn!.id, periodKey: period.key, confidence: 'on_track', comment: watermelonDemoKpi.comment, status: 'off_track', values: 0 },
    },
  ]);
}
