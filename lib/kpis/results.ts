import type { TenantTx } from '@/db';
import { type KpiResult } from '@/lib/results/engine';
import { loadResults, type ResultsOrganization } from '@/lib/results/load';
import type { ScorePeriod } from '@/lib/results/periods';
import { type IsoDate } from '@/lib/periods';

export type { KpiResult };

/** A period (`2026-03`, `2026-YTD`), or any span of dates with a key of its own (a goal's, keyed by its id). */
export type DateRange = ScorePeriod | { key: string; start: string; end: string };

const asScorePeriod = (range: DateRange): ScorePeriod => ('kind' in range ? range : { kind: 'span', ...range });

/**
 * Actuals, targets, scores and statuses of KPIs over periods and spans, from
 * the one engine (lib/results) in its constant number of queries whatever the
 * number of KPIs and ranges. Keyed by KPI id, then by the range's key.
 */
export async function getKpiResults(
  tx: TenantTx,
  organization: ResultsOrganization,
  requests: ReadonlyArray<{ kpiId: string; ranges: readonly DateRange[] }>,
  today: IsoDate,
): Promise<Map<string, Map<string, KpiResult>>> {
  const results = new Map<string, Map<string, KpiResult>>();
  const wanted = requests.filter((r) => r.ranges.length > 0);
  if (wanted.length === 0) return results;
  const periods = new Map(wanted.flatMap((r) => r.ranges.map((x) => [x.key, asScorePeriod(x)] as const)));
  const { engine, kpis } = await loadResults(tx, organization, { kpiIds: [...new Set(wanted.map((r) => r.kpiId))], periods: [...periods.values()], today });
  for (const request of wanted) {
    if (!kpis.has(request.kpiId)) continue;
    const perRange = results.get(request.kpiId) ?? new Map<string, KpiResult>();
    for (const range of request.ranges) perRange.set(range.key, engine.result(request.kpiId, periods.get(range.key)!));
    results.set(request.kpiId, perRange);
  }
  return results;
}
