import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { invitations, memberships, organizations, orgUnits, users } from '@/db/schema';
import type { OrgRole } from '@/lib/permissions';
import { hashInvitationToken } from './token';
import { invitationTokenSchema } from './schemas';

export type InvitationPreview = {
  id: string;
  organizationId: string;
  organizationName: string;
  organizationSlug: string;
  email: string;
  role: OrgRole;
  unitName: string | null;
  inviterName: string;
  expiresAt: Date;
  state: 'pending' | 'expired' | 'revoked' | 'accepted';
  /** Whether an account with the invited email exists (then the person signs in to accept). */
  hasAccount: boolean;
};

/**
 * What an invitation link shows, or null for a link that matches nothing.
 * The token's hash leads to the organization through one narrow database
 * function; everything else is read inside that organization's tenancy.
 */
export async function findInvitation(db: Database, token: string, now = new Date()): Promise<InvitationPreview | null> {
  if (!invitationTokenSchema.safeParse(token).success) return null;
  const [match] = await db.withoutTenant(async (tx) =>
    rowsOf<{ organization_id: string; invitation_id: string }>(
      await tx.execute(sql`select organization_id, invitation_id from invitation_by_token_hash(${hashInvitationToken(token)})`),
    ),
  );
  if (!match) return null;
  return db.withTenant(match.organization_id, async (tx) => {
    const [row] = await tx
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
        revokedAt: invitations.revokedAt,
        organizationName: organizations.name,
        organizationSlug: organizations.slug,
        unitName: orgUnits.name,
        inviterName: users.name,
      })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .innerJoin(users, eq(users.id, invitations.invitedBy))
      .leftJoin(orgUnits, and(eq(orgUnits.organizationId, invitations.organizationId), eq(orgUnits.id, invitations.unitId)))
      .where(and(eq(invitations.organizationId, tx.organizationId), eq(invitations.id, match.invitation_id)));
    if (!row) return null;
    const [account] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${row.email})`);
    const state = row.acceptedAt ? 'accepted' : row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'pending';
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      expiresAt: row.expiresAt,
      organizationName: row.organizationName,
      organizationSlug: row.organizationSlug,
      unitName: row.unitName,
      inviterName: row.inviterName,
      organizationId: tx.organizationId,
      state,
      hasAccount: Boolean(account),
    };
  });
}

/** Invitations neither accepted nor revoked, with who sent them; only into `unitIds` when given (a head's view). */
export async function listOpenInvitations(tx: TenantTx, unitIds?: string[]) {
  if (unitIds?.length === 0) return [];
  return tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      unitId: invitations.unitId,
      unitName: orgUnits.name,
      unitRole: invitations.unitRole,
      invitedByName: users.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      revokedAt: invitations.revokedAt,
      sendCount: invitations.sendCount,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.invitedBy))
    .leftJoin(orgUnits, and(eq(orgUnits.organizationId, invitations.organizationId), eq(orgUnits.id, invitations.unitId)))
    .where(
      and(
        eq(invitations.organizationId, tx.organizationId),
        sql`${invitations.acceptedAt} is null and ${invitations.revokedAt} is null`,
        unitIds ? inArray(invitations.unitId, unitIds) : undefined,
      ),
    )
    .orderBy(asc(invitations.email));
}

/** Owners and admins: told about invitations and arrivals. */
export async function listExecutiveIds(tx: TenantTx): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, tx.organizationId), inArray(memberships.role, ['owner', 'admin'])));
  return rows.map((r) => r.userId);
}
