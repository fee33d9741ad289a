export type VitalFewPolicy = { mode: 'warn' | 'block'; company: number; department: number; teamPerGoal: number };

export const defaultVitalFewPolicy: VitalFewPolicy = { mode: 'warn', company: 5, department: 10, teamPerGoal: 2 };

/**
 * Vital-few budget (product.md §3). `counted` is the caller's count of active
 * and in-review KPIs: for a company or department the unit's, for a team the
 * goal's (a team's KPIs without a goal form one group of their own).
 * `message` omits the unit name, which the caller prefixes ("Marketing: 7 of 10 KPIs").
 */
export function vitalFewBudget(input: {
  layer: 'company' | 'department' | 'team';
  policy: VitalFewPolicy;
  counted: number;
  adding?: number;
}): { limit: number; used: number; over: boolean; wouldExceed: boolean; blocked: boolean; message: string } {
  const { layer, policy, counted: used, adding = 0 } = input;
  const limit = layer === 'company' ? policy.company : layer === 'department' ? policy.department : policy.teamPerGoal;
  const over = used > limit;
  const wouldExceed = used + adding > limit;
  const blocked = policy.mode === 'block' && wouldExceed;

  const budget = `${used} of ${limit} ${limit === 1 ? 'KPI' : 'KPIs'}${layer === 'team' ? ' for this goal' : ''}`;
  const suffix = over ? ' — over the limit' : wouldExceed ? ` — adding ${adding} would exceed the limit` : '';
  return { limit, used, over, wouldExceed, blocked, message: budget + suffix };
}
