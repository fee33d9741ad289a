import { describe, expect, it } from 'vitest';
import { failingChecks, isSourceValid, kpiQuality, type QualityKpi, type QualityTarget } from './quality';

const calendar = { fiscalYearStartMonth: 1 };
const today = '2026-04-15';

const good: QualityKpi = {
  description: 'Paid sign-ups divided by unique visitors, per month',
  goalId: 'goal-1',
  ownerId: 'user-1',
  unit: 'percent',
  frequency: 'month',
  baselineValue: 2,
  source: 'formula',
  formula: '{paid_signups} / {visitors} * 100',
  contributors: [],
};
const target = (periodKey: string, value: number | null, band?: [number, number]): QualityTarget => ({
  periodKey,
  value,
  low: band?.[0] ?? null,
  high: band?.[1] ?? null,
});
const goodTargets = [target('2026-03', 2.5), target('2026-05', 3)];
const byId = (kpi: QualityKpi, targets: QualityTarget[] = goodTargets, options: Partial<Parameters<typeof kpiQuality>[2]> = {}) =>
  Object.fromEntries(kpiQuality(kpi, targets, { calendar, today, ...options }).map((c) => [c.id, c]));

describe('kpiQuality', () => {
  it('passes all six checks for a well-defined KPI', () => {
    const checks = kpiQuality(good, goodTargets, { calendar, today, knownMetricKeys: new Set(['paid_signups', 'visitors']) });
    expect(checks.map((c) => c.id)).toEqual(['specific', 'measurable', 'assignable', 'realistic', 'time_bound', 'aligned']);
    expect(failingChecks(checks)).toEqual([]);
  });

  it('Measurable: a formula must parse and reference known metrics', () => {
    expect(byId({ ...good, formula: '{paid_signups} /' }).measurable!.ok).toBe(false);
    expect(byId({ ...good, formula: null }).measurable!.ok).toBe(false);
    expect(byId(good, goodTargets, { knownMetricKeys: new Set(['visitors']) }).measurable!.ok).toBe(false);
    // Without the list of metrics, parsing is enough.
    expect(byId(good).measurable!.ok).toBe(true);
  });

  it('Measurable: a roll-up needs at least one contributor', () => {
    const rollup: QualityKpi = { ...good, source: 'rollup', formula: null, contributors: [] };
    expect(byId(rollup).measurable!.ok).toBe(false);
    expect(byId({ ...rollup, contributors: [{ kpiId: 'k', weight: 1 }] }).measurable!.ok).toBe(true);
  });

  it('a caller may pass the stored definition’s validity instead of the definition', () => {
    expect(byId({ ...good, formula: null }, goodTargets, { sourceValid: true }).measurable!.ok).toBe(true);
    expect(byId(good, goodTargets, { sourceValid: false }).measurable!.ok).toBe(false);
  });

  it('Assignable: needs an owner', () => {
    expect(byId({ ...good, ownerId: null }).assignable).toMatchObject({ ok: false, message: expect.stringContaining('owner') });
  });

  it('Aligned: a KPI without a goal is a vanity metric', () => {
    expect(byId({ ...good, goalId: null }).aligned).toMatchObject({ ok: false, message: expect.stringContaining('vanity') });
  });

  it('Time-bound: needs a target for the current or a future period, judged by the period end', () => {
    expect(byId(good, [target('2026-03', 2.5)]).time_bound!.ok).toBe(false);
    // April 2026 ends after today: it is the current period.
    expect(byId(good, [target('2026-04', 2.5)]).time_bound!.ok).toBe(true);
    expect(byId(good, [target('2026', 2.5)]).time_bound!.ok).toBe(true);
    expect(byId(good, []).time_bound!.ok).toBe(false);
  });

  it('ignores targets of another frequency and unreadable period keys', () => {
    const checks = byId(good, [target('2026-Q3', 3), target('not-a-period', 3), target('2026-W30', 3)]);
    expect(checks.time_bound!.ok).toBe(false);
  });

  it('Realistic: compares an annual target of a flow per period, and a level as is', () => {
    const signups: QualityKpi = { ...good, unit: 'count', baselineValue: 100 };
    // 1,500 a year is 125 a month: realistic against a monthly baseline of 100.
    expect(byId(signups, [target('2026', 1500)]).realistic!.ok).toBe(true);
    expect(byId(signups, [target('2026', 6000)]).realistic!.ok).toBe(false); // 500 a month
    // A percent does not add up over the year: 3% for the year is 3% a month.
    expect(byId(good, [target('2026', 3)]).realistic!.ok).toBe(true);
    expect(byId(good, [target('2026', 30)]).realistic!.ok).toBe(false);
  });

  it('Realistic: counts weeks of a weekly flow in the fiscal year', () => {
    const weekly: QualityKpi = { ...good, unit: 'currency', frequency: 'week', baselineValue: 1000 };
    expect(byId(weekly, [target('2026', 52_000)]).realistic!.ok).toBe(true);
    expect(byId(weekly, [target('2026', 52_000 * 5)]).realistic!.ok).toBe(false);
  });

  it('Realistic: needs a baseline; bands count by their midpoint', () => {
    expect(byId({ ...good, baselineValue: null }).realistic!.ok).toBe(false);
    const within: QualityKpi = { ...good, baselineValue: 10 };
    expect(byId(within, [target('2026-05', null, [8, 12])]).realistic!.ok).toBe(true);
    expect(byId(within, [target('2026-05', null, [50, 70])]).realistic!.ok).toBe(false);
  });

  it('honours the fiscal calendar for period ends', () => {
    // With a fiscal year from April, FY2026 ended on 2026-03-31 — before today.
    const april = { fiscalYearStartMonth: 4 };
    expect(byId(good, [target('2026', 2.5)], { calendar: april }).time_bound!.ok).toBe(false);
    expect(byId(good, [target('2027', 2.5)], { calendar: april }).time_bound!.ok).toBe(true);
  });

  it('Specific: a label is not a description', () => {
    expect(byId({ ...good, description: 'Conversion' }).specific!.ok).toBe(false);
    expect(byId({ ...good, description: null }).specific!.ok).toBe(false);
  });
});

describe('isSourceValid', () => {
  it('rejects a blank formula and accepts a constant one', () => {
    expect(isSourceValid({ source: 'formula', formula: '  ', contributors: [] })).toBe(false);
    expect(isSourceValid({ source: 'formula', formula: '100', contributors: [] }, new Set())).toBe(true);
  });
});
