/**
 * Field-by-field comparison of two KPI definitions and their targets, for the
 * proposal page ("what would change if this were approved"). Pure: ids are
 * turned into names through the lookups the caller passes.
 */
import { formatValue } from '@/lib/metrics/format';
import type { KpiDefinition } from '@/lib/kpis/schemas';
import { inferredTargetRollup, targetRollupText } from '@/lib/kpis/view';
import type { Aggregation } from '@/lib/scoring';

type Cell = { periodKey: string; value: number | null; low: number | null; high: number | null };
export type ComparedSide = { definition: KpiDefinition; targets: readonly Cell[] };
export type Names = {
  units?: ReadonlyMap<string, string>;
  goals?: ReadonlyMap<string, string>;
  people?: ReadonlyMap<string, string>;
  kpis?: ReadonlyMap<string, string>;
  /** Metric aggregations by key, to say what an automatic target roll-up infers. */
  metricAggregations?: ReadonlyMap<string, Aggregation>;
  /** How a period key reads ("2026-03" → "Mar 2026"); the key itself when absent. */
  period?: (key: string) => string;
};
export type Change = { field: string; label: string; before: string; after: string };

const none = '—';
const words: Record<string, Record<string, string>> = {
  direction: { up: 'Higher is better', down: 'Lower is better', within: 'Within a band' },
  frequency: { week: 'Weekly', month: 'Monthly', quarter: 'Quarterly', year: 'Yearly' },
  indicator: { leading: 'Leading', lagging: 'Lagging' },
  horizon: { operational: 'Operational', strategic: 'Strategic' },
  source: { formula: 'Formula', rollup: 'Roll-up' },
  unit: { count: 'Count', currency: 'Currency', percent: 'Percent', ratio: 'Ratio', duration: 'Duration' },
  rollupMethod: { sum: 'Sum', average: 'Average', weighted_average: 'Weighted average', min: 'Lowest', max: 'Highest' },
};

const number = (n: number | null) => (n === null ? none : formatValue(n, 'count'));
const lookup = (map: ReadonlyMap<string, string> | undefined, id: string | null) => (id === null ? none : (map?.get(id) ?? 'unknown'));
const word = (field: string, value: string | null) => (value === null ? none : (words[field]?.[value] ?? value));

/** The fields in the order people read a definition, each with its label and how its value reads. */
function fields(names: Names): Array<{ field: string; label: string; text: (d: KpiDefinition) => string }> {
  return [
    { field: 'name', label: 'Name', text: (d) => d.name },
    { field: 'description', label: 'Description', text: (d) => d.description || none },
    { field: 'unitId', label: 'Unit', text: (d) => lookup(names.units, d.unitId) },
    { field: 'goalId', label: 'Goal', text: (d) => lookup(names.goals, d.goalId) },
    { field: 'ownerId', label: 'Owner', text: (d) => lookup(names.people, d.ownerId) },
    { field: 'unit', label: 'Unit of measure', text: (d) => (d.unit === 'currency' && d.currencyCode ? `Currency (${d.currencyCode})` : word('unit', d.unit)) },
    { field: 'direction', label: 'Direction', text: (d) => word('direction', d.direction) },
    { field: 'frequency', label: 'Reviewed', text: (d) => word('frequency', d.frequency) },
    {
      field: 'targetRollup',
      label: 'Target over longer periods',
      text: (d) => targetRollupText(d.targetRollup, inferredTargetRollup(d, names.metricAggregations ?? new Map())),
    },
    { field: 'indicator', label: 'Leading or lagging', text: (d) => word('indicator', d.indicator) },
    { field: 'horizon', label: 'Operational or strategic', text: (d) => word('horizon', d.horizon) },
    { field: 'baseline', label: 'Baseline', text: (d) => (d.baselineValue === null ? none : `${number(d.baselineValue)}${d.baselineDate ? ` on ${d.baselineDate}` : ''}`) },
    { field: 'weight', label: 'Weight', text: (d) => number(d.weight) },
    { field: 'source', label: 'Source', text: (d) => word('source', d.source) },
    { field: 'formula', label: 'Formula', text: (d) => d.formula ?? none },
    { field: 'rollupMethod', label: 'Roll-up method', text: (d) => word('rollupMethod', d.rollupMethod) },
    {
      field: 'contributors',
      label: 'Contributing KPIs',
      text: (d) =>
        d.contributors.length === 0
          ? none
          : d.contributors
              .map((c) => `${lookup(names.kpis, c.kpiId)} (weight ${number(c.weight)})`)
              .sort()
              .join(', '),
    },
    { field: 'thresholds', label: 'Status bands', text: (d) => (d.greenAt === null ? 'The organization’s' : `On track from ${number(d.greenAt)}, at risk from ${number(d.amberAt)}`) },
  ];
}

function targetText(cell: Cell | undefined, unit: KpiDefinition['unit'], currencyCode: string | null): string {
  if (!cell) return none;
  if (cell.low !== null || cell.high !== null) return `${formatValue(cell.low, unit, currencyCode)} – ${formatValue(cell.high, unit, currencyCode)}`;
  return formatValue(cell.value, unit, currencyCode);
}

/** What differs between `before` and `after`: definition fields first, then targets per period. */
export function compareDefinitions(before: ComparedSide, after: ComparedSide, names: Names = {}): Change[] {
  const changes: Change[] = [];
  for (const f of fields(names)) {
    const a = f.text(before.definition);
    const b = f.text(after.definition);
    if (a !== b) changes.push({ field: f.field, label: f.label, before: a, after: b });
  }
  const old = new Map(before.targets.map((t) => [t.periodKey, t]));
  const next = new Map(after.targets.map((t) => [t.periodKey, t]));
  const keys = [...new Set([...old.keys(), ...next.keys()])].sort();
  for (const key of keys) {
    const a = targetText(old.get(key), before.definition.unit, before.definition.currencyCode);
    const b = targetText(next.get(key), after.definition.unit, after.definition.currencyCode);
    if (a !== b) changes.push({ field: `target:${key}`, label: `Target ${names.period?.(key) ?? key}`, before: a, after: b });
  }
  return changes;
}

/** A definition as a list of labelled values, in the same words as the comparison. */
export function describeDefinition(definition: KpiDefinition, names: Names = {}): Array<{ field: string; label: string; text: string }> {
  return fields(names).map((f) => ({ field: f.field, label: f.label, text: f.text(definition) }));
}

/** One target cell as it reads in the comparison. */
export function describeTarget(cell: Cell, definition: Pick<KpiDefinition, 'unit' | 'currencyCode'>): string {
  return targetText(cell, definition.unit, definition.currencyCode);
}
