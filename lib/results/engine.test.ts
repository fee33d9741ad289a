import { describe, expect, it } from 'vitest';
import { parseFormula } from '@/lib/formula';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey } from '@/lib/periods';
import { createResultsEngine, rangeKey, rollUpUnits, type EngineKpi } from './engine';
import { isCountedAt, measuredRange, ownPeriodsWithin, parseScorePeriodKey, scorePeriodLabel, shiftScorePeriod } from './periods';

const calendar = { fiscalYearStartMonth: 1 };
const policy = readPolicy({});
const p = (key: string) => parseScorePeriodKey(key, calendar);

const kpi = (fields: Partial<EngineKpi> & Pick<EngineKpi, 'id'>): EngineKpi => ({
  unitId: 'u',
  state: 'active',
  frequency: 'month',
  direction: 'up',
  weight: 1,
  source: 'formula',
  ast: parseFormula('{signups}'),
  rollupMethod: null,
  baselineValue: null,
  statusThresholds: null,
  targetRollup: 'sum',
  references: [{ metricId: 'm-signups', key: 'signups' }],
  links: [],
  ...fields,
});

/** An engine over daily-free fixtures: metric values by range, targets by period key. */
function engineOf(kpis: EngineKpi[], values: Record<string, number>, targets: Record<string, number>, today = '2026-11-15') {
  return createResultsEngine({
    policy,
    calendar,
    today,
    kpis: new Map(kpis.map((k) => [k.id, k])),
    metricValue: (metricId, range) => values[`${metricId}@${rangeKey(range)}`],
    target: (kpiId, key) => (targets[`${kpiId}@${key}`] === undefined ? null : { value: targets[`${kpiId}@${key}`]! }),
  });
}

describe('score periods', () => {
  it('parses year to date and labels it', () => {
    const ytd = p('2026-YTD');
    expect(ytd).toMatchObject({ kind: 'ytd', key: '2026-YTD', start: '2026-01-01', end: '2026-12-31' });
    expect(scorePeriodLabel(ytd, calendar)).toBe('2026 to date');
    expect(scorePeriodLabel(parseScorePeriodKey('2027-YTD', { fiscalYearStartMonth: 4 }), { fiscalYearStartMonth: 4 })).toBe('FY2027 to date');
    expect(parseScorePeriodKey('2027-YTD', { fiscalYearStartMonth: 4 })).toMatchObject({ start: '2026-04-01', end: '2027-03-31' });
    expect(shiftScorePeriod(ytd, -1, calendar).key).toBe('2025-YTD');
    expect(() => p('2026-XTD')).toThrow('2026-YTD');
  });
  it('counts a KPI at its own frequency and every coarser kind, never a finer one', () => {
    expect(isCountedAt('month', 'month')).toBe(true);
    expect(isCountedAt('month', 'quarter')).toBe(true);
    expect(isCountedAt('week', 'month')).toBe(true);
    expect(isCountedAt('quarter', 'month')).toBe(false);
    expect(isCountedAt('year', 'quarter')).toBe(false);
    expect(isCountedAt('year', 'ytd')).toBe(true);
  });
  it('ends a year to date with the last completed period of the KPI’s own frequency', () => {
    const ytd = p('2026-YTD');
    expect(measuredRange('month', ytd, '2026-11-15', calendar)).toEqual({ start: '2026-01-01', end: '2026-10-31' });
    expect(measuredRange('quarter', ytd, '2026-11-15', calendar)).toEqual({ start: '2026-01-01', end: '2026-09-30' });
    expect(measuredRange('quarter', ytd, '2026-02-10', calendar)).toBeNull();
    expect(measuredRange('month', p('2025-YTD'), '2026-11-15', calendar)).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(measuredRange('week', ytd, '2026-11-15', calendar)).toEqual({ start: '2026-01-01', end: '2026-11-08' });
  });
  it('finds the own-frequency periods inside a coarser one; weeks go where their Thursday is', () => {
    expect(ownPeriodsWithin('month', p('2026-Q3'), calendar).map((x) => x.key)).toEqual(['2026-07', '2026-08', '2026-09']);
    // October 2026: Thursday 1 October is in W40; W44 (26 Oct–1 Nov) has its Thursday on the 29th.
    expect(ownPeriodsWithin('week', p('2026-10'), calendar).map((x) => x.key)).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44']);
    expect(ownPeriodsWithin('quarter', parsePeriodKey('2026', calendar), calendar)).toHaveLength(4);
  });
});

describe('results engine', () => {
  const q3 = p('2026-Q3');
  const quarterRange = rangeKey(q3);

  it('measures a coarser period by the formula over each metric combined over it: Σ / Σ, not a mean of months', () => {
    const rate = kpi({ id: 'rate', ast: parseFormula('{paid} / {visits} * 100'), references: [{ metricId: 'paid', key: 'paid' }, { metricId: 'visits', key: 'visits' }], targetRollup: 'average' });
    const engine = engineOf([rate], { [`paid@${quarterRange}`]: 30, [`visits@${quarterRange}`]: 1000 }, { 'rate@2026-07': 2, 'rate@2026-08': 3, 'rate@2026-09': 4 });
    const r = engine.result('rate', q3);
    expect(r.actual).toBeCloseTo(3, 12);
    expect(r.target).toEqual({ value: 3 });
    expect(r.derivation).toEqual({ count: 3, missing: [] });
    expect(r.score).toBeCloseTo(1, 12);
    expect(r.status).toBe('on_track');
  });

  it('derives a quarter target by the KPI’s roll-up over time, and an explicit one wins', () => {
    const targets = { 'k@2026-07': 100, 'k@2026-08': 100, 'k@2026-09': 200 };
    const values = { [`m-signups@${quarterRange}`]: 400 };
    expect(engineOf([kpi({ id: 'k', targetRollup: 'sum' })], values, targets).result('k', q3)).toMatchObject({ target: { value: 400 }, score: 1 });
    expect(engineOf([kpi({ id: 'k', targetRollup: 'last' })], values, targets).result('k', q3).target).toEqual({ value: 200 });
    expect(engineOf([kpi({ id: 'k', targetRollup: 'average' })], values, targets).result('k', q3).target).toEqual({ value: expect.closeTo(400 / 3, 12) });
    const explicit = engineOf([kpi({ id: 'k' })], values, { ...targets, 'k@2026-Q3': 500 }).result('k', q3);
    expect(explicit).toMatchObject({ target: { value: 500 }, derivation: null, score: 0.8 });
  });

  it('has no derived target when one own-frequency target is missing, and says which', () => {
    const r = engineOf([kpi({ id: 'k' })], { [`m-signups@${quarterRange}`]: 400 }, { 'k@2026-07': 100, 'k@2026-09': 100 }).result('k', q3);
    expect(r).toMatchObject({ counted: true, actual: 400, target: null, score: null, status: 'no_data' });
    expect(r.derivation).toEqual({ count: 3, missing: ['2026-08'] });
  });

  it('does not count a KPI on a year to date before its first period of the year has ended', () => {
    expect(engineOf([kpi({ id: 'q', frequency: 'quarter' })], {}, {}, '2026-02-10').result('q', p('2026-YTD'))).toMatchObject({ counted: false, status: 'no_data' });
  });

  it('does not count a KPI at a finer period than its frequency', () => {
    const quarterly = kpi({ id: 'q', frequency: 'quarter' });
    const r = engineOf([quarterly], { [`m-signups@${rangeKey(p('2026-08'))}`]: 5 }, { 'q@2026-08': 5 }).result('q', p('2026-08'));
    expect(r).toMatchObject({ counted: false, actual: null, score: null, status: 'no_data' });
  });

  it('scores the year to date up to the last completed period, its target from the periods so far', () => {
    const ytd = p('2026-YTD');
    const range = rangeKey({ start: '2026-01-01', end: '2026-10-31' });
    const targets = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k@2026-${String(i + 1).padStart(2, '0')}`, 10]));
    const r = engineOf([kpi({ id: 'k' })], { [`m-signups@${range}`]: 95 }, targets).result('k', ytd);
    expect(r).toMatchObject({ actual: 95, target: { value: 100 }, score: 0.95, status: 'at_risk' });
    expect(r.derivation).toEqual({ count: 10, missing: [] });
  });

  it('rolls a roll-up KPI up from its contributors’ results at the same period', () => {
    const a = kpi({ id: 'a', references: [{ metricId: 'ma', key: 'a' }], ast: parseFormula('{a}') });
    const b = kpi({ id: 'b', references: [{ metricId: 'mb', key: 'b' }], ast: parseFormula('{b}') });
    const total = kpi({ id: 't', source: 'rollup', ast: null, references: [], rollupMethod: 'sum', links: [{ childKpiId: 'a', weight: 1 }, { childKpiId: 'b', weight: 1 }] });
    const engine = engineOf([a, b, total], { [`ma@${quarterRange}`]: 10, [`mb@${quarterRange}`]: 5 }, { 't@2026-Q3': 30 });
    expect(engine.result('t', q3)).toMatchObject({ actual: 15, score: 0.5, contributions: [{ kpiId: 'a', actual: 10, weight: 1 }, { kpiId: 'b', actual: 5, weight: 1 }] });
  });
});

describe('rollUpUnits', () => {
  it('counts only scored KPIs as covered and leaves uncounted ones out of score and coverage', () => {
    const units = [
      { id: 'c', parentId: null, weight: 1 },
      { id: 'd', parentId: 'c', weight: 1 },
    ];
    const rolled = rollUpUnits(
      units,
      [
        { unitId: 'c', weight: 1, result: { counted: true, score: 0.5 } },
        { unitId: 'd', weight: 1, result: { counted: true, score: null } }, // an actual but no target: not covered
        { unitId: 'd', weight: 2, result: { counted: true, score: 1 } },
        { unitId: 'd', weight: 1, result: { counted: false, score: null } }, // reviewed quarterly on a month
      ],
      policy.statusThresholds,
    );
    expect(rolled.get('d')).toMatchObject({ score: 1, counted: 2, covered: 1, coverage: 0.5, status: 'on_track' });
    expect(rolled.get('c')).toMatchObject({ score: 0.75, counted: 3, covered: 2, coverage: 2 / 3, status: 'off_track' });
  });
  it('is no data with no coverage when nothing is counted', () => {
    const rolled = rollUpUnits([{ id: 'c', parentId: null, weight: 1 }], [], policy.statusThresholds);
    expect(rolled.get('c')).toEqual({ score: null, status: 'no_data', covered: 0, counted: 0, coverage: null });
  });
});
