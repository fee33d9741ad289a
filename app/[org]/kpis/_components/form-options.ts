import 'server-only';
import type { TenantTx } from '@/db';
import { listGoals } from '@/lib/goals/queries';
import { listKpis } from '@/lib/kpis/queries';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { listMetrics } from '@/lib/metrics/queries';
import type { OrgContext } from '@/lib/organizations/context';
import { listMembers } from '@/lib/people/queries';
import { can, roleLabels } from '@/lib/permissions';
import { getUnitTree } from '@/lib/units/queries';
import type { KpiFormProps } from './kpi-form';

/**
 * Everything the KPI form offers: the units the person may draft in, the
 * organization's goals by unit, members, metrics and the KPIs a roll-up may
 * use. A fixed number of queries.
 */
export async function loadKpiFormOptions(ctx: OrgContext, tx: TenantTx, options: { excludeKpiId?: string } = {}) {
  const [tree, goals, members, metrics, kpis] = await Promise.all([getUnitTree(tx), listGoals(tx), listMembers(tx), listMetrics(tx), listKpis(tx)]);
  const parents = new Map(tree.map((u) => [u.id, u.parentId]));
  const units = tree
    .filter((u) => !u.archivedAt && can(ctx.actor, 'kpis.draft', { unitId: u.id, parents }))
    .map((u) => ({ id: u.id, label: `${'\u2003'.repeat(u.depth)}${u.name}` }));
  const unitOrder = new Map(tree.map((u, i) => [u.id, i]));
  const goalGroups = [...new Set(goals.map((g) => g.unitId))]
    .sort((a, b) => (unitOrder.get(a) ?? 0) - (unitOrder.get(b) ?? 0))
    .map((unitId) => {
      const ofUnit = goals.filter((g) => g.unitId === unitId);
      return { unitName: ofUnit[0]!.unitName, goals: ofUnit.map((g) => ({ id: g.id, title: g.title })) };
    });
  const unitNameOf = new Map(tree.map((u) => [u.id, u.name]));
  const contributorOptions: KpiFormProps['contributorOptions'] = kpis
    .filter((k) => k.id !== options.excludeKpiId && k.state !== 'retired' && canSeeKpi(ctx.actor, k, parents))
    .sort((a, b) => (unitOrder.get(a.unitId) ?? 0) - (unitOrder.get(b.unitId) ?? 0) || a.name.localeCompare(b.name))
    .map((k) => ({ id: k.id, name: k.name, unitName: unitNameOf.get(k.unitId) ?? k.unitName, unit: k.unit, state: k.state }));
  return {
    tree,
    parents,
    goals,
    units,
    goalGroups,
    people: members.map((m) => ({ id: m.userId, label: `${m.name} (${roleLabels[m.role]})` })),
    metrics: metrics.map((m) => ({ key: m.key, name: m.name, unit: m.unit, aggregation: m.aggregation })),
    contributorOptions,
  };
}
