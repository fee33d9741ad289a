import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { kpiProposals, kpis, memberships, proposalComments, proposalReviewers, proposalVotes } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { forbiddenError } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import { applyApprovedDefinition, assertSavedSumAddsUp, checkTargetCells, resolveDefinition, type TargetCell } from '@/lib/kpis/mutations';
import { storedDefinition, type KpiDefinition } from '@/lib/kpis/schemas';
import { can, canAnywhere } from '@/lib/permissions';
import { getUnitParents } from '@/lib/units/queries';
import { vitalFewBudget } from '@/lib/scoring';
import { countVitalFew } from './budget';
import { tellPeople, type ProposalMessage } from './messages';
import { getCurrentVote, getKpiDefinition, getPersonName, getReviewState, getUnitsForDecision, listDeciders, lockProposal, nextProposalNumber, type ProposalRow } from './queries';
import { consensusOf, mayDecide, nextState, type ProposalAction } from './rules';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit' | 'organization' | 'now' | 'today'>;
type VoteCtx = Ctx & Pick<OrgActionContext, 'unchanged'>;

const conflict = (message: string) => new ExpectedError(message, undefined, 'conflict');
const time = (date: Date) => date.toISOString().slice(11, 16);

/** The proposal's unit (its definition's), for permission checks; "not found" when it is not this organization's. */
export async function getProposalUnitId(tx: TenantTx, proposalId: string): Promise<string> {
  const [row] = await tx
    .select({ unitId: kpis.unitId })
    .from(kpiProposals)
    .innerJoin(kpis, and(eq(kpis.organizationId, kpiProposals.organizationId), eq(kpis.id, kpiProposals.kpiId)))
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, proposalId)));
  if (!row) throw new ExpectedError('This proposal does not exist (or no longer does).', undefined, 'not_found');
  return row.unitId;
}

/**
 * The guard every state change passes: the action is allowed in the current
 * state, and the person saw the current version. Someone else's decision is
 * named ("already approved by Dana at 10:42").
 */
async function assertCanAct(tx: TenantTx, row: ProposalRow, action: ProposalAction, version?: number) {
  const next = nextState(row.state, action);
  if (!next.ok) {
    if ((row.state === 'approved' || row.state === 'rejected') && row.decidedAt) {
      const by = await getPersonName(tx, row.decidedBy);
      throw conflict(`This proposal was already ${row.state} by ${by} at ${time(row.decidedAt)} UTC.`);
    }
    throw conflict(next.reason);
  }
  if (version !== undefined && version !== row.version) {
    throw conflict('This proposal changed since you opened it. Reload the page to see the latest version, then try again.');
  }
  return next.state;
}

const link = (ctx: Ctx, proposalId: string) => `/${ctx.organization.slug}/proposals/${proposalId}`;

async function kpiName(tx: TenantTx, kpiId: string) {
  const [row] = await tx.select({ name: kpis.name, ownerId: kpis.ownerId }).from(kpis).where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpiId)));
  return row!;
}

function definitionOf(row: ProposalRow) {
  return { definition: storedDefinition(row.definition), targets: row.targets as TargetCell[] };
}

/** Opens a numbered proposal for a KPI, starting from its current definition and targets. */
export async function createProposal(ctx: Ctx, input: { kpiId: string; kind: 'create' | 'change' | 'retire'; summary: string }) {
  const { tx } = ctx;
  const [kpi] = await tx
    .select({ state: kpis.state, name: kpis.name, unitId: kpis.unitId })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, input.kpiId)))
    .for('update');
  if (!kpi) throw new ExpectedError('This KPI does not exist (or no longer does).', undefined, 'not_found');
  const fits = { create: 'draft', change: 'active', retire: 'active' } as const;
  if (kpi.state !== fits[input.kind]) {
    throw conflict(
      input.kind === 'create' ? `${kpi.name} is already ${kpi.state}: propose a change instead.` : `${kpi.name} is ${kpi.state}: only a live KPI can be changed or retired.`,
    );
  }
  const [open] = await tx
    .select({ number: kpiProposals.number })
    .from(kpiProposals)
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.kpiId, input.kpiId), inArray(kpiProposals.state, ['draft', 'in_review'])));
  if (open) throw conflict(`${kpi.name} already has an open proposal (revision ${open.number}). Finish or withdraw it first.`);
  const { definition, targets } = await getKpiDefinition(tx, input.kpiId);
  // A sum saved before the guardrail, or whose contributor changed its unit since, is not proposed; it may still be retired.
  if (input.kind !== 'retire') await assertSavedSumAddsUp(tx, definition);
  const [row] = await tx
    .insert(kpiProposals)
    .values({
      organizationId: tx.organizationId,
      kpiId: input.kpiId,
      number: await nextProposalNumber(tx, input.kpiId),
      kind: input.kind,
      definition,
      targets,
      summary: input.summary,
      proposerId: ctx.actor.userId,
    })
    .returning();
  ctx.audit({ action: 'proposal.create', entityType: 'kpi_proposal', entityId: row!.id, unitId: kpi.unitId, after: row });
  return row!;
}

/**
 * Edits a proposal's definition and targets (checked as a KPI would be). In
 * review, an edit answers the reviewers: their votes were on the old text, so
 * they become history and everyone votes again.
 */
export async function editProposal(ctx: Ctx, input: KpiDefinition & { proposalId: string; version: number; summary: string; targets: TargetCell[] }) {
  const { tx } = ctx;
  const before = await lockProposal(tx, input.proposalId);
  await assertCanAct(tx, before, 'edit', input.version);
  const { proposalId, version, summary, targets, ...definition } = input;
  void version;
  await resolveDefinition(tx, definition, before.kpiId);
  checkTargetCells({ id: before.kpiId, frequency: definition.frequency, direction: definition.direction }, targets, {
    fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth,
  });
  const inReview = before.state === 'in_review';
  if (inReview) {
    await tx
      .update(proposalVotes)
      .set({ supersededAt: sql`now()` })
      .where(and(eq(proposalVotes.organizationId, tx.organizationId), eq(proposalVotes.proposalId, before.id), isNull(proposalVotes.supersededAt)));
  }
  const [after] = await tx
    .update(kpiProposals)
    .set({ definition, targets, summary, consensusAt: null, version: sql`${kpiProposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, proposalId)))
    .returning();
  ctx.audit({ action: 'proposal.edit', entityType: 'kpi_proposal', entityId: proposalId, unitId: definition.unitId, before, after });
  if (inReview) {
    const { reviewers } = await getReviewState(tx, before.id);
    await tellPeople(tx, ctx.organization.name, reviewers, ctx.actor.userId, {
      kind: 'proposal.review_requested',
      title: `Revised: ${definition.name}`,
      body: `${await getPersonName(tx, ctx.actor.userId)} changed revision ${before.number} after the review began. Your earlier vote is kept in the history; please vote on the new text.`,
      link: link(ctx, before.id),
    });
  }
  return after!;
}

/** Five working days (Monday to Friday) after `from`. */
export function defaultReviewDeadline(from: Date): Date {
  const date = new Date(from);
  for (let added = 0; added < 5; ) {
    date.setUTCDate(date.getUTCDate() + 1);
    const day = date.getUTCDay();
    if (day !== 0 && day !== 6) added++;
  }
  return date;
}

/** Sends a draft to its reviewers; the vital-few budget is checked (and enforced in `block` mode). */
export async function submitProposal(ctx: Ctx, input: { proposalId: string; version: number; reviewerIds: string[]; deadline?: string }) {
  const { tx, now } = ctx;
  const before = await lockProposal(tx, input.proposalId);
  const state = await assertCanAct(tx, before, 'submit', input.version);
  const { definition } = definitionOf(before);
  const reviewerIds = [...new Set(input.reviewerIds)];
  if (reviewerIds.includes(before.proposerId ?? '')) {
    throw new ExpectedError('The proposer cannot review their own proposal.', { reviewerIds: ['Choose reviewers other than the proposer'] });
  }
  const members = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, tx.organizationId), inArray(memberships.userId, reviewerIds)));
  if (members.length !== reviewerIds.length) throw new ExpectedError('A reviewer is not a member of this organization.', { reviewerIds: ['Choose members of this organization'] }, 'not_found');
  if (members.some((m) => m.role === 'viewer')) throw new ExpectedError('Viewers do not review KPIs.', { reviewerIds: ['Viewers do not review KPIs'] });
  const deadline = input.deadline ? new Date(`${input.deadline}T23:59:59Z`) : defaultReviewDeadline(now);
  // "Today" is the organization's (in its time zone), which may already be tomorrow in UTC, or still yesterday.
  if (input.deadline && input.deadline <= ctx.today) throw new ExpectedError('The deadline has passed.', { deadline: ['Choose a date after today'] });

  if (before.kind !== 'retire') {
    await assertSavedSumAddsUp(tx, definition);
    await checkVitalFew(ctx, before, definition);
  }

  await tx.delete(proposalReviewers).where(and(eq(proposalReviewers.organizationId, tx.organizationId), eq(proposalReviewers.proposalId, before.id)));
  await tx.insert(proposalReviewers).values(reviewerIds.map((userId) => ({ organizationId: tx.organizationId, proposalId: before.id, userId })));
  const [after] = await tx
    .update(kpiProposals)
    .set({ state, submittedAt: now, reviewDeadline: deadline, consensusAt: null, remindedAt: null, version: sql`${kpiProposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, before.id)))
    .returning();
  ctx.audit({ action: 'proposal.submit', entityType: 'kpi_proposal', entityId: before.id, unitId: definition.unitId, before, after: { ...after, reviewerIds } });
  await tellPeople(tx, ctx.organization.name, reviewerIds, ctx.actor.userId, {
    kind: 'proposal.review_requested',
    title: `Review requested: ${definition.name}`,
    body: `${await getPersonName(tx, before.proposerId)} asks for your vote on revision ${before.number} of ${definition.name} by ${deadline.toISOString().slice(0, 10)}.`,
    link: link(ctx, before.id),
  });
  return after!;
}

/** Live and in-review KPIs count against the layer's limit (product.md §3); in `block` mode going over refuses the submission. */
async function checkVitalFew(ctx: Ctx, proposal: ProposalRow, definition: KpiDefinition) {
  const { unit } = await getUnitsForDecision(ctx.tx, definition.unitId);
  const counted = await countVitalFew(ctx.tx, { kpiId: proposal.kpiId, unitId: definition.unitId, goalId: definition.goalId, layer: unit.kind });
  const budget = vitalFewBudget({ layer: unit.kind, policy: ctx.organization.policy.vitalFew, counted, adding: 1 });
  if (budget.blocked) {
    throw new ExpectedError(`Over the vital-few limit: ${budget.message}. Retire a KPI first, or ask an owner to raise the limit.`, undefined, 'conflict');
  }
}

/**
 * A named reviewer's vote; changing it keeps the old one as history. Consensus
 * is recorded once, when reached. The vote they already cast (same choice,
 * same comment), say a double click or a retried request, changes nothing and
 * tells nobody; the proposal's lock makes simultaneous repeats queue and see it.
 */
export async function voteOnProposal(ctx: VoteCtx, input: { proposalId: string; choice: 'agree' | 'object' | 'abstain'; comment: string }) {
  const { tx, actor } = ctx;
  const row = await lockProposal(tx, input.proposalId);
  await assertCanAct(tx, row, 'vote');
  const before = await getReviewState(tx, row.id);
  if (!before.reviewers.includes(actor.userId)) throw new ExpectedError('Only the named reviewers vote on this proposal.', undefined, 'forbidden');
  const current = await getCurrentVote(tx, row.id, actor.userId);
  if (current && current.choice === input.choice && current.comment === (input.comment || null)) {
    ctx.unchanged();
    return { consensus: consensusOf(ctx.organization.policy.consensus, before.reviewers, before.votes) };
  }
  await tx
    .update(proposalVotes)
    .set({ supersededAt: sql`now()` })
    .where(
      and(
        eq(proposalVotes.organizationId, tx.organizationId),
        eq(proposalVotes.proposalId, row.id),
        eq(proposalVotes.reviewerId, actor.userId),
        isNull(proposalVotes.supersededAt),
      ),
    );
  await tx.insert(proposalVotes).values({
    organizationId: tx.organizationId,
    proposalId: row.id,
    reviewerId: actor.userId,
    choice: input.choice,
    comment: input.comment || null,
    round: row.version,
  });
  const votes = new Map(before.votes).set(actor.userId, input.choice);
  const consensus = consensusOf(ctx.organization.policy.consensus, before.reviewers, votes);
  const { definition } = definitionOf(row);
  const reachedNow = consensus.reached && !row.consensusAt;
  if (reachedNow || (!consensus.reached && row.consensusAt)) {
    await tx
      .update(kpiProposals)
      .set({ consensusAt: consensus.reached ? sql`now()` : null, updatedAt: sql`now()` })
      .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, row.id)));
  }
  ctx.audit({
    action: 'proposal.vote',
    entityType: 'kpi_proposal',
    entityId: row.id,
    unitId: definition.unitId,
    before: { vote: before.votes.get(actor.userId) ?? null },
    after: { vote: input.choice, comment: input.comment || null, consensus },
  });
  const voter = await getPersonName(tx, actor.userId);
  const message: ProposalMessage =
    input.choice === 'object'
      ? { kind: 'proposal.objection', title: `${voter} objects to ${definition.name}`, body: input.comment, link: link(ctx, row.id) }
      : { kind: 'proposal.vote', title: `${voter} voted ${input.choice} on ${definition.name}`, body: input.comment || `Revision ${row.number}.`, link: link(ctx, row.id) };
  await tellPeople(tx, ctx.organization.name, [row.proposerId], actor.userId, message);
  if (reachedNow) {
    await tellPeople(tx, ctx.organization.name, [row.proposerId, ...(await listDeciders(tx, { unitId: definition.unitId, proposerId: row.proposerId }, ctx.organization.policy))], actor.userId, {
      kind: 'proposal.consensus',
      title: `Consensus reached on ${definition.name}`,
      body: `All reviewers have voted (${consensus.agree} agree, ${consensus.object} object, ${consensus.abstain} abstain). It can now be approved.`,
      link: link(ctx, row.id),
    });
  }
  return { consensus };
}

export async function commentOnProposal(ctx: Ctx, input: { proposalId: string; body: string }) {
  const { tx } = ctx;
  const row = await lockProposal(tx, input.proposalId);
  await assertCanAct(tx, row, 'comment');
  await assertMaySee(ctx, row);
  const [comment] = await tx
    .insert(proposalComments)
    .values({ organizationId: tx.organizationId, proposalId: row.id, authorId: ctx.actor.userId, body: input.body })
    .returning();
  ctx.audit({ action: 'proposal.comment', entityType: 'kpi_proposal', entityId: row.id, unitId: definitionOf(row).definition.unitId, after: comment });
  return comment!;
}

/** Those who may see a proposal: heads above its unit, executives, the proposer, the KPI's owner and the reviewers. */
async function assertMaySee(ctx: Ctx, row: ProposalRow) {
  const { definition } = definitionOf(row);
  const parents = await getUnitParents(ctx.tx);
  const { reviewers } = await getReviewState(ctx.tx, row.id);
  const { ownerId } = await kpiName(ctx.tx, row.kpiId);
  const sees =
    reviewers.includes(ctx.actor.userId) ||
    can(ctx.actor, 'kpis.view_drafts', { unitId: definition.unitId, parents, ownerIds: [row.proposerId, ownerId] });
  if (!sees) throw new ExpectedError('This proposal does not exist (or no longer does).', undefined, 'not_found');
}

async function assertMayDecide(ctx: Ctx, row: ProposalRow) {
  const { definition } = definitionOf(row);
  const { unit, units } = await getUnitsForDecision(ctx.tx, definition.unitId);
  const verdict = mayDecide({
    actor: ctx.actor,
    unit,
    units,
    proposerId: row.proposerId,
    allowSelfApproval: ctx.organization.policy.allowSelfApproval,
  });
  if (!verdict.ok) throw new ExpectedError(verdict.reason, undefined, 'forbidden');
}

async function involved(tx: TenantTx, row: ProposalRow) {
  const { reviewers } = await getReviewState(tx, row.id);
  const { ownerId } = await kpiName(tx, row.kpiId);
  return [row.proposerId, ownerId, ...reviewers];
}

/** Approval makes the proposed definition and targets live, in this one transaction. */
export async function approveProposal(ctx: Ctx, input: { proposalId: string; version: number }) {
  const { tx } = ctx;
  const row = await lockProposal(tx, input.proposalId);
  const state = await assertCanAct(tx, row, 'approve', input.version);
  await assertMayDecide(ctx, row);
  const review = await getReviewState(tx, row.id);
  const consensus = consensusOf(ctx.organization.policy.consensus, review.reviewers, review.votes);
  if (!consensus.reached) {
    throw conflict(
      `There is no consensus yet (${consensus.agree} agree, ${consensus.object} object, ${consensus.abstain} abstain, ${consensus.waiting} still to vote). It can be rejected, or approved once the reviewers agree.`,
    );
  }
  const { definition, targets } = definitionOf(row);
  const applied = await applyApprovedDefinition(tx, ctx.organization, row.kpiId, definition, targets, row.kind === 'retire' ? 'retired' : 'active');
  const [after] = await tx
    .update(kpiProposals)
    .set({ state, decidedAt: sql`now()`, decidedBy: ctx.actor.userId, version: sql`${kpiProposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, row.id)))
    .returning();
  ctx.audit({ action: 'proposal.approve', entityType: 'kpi_proposal', entityId: row.id, unitId: definition.unitId, before: row, after });
  ctx.audit({ action: row.kind === 'retire' ? 'kpi.retire' : 'kpi.approve', entityType: 'kpi', entityId: row.kpiId, unitId: definition.unitId, before: applied.before, after: applied.after });
  await tellPeople(tx, ctx.organization.name, await involved(tx, row), ctx.actor.userId, {
    kind: 'proposal.approved',
    title: `Approved: ${definition.name}`,
    body: `${await getPersonName(tx, ctx.actor.userId)} approved revision ${row.number}; it is now ${row.kind === 'retire' ? 'retired' : 'live'}.`,
    link: link(ctx, row.id),
  });
  return after!;
}

/** Rejection needs a reason and may come at any time during review. */
export async function rejectProposal(ctx: Ctx, input: { proposalId: string; version: number; reason: string }) {
  const { tx } = ctx;
  const row = await lockProposal(tx, input.proposalId);
  const state = await assertCanAct(tx, row, 'reject', input.version);
  await assertMayDecide(ctx, row);
  const [after] = await tx
    .update(kpiProposals)
    .set({ state, decidedAt: sql`now()`, decidedBy: ctx.actor.userId, decisionReason: input.reason, version: sql`${kpiProposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, row.id)))
    .returning();
  const { definition } = definitionOf(row);
  ctx.audit({ action: 'proposal.reject', entityType: 'kpi_proposal', entityId: row.id, unitId: definition.unitId, before: row, after });
  await tellPeople(tx, ctx.organization.name, await involved(tx, row), ctx.actor.userId, {
    kind: 'proposal.rejected',
    title: `Rejected: ${definition.name}`,
    body: `${await getPersonName(tx, ctx.actor.userId)} rejected revision ${row.number}: ${input.reason}`,
    link: link(ctx, row.id),
  });
  return after!;
}

/** The proposer (or an owner or admin) takes a draft or a proposal in review back. */
export async function withdrawProposal(ctx: Ctx, input: { proposalId: string; version: number }) {
  const { tx, actor } = ctx;
  const row = await lockProposal(tx, input.proposalId);
  const state = await assertCanAct(tx, row, 'withdraw', input.version);
  if (row.proposerId !== actor.userId && !canAnywhere(actor.role, 'organization.update')) throw forbiddenError();
  const [after] = await tx
    .update(kpiProposals)
    .set({ state, version: sql`${kpiProposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, row.id)))
    .returning();
  ctx.audit({ action: 'proposal.withdraw', entityType: 'kpi_proposal', entityId: row.id, unitId: definitionOf(row).definition.unitId, before: row, after });
  return after!;
}

/** A rejected proposal goes back to draft for revision; its votes stay as history and the next round starts afresh. */
export async function reviseProposal(ctx: Ctx, input: { proposalId: string; version: number }) {
  const { tx } = ctx;
  const row = await lockProposal(tx, input.proposalId);
  const state = await assertCanAct(tx, row, 'revise', input.version);
  await tx
    .update(proposalVotes)
    .set({ supersededAt: sql`now()` })
    .where(and(eq(proposalVotes.organizationId, tx.organizationId), eq(proposalVotes.proposalId, row.id), isNull(proposalVotes.supersededAt)));
  const [after] = await tx
    .update(kpiProposals)
    .set({ state, decidedAt: null, decidedBy: null, consensusAt: null, version: sql`${kpiProposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, row.id)))
    .returning();
  ctx.audit({ action: 'proposal.revise', entityType: 'kpi_proposal', entityId: row.id, unitId: definitionOf(row).definition.unitId, before: row, after });
  return after!;
}
