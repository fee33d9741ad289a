import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, TenantTx } from '@/db';
import { invitations, memberships, orgUnits, unitMemberships, users } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { appendAudit } from '@/lib/audit/mutations';
import { hashPassword } from '@/lib/auth/password';
import { enqueueEmail } from '@/lib/email/outbox';
import { invitationEmail } from '@/lib/email/templates';
import { env } from '@/lib/env';
import { ExpectedError } from '@/lib/errors';
import { notify } from '@/lib/notifications/mutations';
import { canAnywhere, roleLabels, type OrgRole } from '@/lib/permissions';
import { findInvitation, listExecutiveIds, type InvitationPreview } from './queries';
import { invitationLifetimeMs, newInvitationToken } from './token';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit' | 'organization' | 'now'>;
type NewInvitation = { email: string; role: OrgRole; unitId?: string; unitRole?: 'head' | 'member' };

const forbidden = (message: string) => new ExpectedError(message, undefined, 'forbidden');

/**
 * Invites someone by email. Owners invite anyone, admins anyone but owners,
 * heads members and viewers into the units they head (the wrapper checks the unit).
 */
export async function createInvitation({ tx, actor, audit, organization, now }: Ctx, input: NewInvitation) {
  if (input.role === 'owner' && actor.role !== 'owner') throw forbidden('Only owners can invite owners.');
  if (!canAnywhere(actor.role, 'people.invite') && !['member', 'viewer'].includes(input.role)) {
    throw forbidden('Heads can invite members and viewers into their own units.');
  }
  if (input.role === 'viewer' && input.unitId && input.unitRole === 'head') {
    throw new ExpectedError('Viewers cannot head a unit: they only read. Invite them as a member of the unit, or with a role that may head it.', {
      unitRole: ['A viewer cannot head a unit: choose Member'],
    });
  }
  const [existing] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, tx.organizationId), sql`lower(${users.email}) = ${input.email}`));
  if (existing) throw new ExpectedError('This person is already a member.', { email: ['Already a member of this organization'] });
  const [pending] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.organizationId, tx.organizationId), sql`lower(${invitations.email}) = ${input.email}`, pendingAt(now)));
  if (pending) {
    throw new ExpectedError('This email already has an open invitation.', { email: ['Already invited: resend the open invitation instead'] });
  }
  const unit = input.unitId ? await getActiveUnit(tx, input.unitId) : null;

  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
  const [invitation] = await tx
    .insert(invitations)
    .values({
      organizationId: tx.organizationId,
      email: input.email,
      role: input.role,
      unitId: unit?.id ?? null,
      unitRole: unit ? (input.unitRole ?? 'member') : null,
      tokenHash,
      invitedBy: actor.userId,
      expiresAt,
    })
    .returning();
  await sendInvitationEmail(tx, organization.name, actor.userId, invitation!, unit?.name ?? null, token);
  audit({
    action: 'invitation.create',
    entityType: 'invitation',
    entityId: invitation!.id,
    unitId: unit?.id ?? null,
    after: { email: input.email, role: input.role, unitId: unit?.id ?? null, unitRole: invitation!.unitRole },
  });
  const others = (await listExecutiveIds(tx)).filter((id) => id !== actor.userId);
  await notify(tx, others, {
    kind: 'invitation.created',
    title: `${input.email} was invited as ${roleLabels[input.role]}`,
    body: unit ? `Into ${unit.name}.` : '',
    link: `/${organization.slug}/people`,
  });
  return { id: invitation!.id, email: input.email };
}

/** Sends an open (or expired) invitation again with a fresh link and seven more days; the old link stops working. */
export async function resendInvitation({ tx, actor, audit, organization, now }: Ctx, input: { invitationId: string }) {
  const invitation = await getInvitation(tx, input.invitationId);
  if (invitation.acceptedAt || invitation.revokedAt) {
    throw new ExpectedError(`This invitation was already ${invitation.acceptedAt ? 'accepted' : 'revoked'}.`, undefined, 'conflict');
  }
  const { token, tokenHash } = newInvitationToken();
  const [updated] = await tx
    .update(invitations)
    .set({ tokenHash, expiresAt: new Date(now.getTime() + invitationLifetimeMs), sendCount: sql`${invitations.sendCount} + 1` })
    .where(and(eq(invitations.organizationId, tx.organizationId), eq(invitations.id, invitation.id)))
    .returning();
  const unitName = invitation.unitId ? (await getActiveUnit(tx, invitation.unitId)).name : null;
  await sendInvitationEmail(tx, organization.name, actor.userId, updated!, unitName, token);
  audit({ action: 'invitation.resend', entityType: 'invitation', entityId: invitation.id, unitId: invitation.unitId, after: { sendCount: updated!.sendCount } });
  return { id: invitation.id };
}

export async function revokeInvitation({ tx, audit }: Ctx, input: { invitationId: string }) {
  const invitation = await getInvitation(tx, input.invitationId);
  if (invitation.acceptedAt) throw new ExpectedError('This invitation was already accepted.', undefined, 'conflict');
  if (!invitation.revokedAt) {
    await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invitations.organizationId, tx.organizationId), eq(invitations.id, invitation.id)));
    audit({ action: 'invitation.revoke', entityType: 'invitation', entityId: invitation.id, unitId: invitation.unitId, after: { revoked: true } });
  }
  return { id: invitation.id };
}

export type AcceptOutcome = { ok: true; slug: string } | { ok: false; reason: Exclude<InvitationPreview['state'], 'pending'> | 'invalid' | 'wrong_account' | 'account_exists' };

/** A signed-in person accepts an invitation made out to their email. */
export async function acceptInvitation(db: Database, token: string, user: { id: string; email: string }, now = new Date()): Promise<AcceptOutcome> {
  const preview = await findInvitation(db, token, now);
  if (!preview) return { ok: false, reason: 'invalid' };
  if (preview.state !== 'pending') return { ok: false, reason: preview.state };
  if (preview.email.toLowerCase() !== user.email.toLowerCase()) return { ok: false, reason: 'wrong_account' };
  return db.withTenant(preview.organizationId, (tx) => join(tx, preview, user.id, now));
}

/** A new person creates their account with the invited email and joins, in one transaction. */
export async function acceptWithNewAccount(
  db: Database,
  input: { token: string; name: string; password: string },
  now = new Date(),
): Promise<AcceptOutcome & { email?: string }> {
  const preview = await findInvitation(db, input.token, now);
  if (!preview) return { ok: false, reason: 'invalid' };
  if (preview.state !== 'pending') return { ok: false, reason: preview.state };
  if (preview.hasAccount) return { ok: false, reason: 'account_exists' };
  const passwordHash = await hashPassword(input.password);
  return db.withTenant(preview.organizationId, async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: preview.email, name: input.name, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!user) return { ok: false, reason: 'account_exists' } as const;
    const outcome = await join(tx, preview, user.id, now);
    // Nothing of the new account may survive a failed join.
    if (!outcome.ok) throw new ExpectedError('This invitation was already used.', undefined, 'conflict');
    return { ...outcome, email: preview.email };
  });
}

/**
 * Marks the invitation used and makes the membership. The conditional update
 * is the lock: of ten simultaneous accepts exactly one finds the row still open.
 */
async function join(tx: TenantTx, preview: InvitationPreview, userId: string, now: Date): Promise<AcceptOutcome> {
  const [claimed] = await tx
    .update(invitations)
    .set({ acceptedAt: now, acceptedBy: userId })
    .where(and(eq(invitations.organizationId, tx.organizationId), eq(invitations.id, preview.id), pendingAt(now)))
    .returning();
  if (!claimed) return { ok: false, reason: 'accepted' };
  const [created] = await tx
    .insert(memberships)
    .values({ organizationId: tx.organizationId, userId, role: claimed.role })
    .onConflictDoNothing()
    .returning({ role: memberships.role });
  if (claimed.unitId && claimed.unitRole) {
    // A viewer never heads a unit, also not through an invitation made before that rule or to someone already a viewer here.
    const role = created?.role ?? (await roleIn(tx, userId));
    await tx
      .insert(unitMemberships)
      .values({ organizationId: tx.organizationId, unitId: claimed.unitId, userId, role: role === 'viewer' ? 'member' : claimed.unitRole })
      .onConflictDoNothing();
  }
  await appendAudit(tx, userId, [
    { action: 'invitation.accept', entityType: 'invitation', entityId: claimed.id, unitId: claimed.unitId, after: { acceptedBy: userId } },
    ...(created ? [{ action: 'membership.create', entityType: 'membership', entityId: userId, unitId: claimed.unitId, after: { role: claimed.role } }] : []),
  ]);
  const tellThem = [claimed.invitedBy, ...(await listExecutiveIds(tx))].filter((id) => id !== userId);
  const [joiner] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  await notify(tx, await onlyMembers(tx, tellThem), {
    kind: 'membership.joined',
    title: `${joiner?.name ?? preview.email} joined ${preview.organizationName}`,
    body: `As ${roleLabels[claimed.role]}${preview.unitName ? ` in ${preview.unitName}` : ''}.`,
    link: `/${preview.organizationSlug}/people`,
  });
  return { ok: true, slug: preview.organizationSlug };
}

/** Open: not accepted, not revoked, not expired. */
function pendingAt(now: Date) {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));
}

async function getInvitation(tx: TenantTx, id: string) {
  const [invitation] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, tx.organizationId), eq(invitations.id, id)));
  if (!invitation) throw new ExpectedError('This invitation does not exist.', undefined, 'not_found');
  return invitation;
}

async function getActiveUnit(tx: TenantTx, unitId: string) {
  const [unit] = await tx
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.organizationId, tx.organizationId), eq(orgUnits.id, unitId), isNull(orgUnits.archivedAt)));
  if (!unit) throw new ExpectedError('This unit does not exist.', { unitId: ['Choose an active unit'] }, 'not_found');
  return unit;
}

/** The unit an invitation leads into (null: none), for the wrapper's head check on resend and revoke. */
export async function invitationUnitId(tx: TenantTx, invitationId: string): Promise<string | null> {
  return (await getInvitation(tx, invitationId)).unitId;
}

async function roleIn(tx: TenantTx, userId: string): Promise<OrgRole | undefined> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, userId)));
  return row?.role;
}

async function onlyMembers(tx: TenantTx, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, tx.organizationId), inArray(memberships.userId, userIds)));
  return rows.map((r) => r.userId);
}

async function sendInvitationEmail(
  tx: TenantTx,
  organizationName: string,
  inviterId: string,
  invitation: { email: string; role: OrgRole; expiresAt: Date },
  unitName: string | null,
  token: string,
) {
  const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, inviterId));
  await enqueueEmail(tx, {
    to: invitation.email,
    ...invitationEmail({
      organizationName,
      inviterName: inviter?.name ?? 'Someone',
      role: roleLabels[invitation.role],
      unitName,
      link: `${env.APP_URL}/invite/${token}`,
      expiresAt: invitation.expiresAt,
    }),
  });
}
