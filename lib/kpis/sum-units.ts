/**
 * A sum adds like to like (issue 15 item 6): a `sum` roll-up's contributors
 * share one unit of measure (one currency), and the roll-up is in it too.
 * The one rule; lib/kpis/mutations.ts applies it on save, on approval and
 * when a proposal is opened or submitted.
 */
import type { measureUnits } from './schemas';

type Measure = { unit: (typeof measureUnits)[number]; currencyCode: string | null };
type Contributor = Measure & { name: string };

/** How a unit of measure reads in brackets: "percent", "count", "EUR". */
const short = (m: Measure) => (m.unit === 'currency' ? (m.currencyCode ?? 'currency') : m.unit);

/** The same with its article: "a percent", "an amount in EUR". */
const noun = (m: Measure) => (m.unit === 'currency' ? `an amount in ${m.currencyCode ?? 'a currency'}` : `a ${m.unit}`);

const sameMeasure = (a: Measure, b: Measure) => a.unit === b.unit && (a.unit !== 'currency' || a.currencyCode === b.currencyCode);

/**
 * Why a sum roll-up in `rollup`'s unit cannot add up these contributors,
 * naming them, with the field to show it at; null when it can. The odd one out
 * is told against a contributor in the roll-up's own unit when there is one,
 * whatever the order the contributors come in.
 */
export function sumUnitsProblem(rollup: Measure, contributors: readonly Contributor[]): { field: 'rollupMethod' | 'unit'; message: string } | null {
  const first = contributors.find((c) => sameMeasure(c, rollup)) ?? contributors[0];
  if (!first) return null;
  const rest = contributors.filter((c) => c !== first);
  const odd = rest.find((c) => !sameMeasure(c, first));
  if (odd) {
    return {
      field: 'rollupMethod',
      message: `A sum cannot add ${odd.name} (${short(odd)}) to ${first.name} (${short(first)}). Use an average, or choose KPIs of one unit.`,
    };
  }
  if (!sameMeasure(rollup, first)) {
    const what = rest.length === 0 ? `${first.name} (${short(first)})` : `${first.name} and the other contributors (${short(first)})`;
    return { field: 'unit', message: `A sum of ${what} is ${noun(first)}, not ${noun(rollup)}. Make this KPI ${noun(first)} too, or use an average.` };
  }
  return null;
}
