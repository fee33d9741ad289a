import { can, type Actor, type UnitParents } from '@/lib/permissions';

/**
 * Active and retired KPIs are visible to every member; drafts only to those
 * 'kpis.view_drafts' allows (heads of the unit or above, executives, and the
 * member who owns or wrote it).
 */
export function canSeeKpi(
  actor: Actor,
  kpi: { unitId: string; state: string; ownerId: string | null; createdBy: string | null },
  parents: UnitParents,
): boolean {
  if (kpi.state !== 'draft') return true;
  return can(actor, 'kpis.view_drafts', { unitId: kpi.unitId, parents, ownerIds: [kpi.ownerId, kpi.createdBy] });
}
