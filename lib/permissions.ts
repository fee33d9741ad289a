/**
 * The one table of who may do what (product.md §2). Every server action and
 * API route names one of these permissions; nothing else decides.
 *
 * `roles` may do it anywhere in the organization. The scoped grants add, for
 * anyone but viewers: `heads` — the heads of a unit, to that unit and
 * everything below it; `members` — the people of a unit (heads included), to
 * that unit; `owner` — the person who owns the record (a metric, a KPI).
 */
export const orgRoles = ['owner', 'admin', 'member', 'viewer'] as const;
export type OrgRole = (typeof orgRoles)[number];

type Rule = { roles: readonly OrgRole[]; heads?: true; members?: true; owner?: true };
const everyone = orgRoles;
const executives = ['owner', 'admin'] as const;

export const permissions = {
  'organization.view': { roles: everyone },
  'organization.update': { roles: executives },
  'organization.delete': { roles: ['owner'] },
  'api_tokens.manage': { roles: executives },
  /** Admins never invite owners; heads invite members and viewers into their own units (checked in the mutation). */
  'people.invite': { roles: executives, heads: true },
  /** Change roles and remove people; admins never touch owners (checked in the mutation). */
  'people.manage': { roles: executives },
  /** Create, rename, move and archive units; assign heads and members. */
  'units.manage': { roles: executives, heads: true },
  'audit_log.view': { roles: executives, heads: true },
  /** One's own notifications. */
  'notifications.read': { roles: everyone },
  'goals.manage': { roles: executives, heads: true },
  /** Metrics belong to no unit: anyone who may draft KPIs may define the numbers they need. */
  'metrics.create': { roles: ['owner', 'admin', 'member'] },
  'metrics.update': { roles: executives, owner: true },
  /** Heads: for metrics used by KPIs of their units; members: for metrics they own. */
  'measurements.record': { roles: executives, heads: true, owner: true },
  /** Lock and unlock closed periods: values dated in a locked period no longer change. */
  'periods.lock': { roles: executives },
  /** Check in on a KPI (its metrics' values, a comment, a confidence): its owner, the heads above it, executives. */
  'kpis.check_in': { roles: executives, heads: true, owner: true },
  /** Create and edit draft KPIs and their targets (approval is a separate step). */
  'kpis.draft': { roles: executives, heads: true, members: true },
  /** Open, edit, submit, withdraw and revise proposals for a unit's KPIs. */
  'proposals.submit': { roles: executives, heads: true, members: true },
  /** Vote (only as a named reviewer), comment and decide (only as the approver; lib/proposals/rules.ts) — checked in the mutation. */
  'proposals.take_part': { roles: ['owner', 'admin', 'member'] },
  /** See drafts (members see the ones they own or wrote). */
  'kpis.view_drafts': { roles: executives, heads: true, owner: true },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof permissions;

/** Who is acting: their organization role, the units they head and the units they belong to. */
export type Actor = { userId?: string; role: OrgRole; headOf: readonly string[]; memberOf?: readonly string[] };

/** What an action touches: the unit(s) it concerns and the record's owner, when it has one. */
export type Target = { unitId?: string | readonly string[] | null; parents: UnitParents; ownerIds?: readonly (string | null)[] };

/** Each unit's parent, for deciding whether a unit lies in a head's subtree. */
export type UnitParents = ReadonlyMap<string, string | null>;

/** Allowed by organization role alone, anywhere in the organization. */
export function canAnywhere(role: OrgRole, permission: Permission): boolean {
  return (permissions[permission].roles as readonly OrgRole[]).includes(role);
}

/** Whether some scoped grant could allow it (viewers stay read-only whatever units they belong to). */
export function mayInScope(role: OrgRole, permission: Permission): boolean {
  const rule: Rule = permissions[permission];
  return role !== 'viewer' && Boolean(rule.heads || rule.members || rule.owner);
}

/**
 * The full check. Without a target it answers "anywhere, or somewhere they
 * have a scoped grant" — enough to show a page or a button.
 */
export function can(actor: Actor, permission: Permission, target?: Target): boolean {
  if (canAnywhere(actor.role, permission)) return true;
  if (!mayInScope(actor.role, permission)) return false;
  const rule: Rule = permissions[permission];
  if (!target) {
    return Boolean((rule.heads && actor.headOf.length > 0) || (rule.members && actor.memberOf?.length) || rule.owner);
  }
  const units = target.unitId == null ? [] : typeof target.unitId === 'string' ? [target.unitId] : target.unitId;
  if (rule.heads && units.some((unit) => isWithinSubtree(unit, actor.headOf, target.parents))) return true;
  if (rule.members && units.some((unit) => actor.memberOf?.includes(unit))) return true;
  return Boolean(rule.owner && actor.userId && target.ownerIds?.includes(actor.userId));
}

/** Whether `unitId` is one of `roots` or lies below one of them. */
export function isWithinSubtree(unitId: string, roots: readonly string[], parents: UnitParents): boolean {
  const wanted = new Set(roots);
  const seen = new Set<string>();
  for (let id: string | null | undefined = unitId; id && !seen.has(id); id = parents.get(id)) {
    if (wanted.has(id)) return true;
    seen.add(id);
  }
  return false;
}

export const roleLabels: Record<OrgRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};
