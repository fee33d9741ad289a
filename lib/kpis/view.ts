/** Pure helpers the KPI pages share: labels, badges, the vital-few meter, formula display. */
import { dividesByMetric, formulaReferences, safeParseFormula } from '@/lib/formula';
import { formatValue } from '@/lib/metrics/format';
import { inferTargetRollup, targetRollupLabels, vitalFewBudget, type Aggregation, type Status, type Target, type TargetRollup, type VitalFewPolicy } from '@/lib/scoring';
import type { directions, horizons, indicators, KpiDefinition, rollupMethods } from './schemas';

type MeasureUnit = 'count' | 'currency' | 'percent' | 'ratio' | 'duration';
type Tone = 'neutral' | 'brand' | 'green' | 'amber' | 'red';

export const directionLabels: Record<(typeof directions)[number], { short: string; long: string }> = {
  up: { short: 'Higher is better', long: 'Higher is better: the score rises as the actual rises above the target' },
  down: { short: 'Lower is better', long: 'Lower is better: the score rises as the actual falls below the target' },
  within: { short: 'Within a band', long: 'Within a band: on target anywhere between the low and the high target' },
};

export const indicatorLabels: Record<(typeof indicators)[number], { short: string; long: string }> = {
  leading: { short: 'Leading', long: 'Leading — predicts a result (e.g. pipeline)' },
  lagging: { short: 'Lagging', long: 'Lagging — reports a result (e.g. revenue)' },
};

export const horizonLabels: Record<(typeof horizons)[number], { short: string; long: string }> = {
  operational: { short: 'Operational', long: 'Operational — reviewed daily to weekly' },
  strategic: { short: 'Strategic', long: 'Strategic — reviewed monthly to quarterly' },
};

export const rollupMethodLabels: Record<(typeof rollupMethods)[number], string> = {
  sum: 'Sum of the contributors',
  average: 'Average of the contributors',
  weighted_average: 'Weighted average (by the weights below)',
  min: 'Lowest contributor',
  max: 'Highest contributor',
};

export const targetRollupHint =
  'A quarter’s target from its monthly targets: add them up for flows like sign-ups, the last one for stocks like headcount, their average for rates.';

/**
 * The target roll-up "Automatic" stands for, as the results engine infers it:
 * from the unit, the roll-up method, and the formula (a division by a metric
 * is a rate) with its metrics' aggregations, by key. Null when that depends on
 * a formula that does not parse or a metric that is not known.
 */
export function inferredTargetRollup(
  definition: Pick<KpiDefinition, 'unit' | 'source' | 'rollupMethod' | 'formula'>,
  aggregationOf: ReadonlyMap<string, Aggregation>,
): TargetRollup | null {
  const isRate = definition.unit === 'percent' || definition.unit === 'ratio' || definition.unit === 'duration';
  if (definition.source === 'rollup' || isRate) return inferTargetRollup(definition, []);
  const parsed = safeParseFormula(definition.formula ?? '');
  if (!parsed.ok) return null;
  const aggregations = formulaReferences(parsed.ast).map((key) => aggregationOf.get(key));
  if (aggregations.some((a) => a === undefined)) return null;
  return inferTargetRollup(definition, aggregations as Aggregation[], dividesByMetric(parsed.ast));
}

/** How a target roll-up choice reads: "The last one", or "Automatic (add them up)" with what it infers. */
export function targetRollupText(choice: TargetRollup | null, inferred: TargetRollup | null): string {
  if (choice) return targetRollupLabels[choice];
  if (!inferred) return 'Automatic';
  const label = targetRollupLabels[inferred];
  return `Automatic (${label.charAt(0).toLowerCase()}${label.slice(1)})`;
}

export const stateLabels = { draft: 'Draft', active: 'Active', retired: 'Retired' } as const;

export const statusTones: Record<Status, Tone> = { on_track: 'green', at_risk: 'amber', off_track: 'red', no_data: 'neutral' };

/** A target as people read it: "1,200" or "40% – 60%" for a band; "—" for none. */
export function formatTarget(target: Target | null | undefined, unit: MeasureUnit, currencyCode?: string | null): string {
  if (!target) return '—';
  if ('value' in target) return formatValue(target.value, unit, currencyCode);
  return `${formatValue(target.low, unit, currencyCode)} – ${formatValue(target.high, unit, currencyCode)}`;
}

/** A score as a percent of target: 0.93 → "93%". */
export function formatScore(score: number | null | undefined): string {
  if (score == null || !Number.isFinite(score)) return '—';
  return `${Math.round(score * 100)}%`;
}

export type BudgetMeter = { used: number; limit: number; over: boolean; label: string; detail: string | null };

/**
 * The vital-few meter of a unit ("Marketing: 7 of 10 KPIs"), from its active
 * KPIs. A team's limit is per goal, so its meter shows the fullest goal (KPIs
 * without a goal form a group of their own).
 */
export function budgetMeter(
  unit: { name: string; kind: 'company' | 'department' | 'team' },
  activeKpis: ReadonlyArray<{ goalId: string | null; goalTitle: string | null }>,
  policy: VitalFewPolicy,
): BudgetMeter {
  if (unit.kind !== 'team') {
    const budget = vitalFewBudget({ layer: unit.kind, policy, counted: activeKpis.length });
    return { used: budget.used, limit: budget.limit, over: budget.over, label: `${unit.name}: ${budget.message}`, detail: null };
  }
  const perGoal = new Map<string | null, { count: number; title: string | null }>();
  for (const k of activeKpis) {
    const entry = perGoal.get(k.goalId) ?? { count: 0, title: k.goalTitle };
    entry.count += 1;
    perGoal.set(k.goalId, entry);
  }
  let worst: { goalId: string | null; count: number; title: string | null } = { goalId: null, count: 0, title: null };
  for (const [goalId, entry] of perGoal) if (entry.count > worst.count) worst = { goalId, ...entry };
  const budget = vitalFewBudget({ layer: 'team', policy, counted: worst.count });
  if (worst.count === 0) {
    return { used: 0, limit: budget.limit, over: false, label: `${unit.name}: no active KPIs yet (at most ${budget.limit} per goal)`, detail: null };
  }
  const goal = worst.goalId === null ? 'KPIs not linked to a goal' : `“${worst.title ?? 'goal'}”`;
  const label = `${unit.name}: ${worst.count} of ${budget.limit} ${budget.limit === 1 ? 'KPI' : 'KPIs'} for ${goal}${budget.over ? ' — over the limit' : ''}`;
  const detail = perGoal.size > 1 ? `The fullest of ${perGoal.size} goals; teams have at most ${budget.limit} per goal.` : `Teams have at most ${budget.limit} per goal.`;
  return { used: budget.used, limit: budget.limit, over: budget.over, label, detail };
}

/** A stored formula split into text and metric references, to link each metric. */
export function formulaParts(formula: string): Array<{ text: string } | { key: string }> {
  const parts: Array<{ text: string } | { key: string }> = [];
  const pattern = /\{([a-z0-9_]+)\}/g;
  let last = 0;
  for (const match of formula.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: formula.slice(last, match.index) });
    parts.push({ key: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < formula.length) parts.push({ text: formula.slice(last) });
  return parts;
}

/** The fiscal year from `?year=`, or the current one when it is missing or not a sensible year. */
export function yearParam(raw: string | string[] | undefined, fallback: number): number {
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (!text || !/^\d{4}$/.test(text)) return fallback;
  const year = Number(text);
  return year >= 2000 && year <= 2100 ? year : fallback;
}

/** The KPI form's fields as the form holds them: text, as typed. */
export type KpiFormValues = {
  unitId: string;
  goalId: string;
  name: string;
  description: string;
  ownerId: string;
  unit: MeasureUnit;
  currencyCode: string;
  direction: (typeof directions)[number];
  frequency: 'week' | 'month' | 'quarter' | 'year';
  indicator: (typeof indicators)[number];
  horizon: (typeof horizons)[number];
  baselineValue: string;
  baselineDate: string;
  weight: string;
  source: 'formula' | 'rollup';
  formula: string;
  rollupMethod: (typeof rollupMethods)[number];
  contributors: { kpiId: string; weight: string }[];
  /** '' is "Automatic". */
  targetRollup: '' | TargetRollup;
  greenAt: string;
  amberAt: string;
};

const text = (value: number | string | null | undefined) => (value == null ? '' : String(value));

/** A new KPI's defaults: higher is better, monthly, lagging, strategic, weight 1, from a formula. */
export function newKpiFormValues(preset: { unitId?: string; goalId?: string; ownerId?: string } = {}): KpiFormValues {
  return {
    unitId: preset.unitId ?? '',
    goalId: preset.goalId ?? '',
    name: '',
    description: '',
    ownerId: preset.ownerId ?? '',
    unit: 'count',
    currencyCode: '',
    direction: 'up',
    frequency: 'month',
    indicator: 'lagging',
    horizon: 'strategic',
    baselineValue: '',
    baselineDate: '',
    weight: '1',
    source: 'formula',
    formula: '',
    rollupMethod: 'sum',
    contributors: [],
    targetRollup: '',
    greenAt: '',
    amberAt: '',
  };
}

/** An existing KPI's definition, to prefill the edit form. */
export function kpiFormValuesOf(kpi: {
  unitId: string;
  goalId: string | null;
  name: string;
  description: string;
  ownerId: string | null;
  unit: MeasureUnit;
  currencyCode: string | null;
  direction: KpiFormValues['direction'];
  frequency: KpiFormValues['frequency'];
  indicator: KpiFormValues['indicator'];
  horizon: KpiFormValues['horizon'];
  baselineValue: number | null;
  baselineDate: string | null;
  weight: number;
  source: 'formula' | 'rollup';
  formula: string | null;
  rollupMethod: KpiFormValues['rollupMethod'] | null;
  contributors: ReadonlyArray<{ kpiId: string; weight: number }>;
  targetRollup: TargetRollup | null;
  statusThresholds: { green: number; amber: number } | null;
}): KpiFormValues {
  return {
    unitId: kpi.unitId,
    goalId: text(kpi.goalId),
    name: kpi.name,
    description: kpi.description,
    ownerId: text(kpi.ownerId),
    unit: kpi.unit,
    currencyCode: text(kpi.currencyCode),
    direction: kpi.direction,
    frequency: kpi.frequency,
    indicator: kpi.indicator,
    horizon: kpi.horizon,
    baselineValue: text(kpi.baselineValue),
    baselineDate: text(kpi.baselineDate),
    weight: text(kpi.weight),
    source: kpi.source,
    formula: text(kpi.formula),
    rollupMethod: kpi.rollupMethod ?? 'sum',
    contributors: kpi.contributors.map((c) => ({ kpiId: c.kpiId, weight: text(c.weight) })),
    targetRollup: kpi.targetRollup ?? '',
    greenAt: text(kpi.statusThresholds?.green),
    amberAt: text(kpi.statusThresholds?.amber),
  };
}
