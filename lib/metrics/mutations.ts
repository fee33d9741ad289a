import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { memberships, metrics } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import { listPeriodLocks, lockedMessage, lockedPeriodOf, writeMeasurements } from './measurement-batch';
import type { CreateMetricInput, RecordMeasurementInput, UpdateMetricInput } from './schemas';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit'>;
type MetricRow = typeof metrics.$inferSelect;

const notFound = () => new ExpectedError('This metric does not exist (or no longer does).', undefined, 'not_found');

async function assertMember(tx: TenantTx, userId: string | null) {
  if (!userId) return;
  const [member] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, userId)));
  if (!member) {
    throw new ExpectedError('The owner must be a member of this organization.', { ownerId: ['Choose a member of this organization'] }, 'not_found');
  }
}

/** Locks the row so the audit's "before" is what the update replaced. */
async function getMetricForUpdate(tx: TenantTx, metricId: string): Promise<MetricRow> {
  const [metric] = await tx
    .select()
    .from(metrics)
    .where(and(eq(metrics.organizationId, tx.organizationId), eq(metrics.id, metricId)))
    .for('update');
  if (!metric) throw notFound();
  return metric;
}

export async function createMetric({ tx, audit }: Pick<Ctx, 'tx' | 'audit'>, input: CreateMetricInput) {
  await assertMember(tx, input.ownerId);
  // DO NOTHING rather than catching the unique violation, which would abort the whole transaction.
  const [metric] = await tx
    .insert(metrics)
    .values({ ...input, organizationId: tx.organizationId })
    .onConflictDoNothing({ target: [metrics.organizationId, metrics.key] })
    .returning();
  if (!metric) {
    const message = `A metric with the key ${input.key} already exists`;
    throw new ExpectedError(message, { key: [message] }, 'conflict');
  }
  audit({ action: 'metric.create', entityType: 'metric', entityId: metric.id, after: snapshot(metric) });
  return metric;
}

/** Everything but the key, which formulas, CSV files and the API refer to. */
export async function updateMetric({ tx, audit }: Ctx, input: UpdateMetricInput) {
  const before = await getMetricForUpdate(tx, input.metricId);
  if (input.ownerId !== before.ownerId) await assertMember(tx, input.ownerId);
  const { metricId, ...changes } = input;
  const [after] = await tx
    .update(metrics)
    .set(changes)
    .where(and(eq(metrics.organizationId, tx.organizationId), eq(metrics.id, metricId)))
    .returning();
  audit({ action: 'metric.update', entityType: 'metric', entityId: before.id, before: snapshot(before), after: snapshot(after!) });
  return after!;
}

export type RecordOutcome = 'inserted' | 'updated' | 'unchanged';

/**
 * One value per metric and date: recording again replaces it, and the audit
 * entry keeps the value it replaced. An identical value and note change nothing.
 * A date in a locked period is refused beside the date field.
 */
export async function recordMeasurement({ tx, actor, audit }: Ctx, input: RecordMeasurementInput) {
  const [metric] = await tx
    .select({ id: metrics.id, key: metrics.key })
    .from(metrics)
    .where(and(eq(metrics.organizationId, tx.organizationId), eq(metrics.id, input.metricId)));
  if (!metric) throw notFound();
  const locked = lockedPeriodOf(await listPeriodLocks(tx), input.date);
  if (locked) throw new ExpectedError(lockedMessage(locked), { date: [lockedMessage(locked)] });
  const write = { metricId: metric.id, metricKey: metric.key, date: input.date, value: input.value, note: input.note };
  const counts = await writeMeasurements(tx, [write], { source: 'manual', userId: actor.userId, tokenId: null }, audit);
  const outcome: RecordOutcome = counts.inserted ? 'inserted' : counts.updated ? 'updated' : 'unchanged';
  if (outcome === 'unchanged') {
    // Nothing changed, yet the person did record it: the log shows the same value before and after.
    const same = { metricKey: metric.key, date: input.date, value: input.value, note: input.note, source: 'manual' as const };
    audit({ action: 'measurement.record', entityType: 'measurement', entityId: `${metric.id}:${input.date}`, before: same, after: same });
  }
  const previousValue = counts.previous.get(`${metric.id}|${input.date}`) ?? (outcome === 'unchanged' ? input.value : null);
  return { outcome, metricId: metric.id, date: input.date, value: input.value, previousValue };
}

function snapshot(m: MetricRow) {
  return {
    key: m.key,
    name: m.name,
    description: m.description,
    unit: m.unit,
    currencyCode: m.currencyCode,
    aggregation: m.aggregation,
    frequency: m.frequency,
    ownerId: m.ownerId,
  };
}
