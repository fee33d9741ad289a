import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { NextResponse } from 'next/server';
import { getDatabase, type TenantTx } from '@/db';
import { requestPathHeader, safeReturnPath } from '@/lib/auth/return-path';
import { getCurrentUser, requireUser, type CurrentUser } from '@/lib/auth/session';
import { organizationToday, type IsoDate } from '@/lib/periods';
import { can, canAnywhere, type Actor, type Permission } from '@/lib/permissions';
import { getUnitRolesOf } from '@/lib/units/queries';
import { touchMembership } from './mutations';
import { getMembershipBySlug, listMyOrganizations, type Membership } from './queries';
import { redirectedPath, resolveSlugRedirect } from './settings';

export type OrgContext = Membership & {
  user: CurrentUser;
  /** The units this person heads. */
  headOf: string[];
  /** The units this person belongs to, heads included. */
  memberOf: string[];
  /** Allowed anywhere, or somewhere through a scoped grant: enough to show a page or a button. */
  can: (permission: Permission) => boolean;
  /** The actor for precise checks against a target (lib/permissions can()). */
  actor: Actor;
  /** The organization's date for this request, in its time zone. */
  today: IsoDate;
};

/**
 * The signed-in person's membership for the organization in the URL, resolved
 * once per request (layout and page share it). Not a member and no such
 * organization look the same: 404.
 */
export const getOrgContext = cache(async (slug: string): Promise<OrgContext> => {
  await requireUser();
  const member = await findSignedInMember(slug);
  if (!member) await redirectFromOldSlug(slug);
  if (!member) notFound();
  const { user, ...membership } = member;
  const db = await getDatabase();
  const { headOf, memberOf } = await db.withTenant(membership.organization.id, async (tx) => {
    await touchMembership(tx, user.id);
    return getUnitRolesOf(tx, user.id);
  });
  const actor: Actor = { userId: user.id, role: membership.role, headOf, memberOf };
  return { ...membership, user, headOf, memberOf, actor, today: organizationToday(membership.organization), can: (permission) => can(actor, permission) };
});

/** An organization that changed its slug keeps old links working: `/<old>/…` → `/<new>/…`, for its members. */
async function redirectFromOldSlug(slug: string): Promise<void> {
  const user = await getCurrentUser();
  if (!user) return;
  const db = await getDatabase();
  const current = await db.withUser(user.id, (tx) => resolveSlugRedirect(tx, slug));
  if (!current) return;
  const path = safeReturnPath((await headers()).get(requestPathHeader), `/${slug}`);
  redirect(redirectedPath(path, current));
}

/**
 * The same resolution without redirects, for route handlers that answer with
 * JSON: signed out, not a member and no such organization are all null.
 */
export const findSignedInMember = cache(async (slug: string): Promise<(Membership & { user: CurrentUser }) | null> => {
  const user = await getCurrentUser();
  if (!user) return null;
  const db = await getDatabase();
  const membership = await db.withUser(user.id, (tx) => getMembershipBySlug(tx, slug));
  return membership && { ...membership, user };
});

export const getMyOrganizations = cache(async (userId: string) => {
  const db = await getDatabase();
  return db.withUser(userId, (tx) => listMyOrganizations(tx));
});

/**
 * A JSON read for the signed-in member, for route handlers behind live
 * badges and feeds: signed out, not a member, no such organization and not
 * permitted all answer the same JSON 404 (never a sign-in page to parse).
 */
export function memberJsonRoute<T>(permission: Permission, read: (tx: TenantTx, actor: Actor & { userId: string }, member: Membership) => Promise<T>) {
  return async (_request: Request, { params }: { params: Promise<{ org: string }> }) => {
    const { org: slug } = await params;
    const member = await findSignedInMember(slug);
    const headers = { 'Cache-Control': 'private, no-store' };
    if (!member || !canAnywhere(member.role, permission)) return NextResponse.json({ error: 'Not found' }, { status: 404, headers });
    const db = await getDatabase();
    const data = await db.withTenant(member.organization.id, async (tx) => {
      const roles = await getUnitRolesOf(tx, member.user.id);
      return read(tx, { userId: member.user.id, role: member.role, ...roles }, member);
    });
    return NextResponse.json(data, { headers });
  };
}
