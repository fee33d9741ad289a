import { and, eq } from 'drizzle-orm';
import { defineOrgAction } from '@/lib/action-runner';
import { memberships } from '@/db/schema';
import { ExpectedError } from '@/lib/errors';
import { leaveOrganizationSchema } from './schemas';

/**
 * A member leaves an organization. Their unit roles go with the membership;
 * the goals, KPIs and metrics they owned keep existing with no owner (the
 * composite keys SET NULL) and show up in "Needs an owner" for the heads.
 * The last owner cannot leave: an organization always has an owner.
 */
export const leaveOrganization = defineOrgAction({
  permission: 'organization.view',
  schema: leaveOrganizationSchema,
  async run({ tx, actor, audit }) {
    if (actor.role === 'owner') {
      // Owners are locked, so two owners leaving at once cannot leave the organization with none.
      const owners = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.role, 'owner')))
        .for('update');
      if (owners.length <= 1) {
        throw new ExpectedError('You are the last owner. Make someone else an owner first, then leave.', undefined, 'forbidden');
      }
    }
    await tx.delete(memberships).where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, actor.userId)));
    audit({ action: 'membership.leave', entityType: 'membership', entityId: actor.userId, before: { role: actor.role } });
    return { left: true };
  },
});
