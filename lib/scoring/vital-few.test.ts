import { describe, expect, it } from 'vitest';
import { defaultVitalFewPolicy, vitalFewBudget } from './vital-few';

const block = { ...defaultVitalFewPolicy, mode: 'block' as const };

describe('vitalFewBudget', () => {
  it('defaults to warn with 5 / 10 / 2', () => {
    expect(defaultVitalFewPolicy).toEqual({ mode: 'warn', company: 5, department: 10, teamPerGoal: 2 });
  });

  it('shows the budget per layer', () => {
    expect(vitalFewBudget({ layer: 'department', policy: defaultVitalFewPolicy, counted: 7 })).toEqual({
      limit: 10,
      used: 7,
      over: false,
      wouldExceed: false,
      blocked: false,
      message: '7 of 10 KPIs',
    });
    expect(vitalFewBudget({ layer: 'company', policy: defaultVitalFewPolicy, counted: 5 }).limit).toBe(5);
    expect(vitalFewBudget({ layer: 'team', policy: defaultVitalFewPolicy, counted: 3 })).toMatchObject({
      limit: 2,
      over: true,
      wouldExceed: true,
      blocked: false,
      message: '3 of 2 KPIs for this goal — over the limit',
    });
  });

  it('warns when adding would exceed the limit, and blocks only in block mode', () => {
    const warn = vitalFewBudget({ layer: 'company', policy: defaultVitalFewPolicy, counted: 5, adding: 1 });
    expect(warn).toMatchObject({ over: false, wouldExceed: true, blocked: false, message: '5 of 5 KPIs — adding 1 would exceed the limit' });
    expect(vitalFewBudget({ layer: 'company', policy: block, counted: 5, adding: 1 }).blocked).toBe(true);
    expect(vitalFewBudget({ layer: 'company', policy: block, counted: 4, adding: 1 }).blocked).toBe(false);
  });

  it('uses the singular for a limit of one', () => {
    expect(vitalFewBudget({ layer: 'team', policy: { ...block, teamPerGoal: 1 }, counted: 0 }).message).toBe('0 of 1 KPI for this goal');
  });
});
