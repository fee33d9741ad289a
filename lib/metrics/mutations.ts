import { and, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { measurements, memberships, metrics } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
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

export async function createMetric({ tx, audit }: Ctx, input: CreateMetricInput) {
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
 */
export async function recordMeasurement({ tx, actor, audit }: Ctx, input: RecordMeasurementInput) {
  const [metric] = await tx
    .select({ id: metrics.id, key: metrics.key })
    .from(metrics)
    .where(and(eq(metrics.organizationId, tx.organizationId), eq(metrics.id, input.metricId)));
  if (!metric) throw notFound();
  const key = and(
    eq(measurements.organizationId, tx.organizationId),
    eq(measurements.metricId, metric.id),
    eq(measurements.date, input.date),
  );
  const [previous] = await tx
    .select({ value: measurements.value, note: measurements.note, source: measurements.source })
    .from(measurements)
    .where(key)
    .for('update');
  const written = await tx
    .insert(measurements)
    .values({
      organizationId: tx.organizationId,
      metricId: metric.id,
      date: input.date,
      value: input.value,
      note: input.note,
      source: 'manual',
      recordedBy: actor.userId,
    })
    .onConflictDoUpdate({
      target: [measurements.organizationId, measurements.metricId, measurements.date],
      set: { value: input.value, note: input.note, source: 'manual', recordedBy: actor.userId, recordedAt: sql`now()` },
      // Re-entering the same number keeps who recorded it first and when.
      setWhere: sql`(${measurements.value}, ${measurements.note}, ${measurements.source}) is distinct from (excluded.value, excluded.note, excluded.source)`,
    })
    .returning({ date: measurements.date });
  const outcome: RecordOutcome = !previous ? 'inserted' : written.length > 0 ? 'updated' : 'unchanged';
  const after = { metricKey: metric.key, date: input.date, value: input.value, note: input.note, source: 'manual' as const };
  audit({
    action: 'measurement.record',
    entityType: 'measurement',
    entityId: `${metric.id}:${input.date}`,
    before: previous ? { metricKey: metric.key, date: input.date, ...previous } : null,
    after,
  });
  return { outcome, metricId: metric.id, date: input.date, value: input.value, previousValue: previous?.value ?? null };
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
