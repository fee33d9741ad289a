import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { anyOf } from '@/db/any-of';
import { apiTokens, kpiLinks, kpiMetrics, measurements, metrics, orgUnits, users } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { evaluateFormula, parseFormula } from '@/lib/formula';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { lastCompletedPeriod, type IsoDate, type Period } from '@/lib/periods';
import type { Actor } from '@/lib/permissions';
import { rollupActual, type Direction, type RollupMethod, type Status, type StatusThresholds, type Target } from '@/lib/scoring';
import { getMetricPeriodValues } from './metric-period-values';
import { getOrgScorecard, type OrgScorecardKpi, type ScorecardOrganization, type ScorecardUnit } from './org-scorecard';

/*
 * "Explain any number" (issue 7, product.md §3): the tree of inputs behind a
 * KPI's or a unit's score for a period. The numbers come from the scorecard
 * engine itself (getOrgScorecard), so an explanation always shows the score
 * the scorecard shows; this module only adds the inputs the engine keeps to
 * itself — definitions, the metric values per date and who entered them — in
 * a constant number of queries.
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
  | { kind: 'kpi'; id: string; name: string; weight: number; score: number | null; actual: number | null; target: Target | null; measure: Measure; status: Status; included: boolean }
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
  coverage: { withData: number; total: number; share: number | null };
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
  options: { unitId?: string; period?: Period; today: IsoDate },
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
  const subtreeKpis = (unitId: string): OrgScorecardKpi[] => [
    ...(kpisOf.get(unitId) ?? []),
    ...(childrenOf.get(unitId) ?? []).flatMap((c) => subtreeKpis(c.unit.id)),
  ];

  const explain = (unitId: string, depth: number): UnitExplanation => {
    const u = byId.get(unitId)!;
    const entries: UnitEntry[] = [
      ...(kpisOf.get(unitId) ?? []).map(
        (k): UnitEntry => ({
          kind: 'kpi',
          id: k.id,
          name: k.name,
          weight: k.weight,
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
    const all = subtreeKpis(unitId);
    const withData = all.filter((k) => k.actual !== null).length;
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
      coverage: { withData, total: all.length, share: u.coverage },
      children: depth === 0 ? (childrenOf.get(unitId) ?? []).map((c) => explain(c.unit.id, depth + 1)) : [],
    };
  };
  return explain(card.unit.id, 0);
}

type Definition = {
  id: string;
  name: string;
  unitId: string;
  state: 'draft' | 'active' | 'retired';
  ownerId: string | null;
  createdBy: string | null;
  unit: Measure['unit'];
  currencyCode: string | null;
  direction: Direction;
  frequency: Period['kind'];
  weight: number;
  source: 'formula' | 'rollup';
  formula: string | null;
  rollupMethod: RollupMethod | null;
  baselineValue: number | null;
  statusThresholds: StatusThresholds | null;
};

/**
 * A live KPI's score for a period (default: the last completed period of its
 * frequency) with its whole tree of inputs: the score calculation, then the
 * formula's metrics with their values per date and who entered them, or the
 * contributing KPIs with their link weights, each explained the same way.
 * `actor` decides which drafts among the contributors may be shown (null: an
 * API token, which sees no drafts). A constant number of queries: the KPI and
 * everything it rolls up from (one recursive query), then the engine over the
 * organization, links, metric references, combined values and raw values.
 * Null for another organization's, a draft, a retired or an unknown KPI.
 */
export async function explainKpi(
  tx: TenantTx,
  organization: Organization,
  options: { kpiId: string; period?: Period; today: IsoDate; actor: Actor | null },
): Promise<KpiExplanation | null> {
  const org = tx.organizationId;
  const definitions = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      with recursive c(id) as (
        select ${options.kpiId}::uuid
        union
        select l.child_kpi_id from kpi_links l join c on l.parent_kpi_id = c.id where l.organization_id = ${org}
      )
      select k.id, k.name, k.unit_id, k.state, k.owner_id, k.created_by, k.unit, k.currency_code, k.direction, k.frequency,
        k.weight, k.source, k.formula, k.rollup_method, k.baseline_value, k.status_thresholds
      from kpis k join c on c.id = k.id where k.organization_id = ${org}`),
  ).map(toDefinition);
  const definitionById = new Map(definitions.map((d) => [d.id, d]));
  const root = definitionById.get(options.kpiId);
  if (!root || root.state !== 'active') return null;

  const today = options.today;
  const period = options.period ?? lastCompletedPeriod(root.frequency, today, organization);
  const ids = definitions.map((d) => d.id);
  const [card, links, references, raw] = await Promise.all([
    getOrgScorecard(tx, organization, { period, today, trendLength: 2, movers: 0 }),
    tx
      .select({ parentKpiId: kpiLinks.parentKpiId, childKpiId: kpiLinks.childKpiId, weight: kpiLinks.weight })
      .from(kpiLinks)
      .where(and(eq(kpiLinks.organizationId, org), anyOf(kpiLinks.parentKpiId, ids)))
      .orderBy(asc(kpiLinks.childKpiId)),
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
    tx
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
      .where(
        and(
          eq(measurements.organizationId, org),
          anyOf(kpiMetrics.kpiId, ids),
          gte(measurements.date, period.start),
          lte(measurements.date, period.end),
        ),
      )
      .orderBy(asc(measurements.date)),
  ]);
  if (!card) return null;
  // The combined values by the very function the engine uses, so a formula re-evaluated here gives the engine's actual.
  const metricIds = [...new Set(references.map((r) => r.id))];
  const combined = await getMetricPeriodValues(tx, metricIds, [period]);

  const engineKpi = new Map(card.kpis.map((k) => [k.id, k]));
  const unitById = new Map(card.units.map((u) => [u.unit.id, u]));
  const parents = new Map(card.units.map((u) => [u.unit.id, u.parentId]));
  const linksByParent = groupBy(links, (l) => l.parentKpiId);
  const referencesByKpi = groupBy(references, (r) => r.kpiId);
  const valuesByMetric = groupBy(
    // A metric used by several KPIs of the tree comes once per KPI from the join: keep one row per date.
    [...new Map(raw.map((r) => [`${r.metricId}|${r.date}`, r])).values()],
    (r) => r.metricId,
  );
  const visible = (d: Definition) => (options.actor ? canSeeKpi(options.actor, d, parents) : d.state !== 'draft');
  const cap = organization.policy.scoreCap;

  const inputsOf = (d: Definition) => {
    const inputs: Record<string, number | null> = {};
    for (const r of referencesByKpi.get(d.id) ?? []) inputs[r.key] = combined.get(`${r.id}|${period.key}`) ?? null;
    return inputs;
  };
  // Only for contributors the engine does not list (drafts, retired): the engine counts them in roll-ups too.
  const computing = new Set<string>();
  const actualOf = (d: Definition): number | null => {
    const live = engineKpi.get(d.id);
    if (live) return live.actual;
    if (computing.has(d.id)) return null;
    computing.add(d.id);
    let actual: number | null = null;
    if (d.source === 'formula' && d.formula) {
      try {
        actual = evaluateFormula(parseFormula(d.formula), inputsOf(d));
      } catch {
        actual = null;
      }
    } else if (d.rollupMethod) {
      actual = rollupActual(
        d.rollupMethod,
        (linksByParent.get(d.id) ?? []).map((l) => ({ actual: definitionById.has(l.childKpiId) ? actualOf(definitionById.get(l.childKpiId)!) : null, weight: l.weight })),
      );
    }
    computing.delete(d.id);
    return actual;
  };

  const shown = new Set<string>();
  const explain = (d: Definition): KpiExplanation => {
    shown.add(d.id);
    const live = engineKpi.get(d.id);
    const thresholds = d.statusThresholds ?? organization.policy.statusThresholds;
    const measure: Measure = { unit: d.unit, currencyCode: d.currencyCode };
    const actual = live ? live.actual : actualOf(d);
    const target = live?.target ?? null;
    let source: KpiSource;
    if (d.source === 'formula') {
      const inputs = inputsOf(d);
      source = {
        kind: 'formula',
        formula: d.formula,
        substituted: d.formula ? substitute(d.formula, inputs, actual) : null,
        metrics: (referencesByKpi.get(d.id) ?? []).map((r) => ({
          id: r.id,
          key: r.key,
          name: r.name,
          measure: { unit: r.unit, currencyCode: r.currencyCode },
          aggregation: r.aggregation,
          value: inputs[r.key] ?? null,
          values: (valuesByMetric.get(r.id) ?? []).map((v) => ({
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
        contributors: (linksByParent.get(d.id) ?? []).flatMap((l): ExplainedContributor[] => {
          const child = definitionById.get(l.childKpiId);
          if (!child) return [];
          if (!visible(child)) return [{ weight: l.weight, hidden: true }];
          if (shown.has(child.id)) return [{ weight: l.weight, hidden: false, repeated: { id: child.id, name: child.name, actual: actualOf(child) } }];
          return [{ weight: l.weight, hidden: false, kpi: explain(child) }];
        }),
      };
    }
    const unit = unitById.get(d.unitId)?.unit ?? null;
    return {
      kind: 'kpi',
      id: d.id,
      name: d.name,
      unit,
      state: d.state,
      period: period.key,
      measure,
      direction: d.direction,
      weight: d.weight,
      actual,
      target,
      baseline: d.baselineValue,
      cap,
      score: live?.score ?? null,
      status: live?.status ?? 'no_data',
      thresholds: { ...thresholds, own: d.statusThresholds !== null },
      calculation: live ? scoreCalculation({ direction: d.direction, actual, target, baseline: d.baselineValue, cap }) : { rule: 'Not live: it has no score of its own', expression: null, raw: null, clamped: null },
      source,
    };
  };
  return explain(root);
}

function toDefinition(row: Record<string, unknown>): Definition {
  const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));
  const thresholds = typeof row.status_thresholds === 'string' ? (JSON.parse(row.status_thresholds) as StatusThresholds) : (row.status_thresholds as StatusThresholds | null);
  return {
    id: row.id as string,
    name: row.name as string,
    unitId: row.unit_id as string,
    state: row.state as Definition['state'],
    ownerId: (row.owner_id as string | null) ?? null,
    createdBy: (row.created_by as string | null) ?? null,
    unit: row.unit as Definition['unit'],
    currencyCode: (row.currency_code as string | null) ?? null,
    direction: row.direction as Direction,
    frequency: row.frequency as Definition['frequency'],
    weight: Number(row.weight),
    source: row.source as Definition['source'],
    formula: (row.formula as string | null) ?? null,
    rollupMethod: (row.rollup_method as RollupMethod | null) ?? null,
    baselineValue: num(row.baseline_value),
    statusThresholds: thresholds ?? null,
  };
}

/** The formula with each {metric} replaced by its combined value: "173 / 5,000 * 100 = 3.46". */
function substitute(formula: string, inputs: Record<string, number | null>, actual: number | null): string {
  const text = formula.replace(/\{([a-z0-9_]+)\}/g, (_, key: string) => {
    const v = inputs[key];
    return v === null || v === undefined ? 'no value' : formatNumber(v);
  });
  return `${text} = ${actual === null ? 'no value' : formatNumber(actual)}`;
}

const present = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The score rule of product.md §3 (as lib/scoring kpiScore applies it) spelled
 * out with the numbers. The score itself is the engine's; this says how it came about.
 */
export function scoreCalculation(input: { direction: Direction; actual: number | null; target: Target | null; baseline: number | null; cap: number }): ScoreCalculation {
  const { direction, actual: a, target, baseline: b, cap } = input;
  const f = formatNumber;
  if (!present(a)) return { rule: 'No actual in the period: no score (no data is never 0)', expression: null, raw: null, clamped: null };
  if (!target) return { rule: 'No target for the period: no score', expression: null, raw: null, clamped: null };

  let rule: string;
  let steps: string;
  let raw: number;
  if (direction === 'within') {
    const [p, q] = 'value' in target ? [target.value, target.value] : [target.low, target.high];
    const lo = Math.min(p, q);
    const hi = Math.max(p, q);
    rule = 'Within the band [lo, hi]: 1 inside; outside, 1 − distance to the band / max(hi − lo, |hi| × 0.01)';
    if (a >= lo && a <= hi) {
      raw = 1;
      steps = `${f(a)} is inside [${f(lo)}, ${f(hi)}] → 1`;
    } else {
      const dist = a < lo ? lo - a : a - hi;
      const width = Math.max(hi - lo, Math.abs(hi) * 0.01, 1e-9);
      raw = 1 - dist / width;
      steps = `1 − ${a < lo ? `(${f(lo)} − ${f(a)})` : `(${f(a)} − ${f(hi)})`} / ${f(width)} = ${f(raw)}`;
    }
  } else {
    const t = 'value' in target ? target.value : direction === 'up' ? target.low : target.high;
    const tWord = 'value' in target ? '' : direction === 'up' ? ' (the band’s low end)' : ' (the band’s high end)';
    if (present(b) && b !== t) {
      rule = `(a − b) / (t − b): actual a, baseline b, target t${tWord}`;
      raw = (a - b) / (t - b);
      steps = `(${f(a)} − ${f(b)}) / (${f(t)} − ${f(b)}) = ${f(raw)}`;
    } else if (direction === 'up') {
      rule = `a / t: actual over target${tWord}, higher is better`;
      if (t === 0) {
        raw = a >= 0 ? 1 : 0;
        steps = `t = 0 and a ${a >= 0 ? '≥' : '<'} 0 → ${raw}`;
      } else {
        raw = a / t;
        steps = `${f(a)} / ${f(t)} = ${f(raw)}`;
      }
    } else {
      rule = `t / a: target${tWord} over actual, lower is better`;
      if (a <= 0) {
        raw = cap;
        steps = `a = ${f(a)} ≤ 0 → the cap ${f(cap)}`;
      } else {
        raw = t / a;
        steps = `${f(t)} / ${f(a)} = ${f(raw)}`;
      }
    }
  }
  const clamped = raw > cap ? 'cap' : raw < 0 ? 'zero' : null;
  if (clamped === 'cap') steps += `, capped at ${f(cap)}`;
  if (clamped === 'zero') steps += ', raised to 0';
  return { rule, expression: steps, raw, clamped };
}
