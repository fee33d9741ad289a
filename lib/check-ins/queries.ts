import { and, desc, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { checkIns, kpis, memberships, users } from '@/db/schema';
import { ExpectedError } from '@/lib/errors';
import type { Confidence } from './rules';

export const kpiNotFound = () => new ExpectedError('This KPI does not exist (or no longer does).', undefined, 'not_found');

/** What decides who may check in: the KPI's owner and unit (heads above it). Not found for another organization's KPI. */
export async function getKpiCheckInAccess(tx: TenantTx, kpiId: string): Promise<{ ownerId: string | null; unitId: string }> {
  const [kpi] = await tx
    .select({ ownerId: kpis.ownerId, unitId: kpis.unitId })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpiId)));
  if (!kpi) throw kpiNotFound();
  return kpi;
}

export type CheckInRow = {
  id: string;
  kpiId: string;
  periodKey: string;
  confidence: Confidence;
  comment: string;
  createdAt: Date;
  authorName: string | null;
};

/**
 * The current (newest) check-in of each requested KPI and period, in one
 * query whatever the number of KPIs: the lists use it to flag watermelons.
 * Keyed `kpiId|periodKey`.
 */
export async function getLatestCheckIns(
  tx: TenantTx,
  wanted: ReadonlyArray<{ kpiId: string; periodKey: string }>,
): Promise<Map<string, CheckInRow>> {
  const out = new Map<string, CheckInRow>();
  if (wanted.length === 0) return out;
  const pairs = JSON.stringify(wanted.map((w) => ({ kpi_id: w.kpiId, period_key: w.periodKey })));
  const rows = rowsOf<{ id: string; kpi_id: string; period_key: string; confidence: Confidence; comment: string; created_at: string | Date; author_name: string | null }>(
    await tx.execute(sql`
      select distinct on (c.kpi_id, c.period_key) c.id, c.kpi_id, c.period_key, c.confidence, c.comment, c.created_at, u.name as author_name
      from ${checkIns} c
      join jsonb_to_recordset(${pairs}::jsonb) as w(kpi_id uuid, period_key text) on w.kpi_id = c.kpi_id and w.period_key = c.period_key
      left join ${users} u on u.id = c.created_by
      where c.organization_id = ${tx.organizationId}
      order by c.kpi_id, c.period_key, c.created_at desc, c.id`),
  );
  for (const r of rows) {
    out.set(`${r.kpi_id}|${r.period_key}`, {
      id: r.id,
      kpiId: r.kpi_id,
      periodKey: r.period_key,
      confidence: r.confidence,
      comment: r.comment,
      createdAt: new Date(r.created_at),
      authorName: r.author_name,
    });
  }
  return out;
}

/** A KPI's check-ins, newest first, with who wrote them (one query). */
export async function listCheckIns(tx: TenantTx, kpiId: string, limit = 24): Promise<CheckInRow[]> {
  return tx
    .select({
      id: checkIns.id,
      kpiId: checkIns.kpiId,
      periodKey: checkIns.periodKey,
      confidence: checkIns.confidence,
      comment: checkIns.comment,
      createdAt: checkIns.createdAt,
      authorName: users.name,
    })
    .from(checkIns)
    .leftJoin(memberships, and(eq(memberships.organizationId, checkIns.organizationId), eq(memberships.userId, checkIns.createdBy)))
    .leftJoin(users, eq(users.id, checkIns.createdBy))
    .where(and(eq(checkIns.organizationId, tx.organizationId), eq(checkIns.kpiId, kpiId)))
    .orderBy(desc(checkIns.createdAt), desc(checkIns.id))
    .limit(limit);
}

export type RecentValue = { metricId: string; date: string; value: number; note: string | null };

/**
 * For each metric, its values dated inside [start, end] and its last `depth`
 * values up to `end` (the history shown beside a field), in one query.
 */
export async function getValuesAround(
  tx: TenantTx,
  metricIds: readonly string[],
  range: { start: string; end: string },
  depth = 3,
): Promise<{ inRange: Map<string, RecentValue[]>; recent: Map<string, RecentValue[]> }> {
  const inRange = new Map<string, RecentValue[]>();
  const recent = new Map<string, RecentValue[]>();
  if (metricIds.length === 0) return { inRange, recent };
  const rows = rowsOf<{ metric_id: string; date: string; value: number; note: string | null; rn: number | string }>(
    await tx.execute(sql`
      select metric_id, date, value, note, rn from (
        select v.metric_id, v.date::text as date, v.value, v.note,
          row_number() over (partition by v.metric_id order by v.date desc) as rn
        from measurements v
        where v.organization_id = ${tx.organizationId}
          and v.metric_id in (select jsonb_array_elements_text(${JSON.stringify(metricIds)}::jsonb)::uuid)
          and v.date <= ${range.end}::date
      ) ranked
      where rn <= ${depth} or date >= ${range.start}
      order by metric_id, date desc`),
  );
  for (const r of rows) {
    const value: RecentValue = { metricId: r.metric_id, date: r.date, value: Number(r.value), note: r.note };
    if (Number(r.rn) <= depth) recent.set(r.metric_id, [...(recent.get(r.metric_id) ?? []), value]);
    if (r.date >= range.start) inRange.set(r.metric_id, [...(inRange.get(r.metric_id) ?? []), value]);
  }
  return { inRange, recent };
}

/** Each metric's last `depth` values up to `until`, newest first, in one query. */
export async function listRecentValues(tx: TenantTx, metricIds: readonly string[], until: string, depth = 3): Promise<Map<string, RecentValue[]>> {
  return (await getValuesAround(tx, metricIds, { start: '9999-12-31', end: until }, depth)).recent;
}
