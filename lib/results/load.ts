import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { arrayLiteral, decodeJson } from '@/db/sql-values';
import { rowsOf } from '@/db/client';
import { dividesByMetric, parseStoredFormula } from '@/lib/formula';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import type { FiscalCalendar, IsoDate } from '@/lib/periods';
import { getMetricPeriodValues } from '@/lib/scorecards/metric-period-values';
import { effectiveTargetRollup, targetOf, type Aggregation, type Target } from '@/lib/scoring';
import { createResultsEngine, rangeKey, type EngineKpi, type ResultsEngine } from './engine';
import { isCountedAt, measuredRange, ownPeriodsWithin, type ScorePeriod } from './periods';

export type ResultsOrganization = FiscalCalendar & { policy: OrganizationPolicy };

/** What the engine knows about each KPI it loaded, plus what readers show next to a result. */
export type LoadedKpi = EngineKpi & {
  name: string;
  goalId: string | null;
  ownerId: string | null;
  createdBy: string | null;
  /** The formula's text, as stored. */
  formula: string | null;
  measure: { unit: 'count' | 'currency' | 'percent' | 'ratio' | 'duration'; currencyCode: string | null };
};


/**
 * The engine over the given KPIs (and everything they roll up from) for the
 * given periods, in three queries whatever their number: the KPIs with their
 * links and metric references, then (in parallel) the explicit targets the
 * periods need and every metric's value combined over every range measured.
 * `kpiIds: 'all'` loads the whole organization without walking the links.
 */
export async function loadResults(
  tx: TenantTx,
  organization: ResultsOrganization,
  request: { kpiIds: readonly string[] | 'all'; periods: readonly ScorePeriod[]; today: IsoDate },
): Promise<{ engine: ResultsEngine; kpis: Map<string, LoadedKpi> }> {
  const { periods, today } = request;
  const kpis = new Map<string, LoadedKpi>();
  const none = { engine: createResultsEngine({ policy: organization.policy, calendar: organization, today, kpis, metricValue: () => null, target: () => null }), kpis };
  for (const kpi of await loadKpiDefinitions(tx, request.kpiIds)) kpis.set(kpi.id, kpi);
  if (kpis.size === 0 || periods.length === 0) return { ...none, kpis };
  return { engine: await engineFor(tx, organization, kpis, periods, today), kpis };
}

/**
 * The KPIs (and, for a list, everything they roll up from) with their metric
 * references and links, in one query. `'all'`: the whole organization.
 */
export async function loadKpiDefinitions(tx: TenantTx, kpiIds: readonly string[] | 'all'): Promise<LoadedKpi[]> {
  const org = tx.organizationId;
  if (kpiIds !== 'all' && kpiIds.length === 0) return [];
  const scope =
    kpiIds === 'all'
      ? sql`select id from kpis where organization_id = ${org}`
      : sql`with recursive c(id) as (
          select id from kpis where organization_id = ${org} and id = any(${arrayLiteral(kpiIds)}::uuid[])
          union
          select l.child_kpi_id from kpi_links l join c on l.parent_kpi_id = c.id where l.organization_id = ${org}
        ) select id from c`;
  const rows = rowsOf<DefinitionRow>(
    await tx.execute(sql`
      with scope as (${scope})
      select k.id, k.unit_id, k.goal_id, k.owner_id, k.created_by, k.name, k.state, k.frequency, k.direction, k.weight, k.source, k.formula, k.rollup_method,
        k.baseline_value, k.status_thresholds, k.target_rollup, k.unit, k.currency_code,
        coalesce((select json_agg(json_build_array(m.id, m.key, m.aggregation) order by m.key)
          from kpi_metrics km join metrics m on m.organization_id = km.organization_id and m.id = km.metric_id
          where km.organization_id = k.organization_id and km.kpi_id = k.id), '[]') as refs,
        coalesce((select json_agg(json_build_array(l.child_kpi_id, l.weight) order by l.child_kpi_id)
          from kpi_links l where l.organization_id = k.organization_id and l.parent_kpi_id = k.id), '[]') as links
      from kpis k join scope on scope.id = k.id
      where k.organization_id = ${org}
      order by k.name, k.id`),
  );
  return rows.map(toLoadedKpi);
}

async function engineFor(
  tx: TenantTx,
  organization: ResultsOrganization,
  kpis: ReadonlyMap<string, LoadedKpi>,
  periods: readonly ScorePeriod[],
  today: IsoDate,
): Promise<ResultsEngine> {
  // The ranges each formula KPI is measured over, and the target keys each KPI's periods need.
  const ranges = new Map<string, { key: string; start: IsoDate; end: IsoDate }>();
  const metricIds = new Set<string>();
  const targetKeys = new Set<string>();
  for (const kpi of kpis.values()) {
    for (const period of periods) {
      if (!isCountedAt(kpi.frequency, period.kind)) continue;
      const range = measuredRange(kpi.frequency, period, today, organization);
      if (period.kind !== 'ytd' && period.kind !== 'span') targetKeys.add(period.key);
      if (!range) continue;
      if (period.kind !== kpi.frequency && period.kind !== 'span') for (const p of ownPeriodsWithin(kpi.frequency, range, organization)) targetKeys.add(p.key);
      if (kpi.source !== 'formula' || kpi.references.length === 0) continue;
      ranges.set(rangeKey(range), { key: rangeKey(range), ...range });
      for (const r of kpi.references) metricIds.add(r.metricId);
    }
  }
  const [values, targets] = await Promise.all([
    getMetricPeriodValues(tx, [...metricIds], [...ranges.values()]),
    getTargets(tx, [...kpis.keys()], [...targetKeys]),
  ]);
  return createResultsEngine({
    policy: organization.policy,
    calendar: organization,
    today,
    kpis,
    metricValue: (metricId, range) => values.get(`${metricId}|${rangeKey(range)}`),
    target: (kpiId, periodKey) => targets.get(`${kpiId}|${periodKey}`),
  });
}

type DefinitionRow = {
  id: string;
  unit_id: string;
  goal_id: string | null;
  owner_id: string | null;
  created_by: string | null;
  name: string;
  state: LoadedKpi['state'];
  frequency: LoadedKpi['frequency'];
  direction: LoadedKpi['direction'];
  weight: number | string;
  source: LoadedKpi['source'];
  formula: string | null;
  rollup_method: LoadedKpi['rollupMethod'];
  baseline_value: number | string | null;
  status_thresholds: LoadedKpi['statusThresholds'] | string;
  target_rollup: LoadedKpi['targetRollup'] | null;
  unit: LoadedKpi['measure']['unit'];
  currency_code: string | null;
  refs: [string, string, Aggregation][] | string;
  links: [string, number][] | string;
};


function toLoadedKpi(row: DefinitionRow): LoadedKpi {
  const refs = decodeJson(row.refs);
  const rollupMethod = row.rollup_method ?? null;
  const measure = { unit: row.unit, currencyCode: row.currency_code };
  const ast = row.formula ? parseStoredFormula(row.formula) : null;
  return {
    id: row.id,
    unitId: row.unit_id,
    goalId: row.goal_id,
    ownerId: row.owner_id,
    createdBy: row.created_by,
    formula: row.formula,
    name: row.name,
    state: row.state,
    frequency: row.frequency,
    direction: row.direction,
    weight: Number(row.weight),
    source: row.source,
    ast,
    rollupMethod,
    baselineValue: row.baseline_value === null ? null : Number(row.baseline_value),
    statusThresholds: row.status_thresholds ? decodeJson(row.status_thresholds) : null,
    targetRollup: effectiveTargetRollup({ targetRollup: row.target_rollup, unit: row.unit, source: row.source, rollupMethod }, refs.map((r) => r[2]), !!ast && dividesByMetric(ast)),
    references: refs.map(([metricId, key]) => ({ metricId, key })),
    links: decodeJson(row.links).map(([childKpiId, weight]) => ({ childKpiId, weight: Number(weight) })),
    measure,
  };
}

/**
 * The explicit targets of the KPIs for the period keys, as one JSON value: a
 * 5,000-KPI organization has 60,000 of them over twelve periods, and decoding
 * that many rows one by one cost more than the query.
 */
async function getTargets(tx: TenantTx, kpiIds: readonly string[], periodKeys: readonly string[]): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  if (kpiIds.length === 0 || periodKeys.length === 0) return targets;
  const [row] = rowsOf<{ data: [string, string, number | null, number | null, number | null][] | string | null }>(
    await tx.execute(sql`
      select json_agg(json_build_array(t.kpi_id, t.period_key, t.value, t.low, t.high)) as data
      from kpi_targets t
      where t.organization_id = ${tx.organizationId} and t.kpi_id = any(${arrayLiteral(kpiIds)}::uuid[])
        and t.period_key = any(${arrayLiteral(periodKeys)}::text[])`),
  );
  for (const [kpiId, periodKey, value, low, high] of decodeJson(row?.data ?? []) ?? []) {
    const target = targetOf({ value, low, high });
    if (target) targets.set(`${kpiId}|${periodKey}`, target);
  }
  return targets;
}

