/**
 * The one table of who may do what (product.md §2), by organization role.
 * Every server action and API route names one of these permissions; nothing
 * else decides. Unit-scoped rights (heads of a unit and its ancestors) extend
 * this table when units get heads.
 */
export const orgRoles = ['owner', 'admin', 'member', 'viewer'] as const;
export type OrgRole = (typeof orgRoles)[number];

export const permissions = {
  'organization.view': ['owner', 'admin', 'member', 'viewer'],
  'organization.update': ['owner', 'admin'],
  'organization.delete': ['owner'],
  'api_tokens.manage': ['owner', 'admin'],
  'audit_log.view': ['owner', 'admin'],
} as const satisfies Record<string, readonly OrgRole[]>;

export type Permission = keyof typeof permissions;

export function can(role: OrgRole, permission: Permission): boolean {
  return (permissions[permission] as readonly OrgRole[]).includes(role);
}

export const roleLabels: Record<OrgRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};
