import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { rowsOf } from '@/db/client';
import { kpiProposals, organizations } from '@/db/schema';
import type { KpiDefinition } from '@/lib/kpis/schemas';
import { tellPeople } from './messages';
import { getReviewState, lockProposal } from './queries';

/**
 * Reviewers who have not voted get one reminder when half the review time has
 * passed. Each proposal is locked and marked in one transaction, so several
 * workers (or a restart mid-pass) never remind twice.
 */
export async function sendDueReminders(db: Database, now = new Date()): Promise<number> {
  const due = rowsOf<{ organization_id: string; proposal_id: string }>(
    await db.withoutTenant((tx) => tx.execute(sql`select organization_id, proposal_id from proposals_due_for_reminder(${now.toISOString()}::timestamptz)`)),
  );
  let sent = 0;
  for (const { organization_id: organizationId, proposal_id: proposalId } of due) {
    sent += await db.withTenant(organizationId, async (tx) => {
      const row = await lockProposal(tx, proposalId);
      if (row.state !== 'in_review' || row.remindedAt) return 0;
      const { reviewers, votes } = await getReviewState(tx, proposalId);
      const waiting = reviewers.filter((r) => !votes.has(r));
      const [organization] = await tx.select({ name: organizations.name, slug: organizations.slug }).from(organizations).where(eq(organizations.id, organizationId));
      const definition = row.definition as KpiDefinition;
      await tellPeople(tx, organization!.name, waiting, null, {
        kind: 'proposal.reminder',
        title: `Your vote is awaited: ${definition.name}`,
        body: `Half the review time has passed. The review closes on ${row.reviewDeadline!.toISOString().slice(0, 10)}.`,
        link: `/${organization!.slug}/proposals/${proposalId}`,
      });
      await tx
        .update(kpiProposals)
        .set({ remindedAt: now })
        .where(and(eq(kpiProposals.organizationId, organizationId), eq(kpiProposals.id, proposalId)));
      return waiting.length;
    });
  }
  return sent;
}
