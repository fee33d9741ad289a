import { describe, expect, it } from 'vitest';
import type { KpiDefinition } from '@/lib/kpis/schemas';
import { compareDefinitions } from './compare';

const base: KpiDefinition = {
  unitId: 'u1',
  goalId: null,
  name: 'Conversion rate',
  description: '',
  ownerId: 'p1',
  unit: 'percent',
  currencyCode: null,
  direction: 'up',
  frequency: 'month',
  indicator: 'lagging',
  horizon: 'strategic',
  baselineValue: null,
  baselineDate: null,
  weight: 1,
  source: 'formula',
  formula: '{a} / {b} * 100',
  rollupMethod: null,
  contributors: [],
  targetRollup: null,
  greenAt: null,
  amberAt: null,
};

describe('compareDefinitions', () => {
  it('finds nothing between equal definitions', () => {
    expect(compareDefinitions({ definition: base, targets: [] }, { definition: { ...base }, targets: [] })).toEqual([]);
  });

  it('lists changed fields with labels and readable values, names looked up', () => {
    const after = { ...base, name: 'Paid conversion', ownerId: 'p2', direction: 'down' as const, baselineValue: 2.5, baselineDate: '2026-01-01' };
    const changes = compareDefinitions({ definition: base, targets: [] }, { definition: after, targets: [] }, { people: new Map([['p1', 'Ana'], ['p2', 'Ben']]) });
    expect(changes).toEqual([
      { field: 'name', label: 'Name', before: 'Conversion rate', after: 'Paid conversion' },
      { field: 'ownerId', label: 'Owner', before: 'Ana', after: 'Ben' },
      { field: 'direction', label: 'Direction', before: 'Higher is better', after: 'Lower is better' },
      { field: 'baseline', label: 'Baseline', before: '—', after: '2.5 on 2026-01-01' },
    ]);
  });

  it('compares targets per period: changed, added and removed', () => {
    const before = [
      { periodKey: '2026-01', value: 3, low: null, high: null },
      { periodKey: '2026-02', value: 4, low: null, high: null },
    ];
    const after = [
      { periodKey: '2026-02', value: 5, low: null, high: null },
      { periodKey: '2026-03', value: 6, low: null, high: null },
      { periodKey: '2026-01', value: 3, low: null, high: null },
    ];
    expect(compareDefinitions({ definition: base, targets: before }, { definition: base, targets: after })).toEqual([
      { field: 'target:2026-02', label: 'Target 2026-02', before: '4%', after: '5%' },
      { field: 'target:2026-03', label: 'Target 2026-03', before: '—', after: '6%' },
    ]);
  });

  it('reads a band target as low – high', () => {
    const changes = compareDefinitions(
      { definition: base, targets: [] },
      { definition: { ...base, direction: 'within' }, targets: [{ periodKey: '2026', value: null, low: 1, high: 2 }] },
    );
    expect(changes.at(-1)).toEqual({ field: 'target:2026', label: 'Target 2026', before: '—', after: '1% – 2%' });
  });

  it('shows the target roll-up over time changing, an automatic one with what it infers', () => {
    const signups = { ...base, unit: 'count' as const, formula: '{signups}' };
    const names = { metricAggregations: new Map([['signups', 'sum' as const], ['visitors', 'sum' as const], ['headcount', 'last' as const]]) };
    const side = (definition: KpiDefinition) => ({ definition, targets: [] });
    expect(compareDefinitions(side(signups), side({ ...signups, targetRollup: 'last' }), names)).toEqual([
      { field: 'targetRollup', label: 'Target over longer periods', before: 'Automatic (add them up)', after: 'The last one' },
    ]);
    // Automatic follows the formula: a stock takes the last target, a division by a metric is a rate.
    const [stock] = compareDefinitions(side(signups), side({ ...signups, formula: '{headcount}' }), names).filter((c) => c.field === 'targetRollup');
    expect(stock).toMatchObject({ before: 'Automatic (add them up)', after: 'Automatic (the last one)' });
    const [rate] = compareDefinitions(side(signups), side({ ...signups, formula: '{signups} / {visitors}' }), names).filter((c) => c.field === 'targetRollup');
    expect(rate).toMatchObject({ after: 'Automatic (their average)' });
    // A metric it cannot look up: "Automatic" alone rather than a guess.
    expect(compareDefinitions(side(signups), side({ ...signups, targetRollup: 'average' }))).toEqual([
      { field: 'targetRollup', label: 'Target over longer periods', before: 'Automatic', after: 'Their average' },
    ]);
  });
});
