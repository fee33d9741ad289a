import { describe, expect, it } from 'vitest';
import { goalBalance, isVanity, kpiQualityChecks } from './quality';

const good = {
  description: 'Paid sign-ups divided by unique visitors, per month',
  sourceValid: true,
  unitSet: true,
  ownerIsMember: true,
  baseline: 100,
  targets: [
    { periodEnd: '2025-03-31', value: 120 },
    { periodEnd: '2025-06-30', value: 150 },
  ],
  today: '2025-04-15',
  goalId: 'goal-1',
};
const byId = (kpi: Parameters<typeof kpiQualityChecks>[0]) => Object.fromEntries(kpiQualityChecks(kpi).map((c) => [c.id, c]));

describe('kpiQualityChecks', () => {
  it('returns all six checks in order, all passing for a good KPI', () => {
    const checks = kpiQualityChecks(good);
    expect(checks.map((c) => c.id)).toEqual(['specific', 'measurable', 'assignable', 'realistic', 'time_bound', 'aligned']);
    expect(checks.map((c) => c.label)).toEqual(['Specific', 'Measurable', 'Assignable', 'Realistic', 'Time-bound', 'Aligned']);
    expect(checks.every((c) => c.ok && c.message === '')).toBe(true);
  });

  it('Specific: needs at least 20 characters and 4 words', () => {
    expect(byId({ ...good, description: null }).specific!.ok).toBe(false);
    expect(byId({ ...good, description: 'Monthly recurring revenue' }).specific!.ok).toBe(false); // 3 words
    expect(byId({ ...good, description: 'a b c d e' }).specific!.ok).toBe(false); // too short
    expect(byId({ ...good, description: 'Count of paid signups' }).specific!.ok).toBe(true);
    expect(byId({ ...good, description: '   ' }).specific!.message).toBe('Add a description that says what is measured');
  });

  it('Measurable: a valid source and a unit', () => {
    expect(byId({ ...good, sourceValid: false }).measurable).toMatchObject({ ok: false, message: 'Fix the formula or roll-up source so the KPI can be computed' });
    expect(byId({ ...good, unitSet: false }).measurable).toMatchObject({ ok: false, message: 'Set a unit of measure' });
  });

  it('Assignable: an owner who is a member', () => {
    expect(byId({ ...good, ownerIsMember: false }).assignable!.ok).toBe(false);
  });

  it('Realistic: a baseline and targets within 0.25×–4× of it', () => {
    expect(byId({ ...good, baseline: null }).realistic).toMatchObject({ ok: false, message: 'Set a baseline so the targets can be judged' });
    expect(byId({ ...good, targets: [{ periodEnd: '2025-06-30', value: 400 }] }).realistic!.ok).toBe(true);
    expect(byId({ ...good, targets: [{ periodEnd: '2025-06-30', value: 25 }] }).realistic!.ok).toBe(true);
    expect(byId({ ...good, targets: [{ periodEnd: '2025-06-30', value: 401 }] }).realistic).toMatchObject({
      ok: false,
      message: '1 target is outside 0.25×–4× of the baseline 100',
    });
    expect(byId({ ...good, targets: [{ periodEnd: '2025-06-30', value: 24 }] }).realistic!.ok).toBe(false);
  });

  it('Realistic: a band target is judged by its midpoint', () => {
    expect(byId({ ...good, targets: [{ periodEnd: '2025-06-30', value: null, low: 300, high: 500 }] }).realistic!.ok).toBe(true);
    expect(byId({ ...good, targets: [{ periodEnd: '2025-06-30', value: null, low: 400, high: 600 }] }).realistic!.ok).toBe(false);
  });

  it('Realistic: a baseline ≤ 0 compares absolute values', () => {
    expect(byId({ ...good, baseline: -10, targets: [{ periodEnd: '2025-06-30', value: -20 }] }).realistic!.ok).toBe(true);
    expect(byId({ ...good, baseline: -10, targets: [{ periodEnd: '2025-06-30', value: -50 }] }).realistic!.ok).toBe(false);
    expect(byId({ ...good, baseline: 0, targets: [{ periodEnd: '2025-06-30', value: 0 }] }).realistic!.ok).toBe(true);
    expect(byId({ ...good, baseline: 0, targets: [{ periodEnd: '2025-06-30', value: 5 }] }).realistic!.ok).toBe(false);
  });

  it('Time-bound: a target for the current or a future period', () => {
    expect(byId({ ...good, targets: [{ periodEnd: '2025-03-31', value: 120 }] }).time_bound!.ok).toBe(false);
    expect(byId({ ...good, targets: [{ periodEnd: '2025-04-15', value: 120 }] }).time_bound!.ok).toBe(true);
    expect(byId({ ...good, targets: [{ periodEnd: '2025-06-30', value: null }] }).time_bound!.ok).toBe(false);
    expect(byId({ ...good, targets: [] }).time_bound!.ok).toBe(false);
  });

  it('Aligned: linked to a goal, else a vanity metric', () => {
    expect(byId({ ...good, goalId: null }).aligned).toMatchObject({ ok: false, message: 'Not linked to a goal: a vanity metric' });
    expect(isVanity({ goalId: null })).toBe(true);
    expect(isVanity({ goalId: 'g' })).toBe(false);
  });
});

describe('goalBalance', () => {
  it('needs at least one leading and one lagging KPI', () => {
    expect(goalBalance([{ indicator: 'leading' }, { indicator: 'lagging' }, { indicator: 'lagging' }])).toEqual({ ok: true, leading: 1, lagging: 2, message: '' });
    expect(goalBalance([{ indicator: 'lagging' }])).toMatchObject({ ok: false, leading: 0, lagging: 1 });
    expect(goalBalance([{ indicator: 'leading' }])).toMatchObject({ ok: false, leading: 1, lagging: 0 });
    expect(goalBalance([])).toMatchObject({ ok: false, message: 'Add at least one leading and one lagging KPI' });
  });
});

describe('kpiQualityChecks at the edges', () => {
  const realistic = (targets: Parameters<typeof kpiQualityChecks>[0]['targets'], baseline = 100) => byId({ ...good, baseline, targets }).realistic!;
  const end = '2025-06-30';

  it('Realistic: a band with one bound is judged by that bound; a NaN value falls back to the band', () => {
    expect(realistic([{ periodEnd: end, value: null, low: 30, high: null }]).ok).toBe(true);
    expect(realistic([{ periodEnd: end, value: null, low: 20, high: null }]).ok).toBe(false);
    expect(realistic([{ periodEnd: end, value: null, low: null, high: 30 }]).ok).toBe(true);
    expect(realistic([{ periodEnd: end, value: null, low: null, high: 20 }]).ok).toBe(false);
    expect(realistic([{ periodEnd: end, value: Number.NaN, low: 300, high: 500 }]).ok).toBe(true);
  });

  it('Realistic: a negative target against a positive baseline is out of range; the message counts the targets', () => {
    expect(realistic([{ periodEnd: end, value: -200 }]).ok).toBe(false);
    expect(realistic([{ periodEnd: end, value: 500 }, { periodEnd: end, value: 1 }, { periodEnd: end, value: 150 }]).message).toBe(
      '2 targets are outside 0.25×–4× of the baseline 100',
    );
  });

  it('Specific: exactly 20 characters and 4 words is enough; surrounding spaces do not count', () => {
    expect(byId({ ...good, description: 'Sales of all widgets' }).specific!.ok).toBe(true); // 20 characters
    expect(byId({ ...good, description: '   Sales of widgets x   ' }).specific!.ok).toBe(false); // 18 once trimmed
  });

  it('says what to fix, with every measurable problem at once', () => {
    const bad = byId({ ...good, sourceValid: false, unitSet: false, ownerIsMember: false, targets: [], goalId: null });
    expect(bad.measurable!.message).toBe('Fix the formula or roll-up source so the KPI can be computed; Set a unit of measure');
    expect(bad.assignable!.message).toBe('Assign an owner who is a member of the organization');
    expect(bad.time_bound!.message).toBe('Set a target for the current or a future period');
    expect(bad.aligned!.message).toBe('Not linked to a goal: a vanity metric');
  });

  it('an empty goal id is no goal', () => {
    expect(isVanity({ goalId: '' })).toBe(true);
    expect(isVanity({ goalId: 'g' })).toBe(false);
  });

  it('goalBalance names what is missing', () => {
    expect(goalBalance([]).message).toBe('Add at least one leading and one lagging KPI');
    expect(goalBalance([{ indicator: 'lagging' }])).toEqual({
      ok: false,
      leading: 0,
      lagging: 1,
      message: 'Add a leading KPI: only lagging KPIs show results too late to act on',
    });
    expect(goalBalance([{ indicator: 'leading' }]).message).toBe('Add a lagging KPI: only leading KPIs never show the result itself');
    expect(goalBalance([{ indicator: 'leading' }, { indicator: 'lagging' }])).toEqual({ ok: true, leading: 1, lagging: 1, message: '' });
  });
});
