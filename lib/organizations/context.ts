import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getDatabase } from '@/db';
import { requireUser, type CurrentUser } from '@/lib/auth/session';
import { can, type Permission } from '@/lib/permissions';
import { getMembershipBySlug, listMyOrganizations, type Membership } from './queries';

export type OrgContext = Membership & { user: CurrentUser; can: (permission: Permission) => boolean };

/**
 * The signed-in person's membership for the organization in the URL, resolved
 * once per request (layout and page share it). Not a member and no such
 * organization look the same: 404.
 */
export const getOrgContext = cache(async (slug: string): Promise<OrgContext> => {
  const user = await requireUser(`/${slug}`);
  const db = await getDatabase();
  const membership = await db.withUser(user.id, (tx) => getMembershipBySlug(tx, slug));
  if (!membership) notFound();
  return { ...membership, user, can: (permission) => can(membership.role, permission) };
});

export const getMyOrganizations = cache(async (userId: string) => {
  const db = await getDatabase();
  return db.withUser(userId, (tx) => listMyOrganizations(tx));
});
