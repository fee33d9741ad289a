import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { memberships, users } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { enqueueEmail } from '@/lib/email/outbox';
import { emailLayout } from '@/lib/email/templates';
import { ExpectedError } from '@/lib/errors';
import { notify } from '@/lib/notifications/mutations';
import { roleLabels, type OrgRole } from '@/lib/permissions';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit' | 'organization'>;

const rank: Record<OrgRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

async function getMember(tx: TenantTx, userId: string) {
  const [member] = await tx
    .select({ userId: memberships.userId, role: memberships.role, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, userId)));
  if (!member) throw new ExpectedError('This person is not a member of the organization.', undefined, 'not_found');
  return member;
}

/**
 * Owners are locked, so two owners demoting each other at once cannot leave
 * the organization with none.
 */
async function ownerCount(tx: TenantTx): Promise<number> {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.role, 'owner')))
    .for('update');
  return owners.length;
}

function refuse(message: string): never {
  throw new ExpectedError(message, undefined, 'forbidden');
}

/** Changes a member's role under product.md §2: admins never touch owners, nobody raises their own role, one owner always remains. */
export async function changeRole({ tx, actor, audit, organization }: Ctx, input: { userId: string; role: OrgRole }) {
  const target = await getMember(tx, input.userId);
  if (target.role === input.role) return target;
  if (actor.role !== 'owner' && (target.role === 'owner' || input.role === 'owner')) {
    refuse('Only owners can make someone an owner or change an owner’s role.');
  }
  if (target.userId === actor.userId && rank[input.role] > rank[target.role]) refuse('Nobody can raise their own role.');
  if (target.role === 'owner' && (await ownerCount(tx)) <= 1) {
    refuse('The last owner cannot be demoted. Make someone else an owner first.');
  }
  await tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, target.userId)));
  audit({ action: 'membership.role', entityType: 'membership', entityId: target.userId, before: { role: target.role }, after: { role: input.role } });
  await notify(tx, [target.userId], {
    kind: 'role_changed',
    title: `Your role in ${organization.name} is now ${roleLabels[input.role]}`,
    body: `It was ${roleLabels[target.role]}.`,
    link: `/${organization.slug}`,
  });
  return { ...target, role: input.role };
}

/** Removes a member; their unit roles go with the membership. They are told by email. */
export async function removeMember({ tx, actor, audit, organization }: Ctx, input: { userId: string }) {
  const target = await getMember(tx, input.userId);
  if (actor.role !== 'owner' && target.role === 'owner') refuse('Only owners can remove an owner.');
  if (target.role === 'owner' && (await ownerCount(tx)) <= 1) refuse('The last owner cannot be removed.');
  await tx.delete(memberships).where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, target.userId)));
  audit({ action: 'membership.remove', entityType: 'membership', entityId: target.userId, before: { role: target.role, email: target.email } });
  await enqueueEmail(tx, {
    to: target.email,
    subject: `You were removed from ${organization.name} on Keel`,
    ...emailLayout({
      organizationName: organization.name,
      heading: `You were removed from ${organization.name}`,
      paragraphs: [`Hello ${target.name},`, `Your membership in ${organization.name} on Keel has ended; its goals and KPIs are no longer available to you.`],
    }),
  });
  return { userId: target.userId };
}
