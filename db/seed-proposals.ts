import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { appendAudit, type AuditEntry } from '@/lib/audit/mutations';
import type { OrgActionContext } from '@/lib/action-runner';
import { readPolicy } from '@/lib/organizations/policy';
import { organizationToday } from '@/lib/periods';
import { createProposal, submitProposal, voteOnProposal } from '@/lib/proposals/mutations';
import { kpis, organizations } from './schema';

/**
 * product.md §7: one proposal waiting for approval (Content's "Website
 * visitors", agreed by its reviewers, for the head of Marketing to decide) and
 * one with an objection (Sales' "Average deal value"). They go through the same
 * mutations as people's proposals, so they are numbered, notified and audited.
 */
export async function seedProposals(tx: TenantTx, people: ReadonlyArray<{ email: string; id: string }>, now: Date) {
  const id = (email: string) => people.find((p) => p.email === email)!.id;
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, tx.organizationId));
  const organization = { id: row!.id, name: row!.name, slug: row!.slug, fiscalYearStartMonth: row!.fiscalYearStartMonth, timeZone: row!.timeZone, policy: readPolicy(row!.policy) };
  /** Runs a mutation as a demo person and records its audit entries with them as the actor. */
  const run = async <T>(email: string, step: (ctx: OrgActionContext) => Promise<T>) => {
    const entries: AuditEntry[] = [];
    const ctx: OrgActionContext = {
      tx,
      organization,
      actor: { userId: id(email), role: 'member', headOf: [], memberOf: [] },
      now,
      today: organizationToday(organization, now),
      audit: (e) => void entries.push(e),
      unchanged: () => {},
    };
    const result = await step(ctx);
    await appendAudit(tx, id(email), entries);
    return result;
  };
  const kpiId = async (name: string) =>
    (await tx.select({ id: kpis.id }).from(kpis).where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.name, name))))[0]!.id;

  const waiting = await run('content@acme.test', async (ctx) =>
    createProposal(ctx, { kpiId: await kpiId('Website visitors'), kind: 'create', summary: 'Traffic is the top of our funnel: Content should answer for it.' }),
  );
  const waitingSubmitted = await run('content@acme.test', (ctx) =>
    submitProposal(ctx, { proposalId: waiting.id, version: waiting.version, reviewerIds: [id('paid@acme.test'), id('analyst@acme.test')] }),
  );
  await run('paid@acme.test', (ctx) => voteOnProposal(ctx, { proposalId: waitingSubmitted.id, choice: 'agree', comment: 'Yes — and we will watch paid traffic separately.' }));
  await run('analyst@acme.test', (ctx) => voteOnProposal(ctx, { proposalId: waitingSubmitted.id, choice: 'agree', comment: '' }));

  const objected = await run('sales@acme.test', async (ctx) =>
    createProposal(ctx, { kpiId: await kpiId('Average deal value'), kind: 'create', summary: 'Bigger deals, fewer discounts.' }),
  );
  const objectedSubmitted = await run('sales@acme.test', (ctx) =>
    submitProposal(ctx, { proposalId: objected.id, version: objected.version, reviewerIds: [id('east@acme.test'), id('west@acme.test')] }),
  );
  await run('east@acme.test', (ctx) => voteOnProposal(ctx, { proposalId: objectedSubmitted.id, choice: 'agree', comment: '' }));
  await run('west@acme.test', (ctx) =>
    voteOnProposal(ctx, { proposalId: objectedSubmitted.id, choice: 'object', comment: 'A few large deals swing the average; the median would tell us more.' }),
  );
}
