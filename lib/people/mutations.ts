import { and, asc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { memberships, orgUnits, unitMemberships, users } from '@/db/schema';
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
  if (input.role === 'viewer') await stepDownAsHead(tx, audit, target);
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

/**
 * Viewers never head a unit (product.md §2: they only read). Someone who heads
 * a live unit is refused with the units named, so whoever changes the role
 * decides who heads them next; head rows on archived units (whose people can
 * no longer be changed) become member rows.
 */
async function stepDownAsHead(tx: TenantTx, audit: Ctx['audit'], target: { userId: string; name: string }) {
  const headed = await tx
    .select({ id: orgUnits.id, name: orgUnits.name, archivedAt: orgUnits.archivedAt })
    .from(unitMemberships)
    .innerJoin(orgUnits, and(eq(orgUnits.organizationId, unitMemberships.organizationId), eq(orgUnits.id, unitMemberships.unitId)))
    .where(and(eq(unitMemberships.organizationId, tx.organizationId), eq(unitMemberships.userId, target.userId), eq(unitMemberships.role, 'head')))
    .orderBy(asc(orgUnits.name));
  const live = headed.filter((u) => !u.archivedAt);
  if (live.length > 0) {
    const names = listNames(live.map((u) => u.name));
    throw new ExpectedError(
      `${target.name} heads ${names}, and viewers cannot head a unit. Make someone else head (or take ${target.name} off as head) on ${live.length === 1 ? 'that unit’s page' : 'those units’ pages'} first.`,
      { role: [`Heads ${names}: a viewer cannot head a unit`] },
      'conflict',
    );
  }
  for (const unit of headed) {
    await tx
      .update(unitMemberships)
      .set({ role: 'member' })
      .where(and(eq(unitMemberships.organizationId, tx.organizationId), eq(unitMemberships.unitId, unit.id), eq(unitMemberships.userId, target.userId)));
    audit({ action: 'unit.person', entityType: 'unit_membership', entityId: `${unit.id}:${target.userId}`, unitId: unit.id, before: { role: 'head' }, after: { role: 'member' } });
  }
}

function listNames(names: string[]) {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
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
