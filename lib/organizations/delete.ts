import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { memberships, users } from '@/db/schema';
import { parseInput, forbiddenError, fromError, type ActionResult } from '@/lib/action-runner';
import { enqueueEmail } from '@/lib/email/outbox';
import { emailLayout } from '@/lib/email/templates';
import { ExpectedError } from '@/lib/errors';
import { canAnywhere } from '@/lib/permissions';
import { getMembershipBySlug } from './queries';

export const deleteOrganizationSchema = z.object({ confirmName: z.string().trim().min(1, 'Type the organization’s name to confirm').max(200) });

/**
 * Deletes an organization and every row it owns, after an owner typed its
 * name. It follows the runner's recipe (membership from the database, the
 * owner-only permission, zod, one tenant transaction) but cannot write an
 * audit entry: the organization's audit log is deleted with it. The members'
 * emails, queued in the same transaction, are the record that it happened.
 * The rows go through delete_organization() (db/migrations/0011), which runs
 * as the table owner because the audit log is append-only for app_user, and
 * which refuses any organization but the one this transaction is scoped to.
 */
export async function deleteOrganization(db: Database, userId: string | null, slug: string, raw: unknown): Promise<ActionResult<{ name: string }>> {
  if (!userId) return { ok: false, code: 'unauthenticated', error: 'Your session has ended. Sign in again to continue.' };
  const membership = await db.withUser(userId, (tx) => getMembershipBySlug(tx, slug));
  if (!membership) return { ok: false, code: 'not_found', error: 'Not found' };
  if (!canAnywhere(membership.role, 'organization.delete')) return { ok: false, code: 'forbidden', error: forbiddenError().message };
  const parsed = parseInput(deleteOrganizationSchema, raw);
  if (!parsed.ok) return parsed;
  const { organization } = membership;
  if (parsed.data.confirmName !== organization.name.trim()) {
    return { ok: false, code: 'invalid', error: 'Please correct the highlighted fields.', fieldErrors: { confirmName: [`Type ${organization.name} exactly to confirm`] } };
  }
  try {
    await db.withTenant(organization.id, async (tx) => {
      const people = await tx
        .select({ email: users.email, name: users.name, id: users.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organizationId, tx.organizationId));
      const by = people.find((p) => p.id === userId)?.name ?? 'An owner';
      for (const person of people) {
        await enqueueEmail(tx, {
          to: person.email,
          subject: `${organization.name} was deleted from Keel`,
          ...emailLayout({
            organizationName: organization.name,
            heading: `${organization.name} was deleted`,
            paragraphs: [`Hello ${person.name},`, `${by} deleted the organization ${organization.name} on Keel, with its goals, KPIs, metrics and history. Your Keel account itself remains.`],
          }),
        });
      }
      await tx.execute(sql`select delete_organization(${tx.organizationId}::uuid)`);
    });
    return { ok: true, data: { name: organization.name } };
  } catch (error) {
    if (error instanceof ExpectedError) return fromError(error, parsed.input);
    return fromError(error, parsed.input);
  }
}
