/**
 * The one table of who may do what (product.md §2). Every server action and
 * API route names one of these permissions; nothing else decides.
 *
 * `roles` may do it anywhere in the organization. With `heads`, the heads of
 * a unit may also do it to that unit and everything below it.
 */
export const orgRoles = ['owner', 'admin', 'member', 'viewer'] as const;
export type OrgRole = (typeof orgRoles)[number];

type Rule = { roles: readonly OrgRole[]; heads?: true };
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
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof permissions;

/** Who is acting: their organization role and the units they head. */
export type Actor = { role: OrgRole; headOf: readonly string[] };

/** Each unit's parent, for deciding whether a unit lies in a head's subtree. */
export type UnitParents = ReadonlyMap<string, string | null>;

/** Allowed by organization role alone, anywhere in the organization. */
export function canAnywhere(role: OrgRole, permission: Permission): boolean {
  return (permissions[permission].roles as readonly OrgRole[]).includes(role);
}

/** Whether heads may do this within their subtree (viewers stay read-only even as heads). */
export function headsMay(role: OrgRole, permission: Permission): boolean {
  return 'heads' in permissions[permission] && role !== 'viewer';
}

/**
 * The full check. Without a target unit it answers "anywhere, or in some unit
 * they head" — enough to show a page or a button.
 */
export function can(actor: Actor, permission: Permission, target?: { unitId: string; parents: UnitParents }): boolean {
  if (canAnywhere(actor.role, permission)) return true;
  if (!headsMay(actor.role, permission) || actor.headOf.length === 0) return false;
  if (!target) return true;
  return isWithinSubtree(target.unitId, actor.headOf, target.parents);
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
