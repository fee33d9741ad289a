import { and, asc, eq } from 'drizzle-orm';
import type { TenantTx, UserTx } from '@/db';
import { memberships, organizations, orgUnits } from '@/db/schema';
import type { OrgRole } from '@/lib/permissions';
import { unsafeTextProblem } from '@/lib/unsafe-text';
import { readPolicy, type OrganizationPolicy } from './policy';

export type Membership = {
  organization: { id: string; name: string; slug: string; fiscalYearStartMonth: number; timeZone: string; policy: OrganizationPolicy };
  role: OrgRole;
};

/**
 * The signed-in person's membership in the organization with this slug, read
 * fresh from the database. A nonexistent slug and a slug of an organization
 * they do not belong to are indistinguishable: both are null.
 */
export async function getMembershipBySlug(tx: UserTx, slug: string): Promise<Membership | null> {
  // A slug from the URL that no slug can be (`/%00/…`): no such organization, not a database error.
  if (unsafeTextProblem(slug)) return null;
  const [row] = await tx
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      fiscalYearStartMonth: organizations.fiscalYearStartMonth,
      timeZone: organizations.timeZone,
      policy: organizations.policy,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, tx.userId), eq(organizations.slug, slug)))
    .limit(1);
  if (!row) return null;
  const { role, policy, ...organization } = row;
  return { organization: { ...organization, policy: readPolicy(policy) }, role };
}

/** Every organization the person belongs to, for the switcher and the landing page. */
export function listMyOrganizations(tx: UserTx) {
  return tx
    .select({ slug: organizations.slug, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, tx.userId))
    .orderBy(asc(organizations.name));
}

export async function getOverview(tx: TenantTx) {
  const [units, people] = await Promise.all([
    tx
      .select({ id: orgUnits.id, kind: orgUnits.kind, name: orgUnits.name })
      .from(orgUnits)
      .where(eq(orgUnits.organizationId, tx.organizationId))
      .orderBy(asc(orgUnits.name)),
    tx.$count(memberships, eq(memberships.organizationId, tx.organizationId)),
  ]);
  return { units, memberCount: people };
}
