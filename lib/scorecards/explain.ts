import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { anyOf } from '@/db/any-of';
import { apiTokens, kpiMetrics, kpis, measurements, metrics, orgUnits, users } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { lastCompletedPeriod, type IsoDate } from '@/lib/periods';
import type { Actor } from '@/lib/permissions';
import { loadResults, type LoadedKpi } from '@/lib/results/load';
import { derivationLabel } from '@/lib/results/labels';
import { measuredRange, type ScorecardPeriod } from '@/lib/results/periods';
import { scoreRule, type Direction, type RollupMethod, type Status, type StatusThresholds, type Target } from '@/lib/scoring';
import { getOrgScorecard, type OrgScorecardKpi, type ScorecardOrganization, type ScorecardUnit } from './org-scorecard';

/*
 * "Explain any number" (issue 7, product.md §3): the tree of inputs behind a
 * KPI's or a unit's score for a period. The numbers come from the one engine
 * (lib/results), recomputed from the raw values for this one result, so an
 * explanation shows the score every scorecard shows; this module adds what the
 * engine does not need — names, the metric values per date and who entered
 * them — in a constant number of queries.
 */

export type Measure = OrgScorecardKpi['measure'];
export type MeasurementSource = 'manual' | 'csv' | 'api';

export type ExplainedValue = {
  date: string;
  value: number;
  note: string | null;
  source: MeasurementSource;
  /** The person's name, "API token <name>", or null when the person or token is gone. */
  enteredBy: string | null;
};

export type ExplainedMetric = {
  id: string;
  key: string;
  name: string;
  measure: Measure;
  aggregation: 'sum' | 'last' | 'average' | 'min' | 'max';
  /** The values in the period combined by the aggregation; null: no value in the period. */
  value: number | null;
  values: ExplainedValue[];
};

/** How the score followed from actual, target and baseline, in symbols and with the numbers put in. */
export type ScoreCalculation = {
  /** The rule in words and symbols, e.g. "(a − b) / (t − b)". */
  rule: string;
  /** The rule with the numbers, e.g. "(412 − 300) / (450 − 300) = 0.75"; null when there is no score. */
  expression: string | null;
  /** The score before clamping to [0, cap]. */
  raw: number | null;
  /** Set when clamping changed the score. */
  clamped: 'cap' | 'zero' | null;
};

export type KpiSource =
  | { kind: 'formula'; formula: string | null; substituted: string | null; metrics: ExplainedMetric[] }
  | { kind: 'rollup'; method: RollupMethod | null; contributors: ExplainedContributor[] };

export type ExplainedContributor =
  | { weight: number; hidden: false; kpi: KpiExplanation }
  /** Already explained above in this tree (a DAG may reach a KPI twice; a cycle would never end). */
  | { weight: number; hidden: false; repeated: { id: string; name: string; actual: number | null } }
  /** A draft the reader may not see: it counts, but nothing about it is shown. */
  | { weight: number; hidden: true };

export type KpiExplanation = {
  kind: 'kpi';
  id: string;
  name: string;
  unit: ScorecardUnit | null;
  state: 'draft' | 'active' | 'retired';
  period: string;
  measure: Measure;
  direction: Direction;
  weight: number;
  actual: number | null;
  target: Target | null;
  /** Where a coarser period's target came from ("from 3 monthly targets"), or why there is none; null for an explicit target. */
  targetFrom: string | null;
  baseline: number | null;
  cap: number;
  /** null for a KPI that is not live (it is in no score; its actual is shown for the roll-up it feeds). */
  score: number | null;
  status: Status;
  thresholds: StatusThresholds & { own: boolean };
  calculation: ScoreCalculation;
  source: KpiSource;
};

export type UnitEntry =
  | {
      kind: 'kpi';
      id: string;
      name: string;
      weight: number;
      /** False when the period is finer than the KPI's frequency: it is reviewed at its own and is in neither score nor coverage. */
      counted: boolean;
      score: number | null;
      actual: number | null;
      target: Target | null;
      measure: Measure;
      status: Status;
      included: boolean;
    }
  | { kind: 'unit'; id: string; name: string; unitKind: ScorecardUnit['kind']; weight: number; score: number | null; status: Status; coverage: number | null; included: boolean };

export type UnitExplanation = {
  kind: 'unit';
  unit: ScorecardUnit;
  parentId: string | null;
  period: string;
  score: number | null;
  status: Status;
  /** Σ w·s over the included entries and Σ w, so the reader can redo the division. */
  weightedSum: number;
  totalWeight: number;
  expression: string | null;
  /** Own KPIs first, then child units; `included` is false for those without a score (no actual or no target) or weight ≤ 0. */
  entries: UnitEntry[];
  /** KPIs of the subtree counted at the period, and those with a score. */
  coverage: { withScore: number; total: number; share: number | null };
  /** The child units, one level down (their own children are entries, explained on their own page). */
  children: UnitExplanation[];
};

type Organization = ScorecardOrganization;

/** Numbers in expressions: plain, grouped, at most four decimals. */
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
export const formatNumber = (x: number) => number.format(x + 0);

/**
 * A unit's rolled-up score for a period (default: the engine's, the last
 * completed month) with every entry that went in or was left out, coverage,
 * and its child units one level down. The 8 queries of the engine plus one.
 * Null for another organization's, an archived or an unknown unit.
 */
export async function explainUnit(
  tx: TenantTx,
  organization: Organization,
  options: { unitId?: string; period?: ScorecardPeriod; today: IsoDate },
): Promise<UnitExplanation | null> {
  const [card, archived] = await Promise.all([
    getOrgScorecard(tx, organization, { unitId: options.unitId, period: options.period, today: options.today, trendLength: 2, movers: 0 }),
    options.unitId
      ? tx
          .select({ archivedAt: orgUnits.archivedAt })
          .from(orgUnits)
          .where(and(eq(orgUnits.organizationId, tx.organizationId), eq(orgUnits.id, options.unitId)))
      : Promise.resolve([]),
  ]);
  if (!card || archived.some((u) => u.archivedAt)) return null;

  const childrenOf = groupBy(card.units, (u) => u.parentId ?? '');
  const kpisOf = groupBy(card.kpis, (k) => k.unitId);
  const byId = new Map(card.units.map((u) => [u.unit.id, u]));

  const explain = (unitId: string, depth: number): UnitExplanation => {
    const u = byId.get(unitId)!;
    const entries: UnitEntry[] = [
      ...(kpisOf.get(unitId) ?? []).map(
        (k): UnitEntry => ({
          kind: 'kpi',
          id: k.id,
          name: k.name,
          weight: k.weight,
          counted: k.counted,
          score: k.score,
          actual: k.actual,
          target: k.target,
          measure: k.measure,
          status: k.status,
          included: k.score !== null && k.weight > 0,
        }),
      ),
      ...(childrenOf.get(unitId) ?? []).map(
        (c): UnitEntry => ({
          kind: 'unit',
          id: c.unit.id,
          name: c.unit.name,
          unitKind: c.unit.kind,
          weight: c.weight,
          score: c.score,
          status: c.status,
          coverage: c.coverage,
          included: c.score !== null && c.weight > 0,
        }),
      ),
    ];
    const included = entries.filter((e) => e.included);
    const weightedSum = included.reduce((s, e) => s + e.weight * e.score!, 0);
    const totalWeight = included.reduce((s, e) => s + e.weight, 0);
    return {
      kind: 'unit',
      unit: u.unit,
      parentId: u.parentId,
      period: card.period,
      score: u.score,
      status: u.status,
      weightedSum,
      totalWeight,
      expression:
        included.length && u.score !== null
          ? `(${included.map((e) => `${formatNumber(e.weight)} × ${formatNumber(e.score!)}`).join(' + ')}) / ${formatNumber(totalWeight)} = ${formatNumber(u.score)}`
          : null,
      entries,
      coverage: { withScore: u.covered, total: u.counted, share: u.coverage },
      children: depth === 0 ? (childrenOf.get(unitId) ?? []).map((c) => explain(c.unit.id, depth + 1)) : [],
    };
  };
  return explain(card.unit.id, 0);
}

/**
 * A live KPI's score for a period (default: the last completed period of its
 * frequency) with its whole tree of inputs: the score calculation, then the
 * formula's metrics with their values per date and who entered them, or the
 * contributing KPIs with their link weights, each explained the same way.
 * `actor` decides which drafts among the contributors may be shown (null: an
 * API token, which sees no drafts). The engine's queries for the KPI and what
 * it rolls up from, then names, units and raw values: a constant number.
 * Null for another organization's, a draft, a retired or an unknown KPI.
 */
export async function explainKpi(
  tx: TenantTx,
  organization: Organization,
  options: { kpiId: string; period?: ScorecardPeriod; today: IsoDate; actor: Actor | null },
): Promise<KpiExplanation | null> {
  const org = tx.organizationId;
  const [rootRow] = await tx
    .select({ state: kpis.state, frequency: kpis.frequency })
    .from(kpis)
    .where(and(eq(kpis.organizationId, org), eq(kpis.id, options.kpiId)));
  if (!rootRow || rootRow.state !== 'active') return null;
  const today = options.today;
  const period = options.period ?? lastCompletedPeriod(rootRow.frequency, today, organization);
  const { engine, kpis: definitions } = await loadResults(tx, organization, { kpiIds: [options.kpiId], periods: [period], today });
  const root = definitions.get(options.kpiId)!;
  const ids = [...definitions.keys()];
  // The raw values a formula KPI of the tree was measured over: the widest range any of them uses.
  const ranges = [...definitions.values()].flatMap((d) => (d.source === 'formula' ? [measuredRange(d.frequency, period, today, organization)] : [])).filter((r) => r !== null);
  const from = ranges.reduce((a, r) => (r.start < a ? r.start : a), period.end);
  const to = ranges.reduce((a, r) => (r.end > a ? r.end : a), period.start);

  const [units, references, raw] = await Promise.all([
    tx
      .select({ id: orgUnits.id, parentId: orgUnits.parentId, name: orgUnits.name, kind: orgUnits.kind })
      .from(orgUnits)
      .where(eq(orgUnits.organizationId, org)),
    tx
      .select({
        kpiId: kpiMetrics.kpiId,
        id: metrics.id,
        key: metrics.key,
        name: metrics.name,
        unit: metrics.unit,
        currencyCode: metrics.currencyCode,
        aggregation: metrics.aggregation,
      })
      .from(kpiMetrics)
      .innerJoin(metrics, and(eq(metrics.organizationId, kpiMetrics.organizationId), eq(metrics.id, kpiMetrics.metricId)))
      .where(and(eq(kpiMetrics.organizationId, org), anyOf(kpiMetrics.kpiId, ids)))
      .orderBy(asc(metrics.key)),
    ranges.length === 0
      ? Promise.resolve([])
      : tx
          .select({
            metricId: measurements.metricId,
            date: measurements.date,
            value: measurements.value,
            note: measurements.note,
            source: measurements.source,
            userName: users.name,
            tokenName: apiTokens.name,
          })
          .from(measurements)
          .innerJoin(kpiMetrics, and(eq(kpiMetrics.organizationId, measurements.organizationId), eq(kpiMetrics.metricId, measurements.metricId)))
          .leftJoin(users, eq(users.id, measurements.recordedBy))
          .leftJoin(apiTokens, and(eq(apiTokens.organizationId, measurements.organizationId), eq(apiTokens.id, measurements.recordedByTokenId)))
          .where(and(eq(measurements.organizationId, org), anyOf(kpiMetrics.kpiId, ids), gte(measurements.date, from), lte(measurements.date, to)))
          .orderBy(asc(measurements.date)),
  ]);

  const unitById = new Map(units.map((u) => [u.id, u]));
  const parents = new Map(units.map((u) => [u.id, u.parentId]));
  const referencesByKpi = groupBy(references, (r) => r.kpiId);
  const valuesByMetric = groupBy(
    // A metric used by several KPIs of the tree comes once per KPI from the join: keep one row per date.
    [...new Map(raw.map((r) => [`${r.metricId}|${r.date}`, r])).values()],
    (r) => r.metricId,
  );
  const visible = (d: LoadedKpi) => (options.actor ? canSeeKpi(options.actor, d, parents) : d.state !== 'draft');
  const cap = organization.policy.scoreCap;

  const shown = new Set<string>();
  const explain = (id: string): KpiExplanation => {
    shown.add(id);
    const d = definitions.get(id)!;
    const live = d.state === 'active';
    const result = engine.result(id, period);
    const thresholds = d.statusThresholds ?? organization.policy.statusThresholds;
    const range = measuredRange(d.frequency, period, today, organization);
    const inRange = (date: string) => !!range && date >= range.start && date <= range.end;
    let source: KpiSource;
    if (d.source === 'formula') {
      const inputs = result.inputs ?? {};
      source = {
        kind: 'formula',
        formula: d.formula,
        substituted: d.formula ? substitute(d.formula, inputs, result.actual) : null,
        metrics: (referencesByKpi.get(id) ?? []).map((r) => ({
          id: r.id,
          key: r.key,
          name: r.name,
          measure: { unit: r.unit, currencyCode: r.currencyCode },
          aggregation: r.aggregation,
          value: inputs[r.key] ?? null,
          values: (valuesByMetric.get(r.id) ?? [])
            .filter((v) => inRange(v.date))
            .map((v) => ({
              date: v.date,
              value: v.value,
              note: v.note,
              source: v.source,
              enteredBy: v.userName ?? (v.tokenName !== null ? `API token ${v.tokenName}` : null),
            })),
        })),
      };
    } else {
      source = {
        kind: 'rollup',
        method: d.rollupMethod,
        contributors: d.links.flatMap((l): ExplainedContributor[] => {
          const child = definitions.get(l.childKpiId);
          if (!child) return [];
          if (!visible(child)) return [{ weight: l.weight, hidden: true }];
          if (shown.has(child.id)) return [{ weight: l.weight, hidden: false, repeated: { id: child.id, name: child.name, actual: engine.actual(child.id, period) } }];
          return [{ weight: l.weight, hidden: false, kpi: explain(child.id) }];
        }),
      };
    }
    const unit = unitById.get(d.unitId);
    return {
      kind: 'kpi',
      id,
      name: d.name,
      unit: unit ? { id: unit.id, name: unit.name, kind: unit.kind } : null,
      state: d.state,
      period: period.key,
      measure: d.measure,
      direction: d.direction,
      weight: d.weight,
      actual: result.actual,
      target: result.target,
      targetFrom: derivationLabel(result.derivation, d.frequency),
      baseline: d.baselineValue,
      cap,
      score: live ? result.score : null,
      status: live ? result.status : 'no_data',
      thresholds: { ...thresholds, own: d.statusThresholds !== null },
      calculation: live
        ? scoreCalculation({ direction: d.direction, actual: result.actual, target: result.target, baseline: d.baselineValue, cap })
        : { rule: 'Not live: it has no score of its own', expression: null, raw: null, clamped: null },
      source,
    };
  };
  return explain(root.id);
}

/** The formula with each {metric} replaced by its combined value: "173 / 5,000 * 100 = 3.46". */
function substitute(formula: string, inputs: Record<string, number | null>, actual: number | null): string {
  const text = formula.replace(/\{([a-z0-9_]+)\}/g, (_, key: string) => {
    const v = inputs[key];
    return v === null || v === undefined ? 'no value' : formatNumber(v);
  });
  return `${text} = ${actual === null ? 'no value' : formatNumber(actual)}`;
}

/**
 * The score rule of product.md §3 spelled out with the numbers: the case
 * lib/scoring scoreRule decided (the one place it is decided), in words.
 */
export function scoreCalculation(input: { direction: Direction; actual: number | null; target: Target | null; baseline: number | null; cap: number }): ScoreCalculation {
  const f = formatNumber;
  if (input.actual === null || !Number.isFinite(input.actual)) return { rule: 'No actual in the period: no score (no data is never 0)', expression: null, raw: null, clamped: null };
  const r = scoreRule(input);
  if (!r) return { rule: 'No target for the period: no score', expression: null, raw: null, clamped: null };
  const bandWord = (band: 'low' | 'high' | null) => (band === 'low' ? ' (the band’s low end)' : band === 'high' ? ' (the band’s high end)' : '');
  let rule: string;
  let steps: string;
  switch (r.case) {
    case 'within':
      rule = 'Within the band [lo, hi]: 1 inside; outside, 1 − distance to the band / max(hi − lo, |hi| × 0.01)';
      steps =
        r.a >= r.lo && r.a <= r.hi
          ? `${f(r.a)} is inside [${f(r.lo)}, ${f(r.hi)}] → 1`
          : `1 − ${r.a < r.lo ? `(${f(r.lo)} − ${f(r.a)})` : `(${f(r.a)} − ${f(r.hi)})`} / ${f(r.width)} = ${f(r.raw)}`;
      break;
    case 'baseline':
      rule = `(a − b) / (t − b): actual a, baseline b, target t${bandWord(r.band)}`;
      steps = `(${f(r.a)} − ${f(r.b)}) / (${f(r.t)} − ${f(r.b)}) = ${f(r.raw)}`;
      break;
    case 'up':
      rule = `a / t: actual over target${bandWord(r.band)}, higher is better`;
      steps = r.t === 0 ? `t = 0 and a ${r.a >= 0 ? '≥' : '<'} 0 → ${r.raw}` : `${f(r.a)} / ${f(r.t)} = ${f(r.raw)}`;
      break;
    case 'down':
      rule = `t / a: target${bandWord(r.band)} over actual, lower is better`;
      steps = r.a <= 0 ? `a = ${f(r.a)} ≤ 0 → the cap ${f(r.cap)}` : `${f(r.t)} / ${f(r.a)} = ${f(r.raw)}`;
      break;
  }
  const clamped = r.raw > r.cap ? 'cap' : r.raw < 0 ? 'zero' : null;
  if (clamped === 'cap') steps += `, capped at ${f(r.cap)}`;
  if (clamped === 'zero') steps += ', raised to 0';
  return { rule, expression: steps, raw: r.raw, clamped };
}
