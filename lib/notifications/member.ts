import { getDatabase } from '@/db';
import { getCurrentUser, type CurrentUser } from '@/lib/auth/session';
import { getMembershipBySlug, type Membership } from '@/lib/organizations/queries';

/**
 * The signed-in person's membership in the organization with this slug, or
 * null. For route handlers that answer with JSON rather than a sign-in
 * redirect or a 404 page: signed out, not a member and no such organization
 * all look the same.
 */
export async function getSignedInMember(slug: string): Promise<(Membership & { user: CurrentUser }) | null> {
  const user = await getCurrentUser();
  if (!user) return null;
  const db = await getDatabase();
  const membership = await db.withUser(user.id, (tx) => getMembershipBySlug(tx, slug));
  return membership && { ...membership, user };
}
