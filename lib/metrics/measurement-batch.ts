import { and, asc, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { measurements, metrics, periodLocks } from '@/db/schema';
import type { AuditEntry } from '@/lib/audit/mutations';

/**
 * The one way values are written, whatever the path (form, check-in, My
 * updates, CSV, API): resolve and check a batch, then write it in one go with
 * one audit entry per changed value keeping the value it replaced.
 */

export type MeasurementSource = 'manual' | 'csv' | 'api';
/** Who wrote: a person, or an API token (source `api`). */
export type MeasurementWriter = { source: MeasurementSource; userId: string | null; tokenId: string | null };
export type MeasurementWrite = { metricId: string; metricKey: string; date: string; value: number; note: string | null };
export type BatchCounts = { inserted: number; updated: number; unchanged: number };
export type BatchItem = { metric: string; date: string; value: number; note: string | null };
export type BatchIssue = { index: number; field: 'metric' | 'date'; message: string };

export type PeriodLockRange = { periodKey: string; startDate: string; endDate: string };

export async function listPeriodLocks(tx: TenantTx): Promise<PeriodLockRange[]> {
  return tx
    .select({ periodKey: periodLocks.periodKey, startDate: periodLocks.startDate, endDate: periodLocks.endDate })
    .from(periodLocks)
    .where(eq(periodLocks.organizationId, tx.organizationId))
    .orderBy(asc(periodLocks.startDate));
}

/** The locked period a date falls in, if any. */
export function lockedPeriodOf(locks: readonly PeriodLockRange[], date: string): string | null {
  return locks.find((l) => l.startDate <= date && date <= l.endDate)?.periodKey ?? null;
}

export function lockedMessage(periodKey: string): string {
  return `The period ${periodKey} is locked: its values can no longer change`;
}

/**
 * Resolves metric keys and finds every item that cannot be written: an
 * unknown metric, a date in a locked period, a metric and date given twice.
 * Two queries whatever the size of the batch.
 */
export async function resolveBatch(
  tx: TenantTx,
  items: readonly BatchItem[],
): Promise<{ writes: MeasurementWrite[]; issues: BatchIssue[] }> {
  const keys = [...new Set(items.map((i) => i.metric))];
  const [known, locks] = await Promise.all([
    keys.length
      ? tx
          .select({ id: metrics.id, key: metrics.key })
          .from(metrics)
          .where(and(eq(metrics.organizationId, tx.organizationId), sql`${metrics.key} in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`))
      : [],
    listPeriodLocks(tx),
  ]);
  const idByKey = new Map(known.map((m) => [m.key, m.id]));
  const firstIndex = new Map<string, number>();
  const writes: MeasurementWrite[] = [];
  const issues: BatchIssue[] = [];
  items.forEach((item, index) => {
    const metricId = idByKey.get(item.metric);
    if (!metricId) {
      issues.push({ index, field: 'metric', message: `No metric with the key "${item.metric}" in this organization` });
      return;
    }
    const locked = lockedPeriodOf(locks, item.date);
    if (locked) {
      issues.push({ index, field: 'date', message: lockedMessage(locked) });
      return;
    }
    const pair = `${metricId}|${item.date}`;
    const first = firstIndex.get(pair);
    if (first !== undefined) {
      issues.push({ index, field: 'date', message: `Repeats ${item.metric} on ${item.date} (already at item ${first}); send one value per metric and date` });
      return;
    }
    firstIndex.set(pair, index);
    writes.push({ metricId, metricKey: item.metric, date: item.date, value: item.value, note: item.note });
  });
  return { writes, issues };
}

type Previous = { metric_id: string; date: string; value: number; note: string | null; source: MeasurementSource };

/**
 * Writes resolved values: new ones are inserted, different ones replace the
 * stored value, identical ones (value, note and source) change nothing. Three
 * statements whatever the size of the batch; audit entries are handed to
 * `audit` for the caller's wrapper to append.
 */
export async function writeMeasurements(
  tx: TenantTx,
  writes: readonly MeasurementWrite[],
  writer: MeasurementWriter,
  audit: (entry: AuditEntry) => void,
): Promise<BatchCounts & { previous: Map<string, number> }> {
  const counts = { inserted: 0, updated: 0, unchanged: 0, previous: new Map<string, number>() };
  if (writes.length === 0) return counts;
  // Items travel as typed arrays, one parameter per column: thousands of rows bind as a few values on both
  // databases and unnest into rows without parsing JSON.
  const stored = rowsOf<Previous>(
    await tx.execute(sql`
      select m.metric_id, m.date::text as date, m.value, m.note, m.source
      from ${measurements} m
      join unnest(${uuidArray(writes.map((w) => w.metricId))}::uuid[], ${textArray(writes.map((w) => w.date))}::date[]) as x(metric_id, date)
        on m.metric_id = x.metric_id and m.date = x.date
      where m.organization_id = ${tx.organizationId}
      for update of m`),
  );
  const storedBy = new Map(stored.map((s) => [`${s.metric_id}|${s.date}`, s]));
  const changed: MeasurementWrite[] = [];
  for (const write of writes) {
    const before = storedBy.get(`${write.metricId}|${write.date}`);
    if (before && before.value === write.value && before.note === write.note && before.source === writer.source) {
      counts.unchanged++;
      continue;
    }
    if (before) {
      counts.updated++;
      counts.previous.set(`${write.metricId}|${write.date}`, before.value);
    } else counts.inserted++;
    changed.push(write);
    audit({
      action: 'measurement.record',
      entityType: 'measurement',
      entityId: `${write.metricId}:${write.date}`,
      before: before ? { metricKey: write.metricKey, date: write.date, value: before.value, note: before.note, source: before.source } : null,
      after: { metricKey: write.metricKey, date: write.date, value: write.value, note: write.note, source: writer.source },
    });
  }
  if (changed.length === 0) return counts;
  await tx.execute(sql`
    insert into ${measurements} (organization_id, metric_id, date, value, note, source, recorded_by, recorded_by_token_id, recorded_at)
    select ${tx.organizationId}::uuid, x.metric_id, x.date, x.value, x.note, ${writer.source}::measurement_source, ${writer.userId}::uuid,
      ${writer.tokenId}::uuid, now()
    from unnest(${uuidArray(changed.map((w) => w.metricId))}::uuid[], ${textArray(changed.map((w) => w.date))}::date[],
      ${textArray(changed.map((w) => String(w.value)))}::float8[], ${textArray(changed.map((w) => w.note))}::text[]) as x(metric_id, date, value, note)
    on conflict (organization_id, metric_id, date) do update set
      value = excluded.value, note = excluded.note, source = excluded.source, recorded_by = excluded.recorded_by,
      recorded_by_token_id = excluded.recorded_by_token_id, recorded_at = excluded.recorded_at`);
  return counts;
}

/** A PostgreSQL array literal of uuids (or other values that need no quoting). */
function uuidArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/** A PostgreSQL array literal of text, every element quoted (backslash and double quote escaped), null as NULL. */
function textArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}
