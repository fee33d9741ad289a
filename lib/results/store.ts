import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { arrayLiteral, decodeJson } from '@/db/sql-values';
import { rowsOf } from '@/db/client';
import { lastCompletedPeriod, type FiscalCalendar, type IsoDate, type Period, type PeriodKind } from '@/lib/periods';
import type { Status, Target } from '@/lib/scoring';
import type { KpiResult } from './engine';
import { refreshResults } from './maintain';
import { isCountedAt, measuredRange, type ScorecardPeriod } from './periods';

/*
 * Reading the results store (lib/results/maintain keeps it): a constant number
 * of queries whatever the size of the organization, each answered as one JSON
 * value (decoding 60,000 rows one by one cost more than the query).
 */

export type StoredKpiResult = Pick<KpiResult, 'counted' | 'actual' | 'target' | 'derivation' | 'score' | 'status'>;
export type StoredUnitResult = { score: number | null; status: Status; covered: number };


type KpiTuple = [string, string, number | null, number | null, number | null, number | null, number | null, string[] | null, number | null, Status];

/** The stored results of the KPIs at the period keys, keyed `kpiId|periodKey`. A missing key: no actual and no target. */
export async function readKpiResults(tx: TenantTx, kpiIds: readonly string[], periodKeys: readonly string[]): Promise<Map<string, Omit<StoredKpiResult, 'counted'>>> {
  const found = new Map<string, Omit<StoredKpiResult, 'counted'>>();
  if (kpiIds.length === 0 || periodKeys.length === 0) return found;
  const [row] = rowsOf<{ data: KpiTuple[] | string | null }>(
    await tx.execute(sql`
      select json_agg(json_build_array(r.kpi_id, r.period_key, r.actual, r.target_value, r.target_low, r.target_high, r.target_parts, r.target_missing, r.score, r.status)) as data
      from kpi_results r
      where r.organization_id = ${tx.organizationId} and r.kpi_id = any(${arrayLiteral(kpiIds)}::uuid[])
        and r.period_key = any(${arrayLiteral(periodKeys)}::text[])`),
  );
  for (const [kpiId, key, actual, value, low, high, parts, missing, score, status] of decodeJson(row?.data ?? []) ?? []) {
    const target: Target | null = value !== null ? { value } : low !== null && high !== null ? { low, high } : null;
    found.set(`${kpiId}|${key}`, { actual, target, derivation: parts === null ? null : { count: parts, missing: missing ?? [] }, score, status });
  }
  return found;
}

/** The stored roll-ups of the units at the period keys, keyed `unitId|periodKey`. A missing key: nothing covered, no score. */
export async function readUnitResults(tx: TenantTx, unitIds: readonly string[], periodKeys: readonly string[]): Promise<Map<string, StoredUnitResult>> {
  const found = new Map<string, StoredUnitResult>();
  if (unitIds.length === 0 || periodKeys.length === 0) return found;
  const [row] = rowsOf<{ data: [string, string, number | null, Status, number][] | string | null }>(
    await tx.execute(sql`
      select json_agg(json_build_array(r.unit_id, r.period_key, r.score, r.status, r.covered)) as data
      from unit_results r
      where r.organization_id = ${tx.organizationId} and r.unit_id = any(${arrayLiteral(unitIds)}::uuid[])
        and r.period_key = any(${arrayLiteral(periodKeys)}::text[])`),
  );
  for (const [unitId, key, score, status, covered] of decodeJson(row?.data ?? []) ?? []) found.set(`${unitId}|${key}`, { score, status, covered });
  return found;
}

/** Whether a KPI of this frequency counts at the period today (a year to date waits for its first period to end). */
export function countsAt(frequency: PeriodKind, period: ScorecardPeriod, today: IsoDate, calendar: FiscalCalendar): boolean {
  return isCountedAt(frequency, period.kind) && measuredRange(frequency, period, today, calendar) !== null;
}

/** A KPI's result from the store: what is kept, or nothing kept (no actual, no target), or not counted at the period. */
export function storedResult(stored: Omit<StoredKpiResult, 'counted'> | undefined, counted: boolean): StoredKpiResult {
  if (!counted) return { counted: false, actual: null, target: null, derivation: null, score: null, status: 'no_data' };
  return stored ? { counted: true, ...stored } : { counted: true, actual: null, target: null, derivation: null, score: null, status: 'no_data' };
}

/**
 * Each KPI's stored result for the last completed period of its own frequency
 * (the KPI list, a goal's KPIs, the API's statuses), the store brought up to date first.
 */
export async function readLatestResults(
  tx: TenantTx,
  calendar: FiscalCalendar,
  kpis: ReadonlyArray<{ id: string; frequency: PeriodKind }>,
  today: IsoDate,
): Promise<Map<string, { period: Period; result: StoredKpiResult }>> {
  await refreshResults(tx, today);
  const periodOf = new Map(kpis.map((k) => [k.id, lastCompletedPeriod(k.frequency, today, calendar)]));
  const stored = await readKpiResults(
    tx,
    kpis.map((k) => k.id),
    [...new Set([...periodOf.values()].map((p) => p.key))],
  );
  return new Map(kpis.map((k) => [k.id, { period: periodOf.get(k.id)!, result: storedResult(stored.get(`${k.id}|${periodOf.get(k.id)!.key}`), true) }]));
}
