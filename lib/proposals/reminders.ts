import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { rowsOf } from '@/db/client';
import { kpiProposals, organizations } from '@/db/schema';
import { storedDefinition } from '@/lib/kpis/schemas';
import { readPolicy } from '@/lib/organizations/policy';
import { tellPeople } from './messages';
import { getReviewState, listDeciders, lockProposal } from './queries';
import { consensusOf } from './rules';

/**
 * One reminder per proposal when half the review time has passed: to the
 * reviewers who have not voted or, once the reviewers agree, to whoever may
 * decide (rules.ts, through listDeciders). Each proposal is locked and marked
 * in one transaction, so several workers (or a restart mid-pass) never remind
 * twice. `now` comes from the caller, so the worker and the tests say when it is.
 */
export async function sendDueReminders(db: Database, now: Date): Promise<number> {
  const due = rowsOf<{ organization_id: string; proposal_id: string }>(
    await db.withoutTenant((tx) => tx.execute(sql`select organization_id, proposal_id from proposals_due_for_reminder(${now.toISOString()}::timestamptz)`)),
  );
  let sent = 0;
  for (const { organization_id: organizationId, proposal_id: proposalId } of due) {
    sent += await db.withTenant(organizationId, async (tx) => {
      const row = await lockProposal(tx, proposalId);
      if (row.state !== 'in_review' || row.remindedAt) return 0;
      const [organization] = await tx
        .select({ name: organizations.name, slug: organizations.slug, policy: organizations.policy })
        .from(organizations)
        .where(eq(organizations.id, organizationId));
      const policy = readPolicy(organization!.policy);
      const { reviewers, votes } = await getReviewState(tx, proposalId);
      const waiting = reviewers.filter((r) => !votes.has(r));
      const definition = storedDefinition(row.definition);
      const link = `/${organization!.slug}/proposals/${proposalId}`;
      const closes = `The review closes on ${row.reviewDeadline!.toISOString().slice(0, 10)}.`;
      let told: string[] = [];
      if (waiting.length > 0) {
        told = waiting;
        await tellPeople(tx, organization!.name, told, null, {
          kind: 'proposal.reminder',
          title: `Your vote is awaited: ${definition.name}`,
          body: `Half the review time has passed. ${closes}`,
          link,
        });
      } else if (consensusOf(policy.consensus, reviewers, votes).reached) {
        told = await listDeciders(tx, { unitId: definition.unitId, proposerId: row.proposerId }, policy);
        await tellPeople(tx, organization!.name, told, null, {
          kind: 'proposal.decision_reminder',
          title: `Your decision is awaited: ${definition.name}`,
          body: `The reviewers agree and half the review time has passed. ${closes}`,
          link,
        });
      }
      await tx
        .update(kpiProposals)
        .set({ remindedAt: now })
        .where(and(eq(kpiProposals.organizationId, organizationId), eq(kpiProposals.id, proposalId)));
      return told.length;
    });
  }
  return sent;
}
