import type { GoalRow } from '@/lib/goals/queries';
import type { KpiSummary } from '@/lib/kpis/queries';
import { canSeeKpi } from '@/lib/kpis/visibility';
import type { MemberRow } from '@/lib/people/queries';
import { can, roleLabels, type Actor, type UnitParents } from '@/lib/permissions';
import type { UnitTreeRow } from '@/lib/units/queries';
import type { GoalFormOptions } from './goal-forms';

/**
 * What the goal form may offer this person: units they may manage goals in
 * (plus the goal's own unit when editing, archived or not), goals to align
 * to, members, and the KPIs they may see.
 */
export function goalFormOptions(input: {
  actor: Actor;
  units: readonly UnitTreeRow[];
  parents: UnitParents;
  members: readonly MemberRow[];
  goals: readonly GoalRow[];
  kpis: readonly KpiSummary[];
  /** The goal being edited keeps its unit and its outcome KPI on offer, whatever became of them. */
  keepUnitId?: string;
  keepKpiId?: string | null;
}): GoalFormOptions {
  const { actor, parents } = input;
  return {
    units: input.units
      .filter((u) => u.id === input.keepUnitId || (!u.archivedAt && can(actor, 'goals.manage', { unitId: u.id, parents })))
      .map((u) => ({ id: u.id, label: `${'— '.repeat(u.depth)}${u.name}${u.archivedAt ? ' (archived)' : ''}` })),
    unitParents: input.units.map((u) => [u.id, u.parentId]),
    people: input.members.map((m) => ({ id: m.userId, label: `${m.name} (${roleLabels[m.role]})` })),
    goals: input.goals.map((g) => ({ id: g.id, title: g.title, unitId: g.unitId, unitName: g.unitName, parentGoalId: g.parentGoalId })),
    kpis: input.kpis.flatMap((k) => {
      const visible = canSeeKpi(actor, k, parents);
      if (k.id !== input.keepKpiId && (k.state === 'retired' || !visible)) return [];
      if (!visible) return [{ id: k.id, name: 'A draft KPI you cannot see', unitName: k.unitName }];
      return [{ id: k.id, name: k.state === 'active' ? k.name : `${k.name} (${k.state})`, unitName: k.unitName }];
    }),
  };
}
