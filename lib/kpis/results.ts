import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { kpiLinks, kpiMetrics, kpis, measurements, metrics } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { evaluateFormula, parseStoredFormula } from '@/lib/formula';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import { aggregateValues, kpiScore, rollupActual, statusOf, targetOf, type Status, type Target } from '@/lib/scoring';
import { anyOf } from '@/db/any-of';
import { listTargets } from './queries';

/** Any span of dates with a key: a period (`2026-03`), or a goal's span. Targets are looked up by the key. */
export type DateRange = { key: string; start: string; end: string };

export type KpiResult = {
  actual: number | null;
  target: Target | null;
  score: number | null;
  status: Status;
  /** Formula KPIs: each metric's value combined over the range (null: no value in it). */
  inputs?: Record<string, number | null>;
  /** Roll-up KPIs: each contributor's actual and weight. */
  contributions?: { kpiId: string; actual: number | null; weight: number }[];
};

type Definition = {
  id: string;
  direction: 'up' | 'down' | 'within';
  source: 'formula' | 'rollup';
  formula: string | null;
  rollupMethod: 'sum' | 'average' | 'weighted_average' | 'min' | 'max' | null;
  baselineValue: number | null;
  statusThresholds: { green: number; amber: number } | null;
};

/**
 * Actuals, targets, scores and statuses of KPIs over date ranges, with a
 * fixed number of queries whatever the number of KPIs and ranges: the roll-up
 * closure, definitions, links, metric references, targets and measurements
 * are each read once, then everything is computed in memory.
 */
export async function getKpiResults(
  tx: TenantTx,
  organization: { policy: OrganizationPolicy },
  requests: ReadonlyArray<{ kpiId: string; ranges: readonly DateRange[] }>,
): Promise<Map<string, Map<string, KpiResult>>> {
  const results = new Map<string, Map<string, KpiResult>>();
  const wanted = requests.filter((r) => r.ranges.length > 0);
  if (wanted.length === 0) return results;
  const org = tx.organizationId;

  // Every KPI the requested ones roll up from, at any depth. UNION (not ALL) also stops at a cycle.
  const closure = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive c(id) as (
        select id from ${kpis} where ${kpis.organizationId} = ${org} and ${anyOf(kpis.id, wanted.map((r) => r.kpiId))}
        union
        select l.child_kpi_id from ${kpiLinks} l join c on l.parent_kpi_id = c.id where l.organization_id = ${org}
      )
      select id from c`),
  ).map((r) => r.id);
  if (closure.length === 0) return results;

  const allStarts = wanted.flatMap((r) => r.ranges.map((x) => x.start)).sort();
  const allEnds = wanted.flatMap((r) => r.ranges.map((x) => x.end)).sort();
  const [definitions, links, references, targets] = await Promise.all([
    tx
      .select({
        id: kpis.id,
        direction: kpis.direction,
        source: kpis.source,
        formula: kpis.formula,
        rollupMethod: kpis.rollupMethod,
        baselineValue: kpis.baselineValue,
        statusThresholds: kpis.statusThresholds,
      })
      .from(kpis)
      .where(and(eq(kpis.organizationId, org), anyOf(kpis.id, closure))),
    tx
      .select({ parentKpiId: kpiLinks.parentKpiId, childKpiId: kpiLinks.childKpiId, weight: kpiLinks.weight })
      .from(kpiLinks)
      .where(and(eq(kpiLinks.organizationId, org), anyOf(kpiLinks.parentKpiId, closure))),
    tx
      .select({ kpiId: kpiMetrics.kpiId, metricId: metrics.id, key: metrics.key, aggregation: metrics.aggregation })
      .from(kpiMetrics)
      .innerJoin(metrics, and(eq(metrics.organizationId, kpiMetrics.organizationId), eq(metrics.id, kpiMetrics.metricId)))
      .where(and(eq(kpiMetrics.organizationId, org), anyOf(kpiMetrics.kpiId, closure))),
    listTargets(tx, [...new Set(wanted.map((r) => r.kpiId))], [...new Set(wanted.flatMap((r) => r.ranges.map((x) => x.key)))]),
  ]);
  const metricIds = [...new Set(references.map((r) => r.metricId))];
  const values = metricIds.length
    ? await tx
        .select({ metricId: measurements.metricId, date: measurements.date, value: measurements.value })
        .from(measurements)
        .where(
          and(
            eq(measurements.organizationId, org),
            anyOf(measurements.metricId, metricIds),
            gte(measurements.date, allStarts[0]!),
            lte(measurements.date, allEnds[allEnds.length - 1]!),
          ),
        )
    : [];

  const valuesByMetric = groupBy(values, (v) => v.metricId);
  const definitionById = new Map<string, Definition>(definitions.map((d) => [d.id, d]));
  const linksByParent = groupBy(links, (l) => l.parentKpiId);
  const referencesByKpi = groupBy(references, (r) => r.kpiId);
  const targetByKey = new Map(targets.map((t) => [`${t.kpiId}|${t.periodKey}`, t]));

  const actuals = new Map<string, Pick<KpiResult, 'actual' | 'inputs' | 'contributions'>>();
  const computing = new Set<string>();
  const actualOf = (kpiId: string, range: DateRange): Pick<KpiResult, 'actual' | 'inputs' | 'contributions'> => {
    const memo = `${kpiId}|${range.start}|${range.end}`;
    const known = actuals.get(memo);
    if (known) return known;
    const definition = definitionById.get(kpiId);
    if (!definition || computing.has(memo)) return { actual: null };
    computing.add(memo);
    let result: Pick<KpiResult, 'actual' | 'inputs' | 'contributions'>;
    if (definition.source === 'formula') {
      const inputs: Record<string, number | null> = {};
      for (const ref of referencesByKpi.get(kpiId) ?? []) {
        const inRange = (valuesByMetric.get(ref.metricId) ?? []).filter((v) => v.date >= range.start && v.date <= range.end);
        inputs[ref.key] = aggregateValues(inRange, ref.aggregation);
      }
      const ast = definition.formula ? parseStoredFormula(definition.formula) : null;
      result = { actual: ast ? evaluateFormula(ast, inputs) : null, inputs };
    } else {
      const contributions = (linksByParent.get(kpiId) ?? []).map((link) => ({
        kpiId: link.childKpiId,
        actual: actualOf(link.childKpiId, range).actual,
        weight: link.weight,
      }));
      result = { actual: definition.rollupMethod ? rollupActual(definition.rollupMethod, contributions) : null, contributions };
    }
    computing.delete(memo);
    actuals.set(memo, result);
    return result;
  };

  for (const request of wanted) {
    const definition = definitionById.get(request.kpiId);
    if (!definition) continue;
    const perRange = results.get(request.kpiId) ?? new Map<string, KpiResult>();
    for (const range of request.ranges) {
      const computed = actualOf(request.kpiId, range);
      const target = targetOf(targetByKey.get(`${request.kpiId}|${range.key}`));
      const score = kpiScore({
        direction: definition.direction,
        actual: computed.actual,
        target,
        baseline: definition.baselineValue,
        cap: organization.policy.scoreCap,
      });
      const thresholds = definition.statusThresholds ?? organization.policy.statusThresholds;
      perRange.set(range.key, { ...computed, target, score, status: statusOf(score, thresholds) });
    }
    results.set(request.kpiId, perRange);
  }
  return results;
}
