import { and, asc, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TenantTx } from '@/db';
import { goals, kpiLinks, kpiProposals, kpis, memberships, metrics, orgUnits, proposalComments, proposalReviewers, proposalVotes, users } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import type { TargetCell } from '@/lib/kpis/mutations';
import { storedDefinition, type KpiDefinition } from '@/lib/kpis/schemas';
import { formulaParts } from '@/lib/kpis/view';
import type { OrgRole } from '@/lib/permissions';
import { consensusOf, mayDecide, type Consensus, type ProposalState, type VoteChoice } from './rules';

export type InboxActor = { userId: string; role: OrgRole; headOf: readonly string[] };
export type InboxPolicy = { consensus: Consensus; allowSelfApproval: boolean };

/** Proposal states the proposer still has work in: a rejected one can be revised. */
const openForProposer: ProposalState[] = ['draft', 'in_review', 'rejected'];

export type InboxRow = {
  id: string;
  number: number;
  kind: 'create' | 'change' | 'retire';
  state: ProposalState;
  kpiId: string;
  kpiName: string;
  unitName: string;
  proposerId: string | null;
  proposerName: string | null;
  submittedAt: Date | null;
  reviewDeadline: Date | null;
  tally: { agree: number; object: number; abstain: number; waiting: number; reached: boolean };
};

export type Inbox = { vote: InboxRow[]; decide: InboxRow[]; mine: InboxRow[] };

/**
 * The review inbox in four queries whatever the number of proposals: the
 * candidate proposals (everything in review, plus my own open ones), their
 * reviewers, their current votes and the unit tree for the approver rule.
 */
export async function listInbox(tx: TenantTx, actor: InboxActor, policy: InboxPolicy): Promise<Inbox> {
  const org = tx.organizationId;
  const rows = await tx
    .select({
      id: kpiProposals.id,
      number: kpiProposals.number,
      kind: kpiProposals.kind,
      state: kpiProposals.state,
      kpiId: kpiProposals.kpiId,
      definition: kpiProposals.definition,
      proposerId: kpiProposals.proposerId,
      proposerName: users.name,
      submittedAt: kpiProposals.submittedAt,
      reviewDeadline: kpiProposals.reviewDeadline,
      consensusAt: kpiProposals.consensusAt,
    })
    .from(kpiProposals)
    .leftJoin(memberships, and(eq(memberships.organizationId, kpiProposals.organizationId), eq(memberships.userId, kpiProposals.proposerId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(kpiProposals.organizationId, org),
        or(eq(kpiProposals.state, 'in_review'), and(eq(kpiProposals.proposerId, actor.userId), inArray(kpiProposals.state, openForProposer))),
      ),
    )
    .orderBy(asc(kpiProposals.reviewDeadline), desc(kpiProposals.submittedAt));
  if (rows.length === 0) return { vote: [], decide: [], mine: [] };

  const ids = rows.map((r) => r.id);
  const [reviewers, votes, units] = await Promise.all([
    tx
      .select({ proposalId: proposalReviewers.proposalId, userId: proposalReviewers.userId })
      .from(proposalReviewers)
      .where(and(eq(proposalReviewers.organizationId, org), inArray(proposalReviewers.proposalId, ids))),
    tx
      .select({ proposalId: proposalVotes.proposalId, reviewerId: proposalVotes.reviewerId, choice: proposalVotes.choice })
      .from(proposalVotes)
      .where(and(eq(proposalVotes.organizationId, org), inArray(proposalVotes.proposalId, ids), isNull(proposalVotes.supersededAt))),
    tx
      .select({ id: orgUnits.id, parentId: orgUnits.parentId, kind: orgUnits.kind, name: orgUnits.name })
      .from(orgUnits)
      .where(eq(orgUnits.organizationId, org)),
  ]);
  const reviewersOf = groupBy(reviewers, (r) => r.proposalId);
  const votesOf = groupBy(votes, (v) => v.proposalId);
  const unitMap = new Map(units.map((u) => [u.id, { parentId: u.parentId, kind: u.kind, name: u.name }]));

  const inbox: Inbox = { vote: [], decide: [], mine: [] };
  for (const r of rows) {
    const definition = storedDefinition(r.definition);
    const named = (reviewersOf.get(r.id) ?? []).map((x) => x.userId);
    const current = new Map<string, VoteChoice>((votesOf.get(r.id) ?? []).map((v) => [v.reviewerId, v.choice]));
    const { reached, ...counts } = consensusOf(policy.consensus, named, current);
    const unit = unitMap.get(definition.unitId);
    const row: InboxRow = {
      id: r.id,
      number: r.number,
      kind: r.kind,
      state: r.state,
      kpiId: r.kpiId,
      kpiName: definition.name,
      unitName: unit?.name ?? '',
      proposerId: r.proposerId,
      proposerName: r.proposerName,
      submittedAt: r.submittedAt,
      reviewDeadline: r.reviewDeadline,
      tally: { ...counts, reached },
    };
    if (r.proposerId === actor.userId && openForProposer.includes(r.state)) inbox.mine.push(row);
    if (r.state !== 'in_review') continue;
    if (named.includes(actor.userId) && !current.has(actor.userId)) inbox.vote.push(row);
    if (reached && unit) {
      const verdict = mayDecide({
        actor,
        unit: { id: definition.unitId, kind: unit.kind },
        units: unitMap,
        proposerId: r.proposerId,
        allowSelfApproval: policy.allowSelfApproval,
      });
      if (verdict.ok) inbox.decide.push(row);
    }
  }
  return inbox;
}

export type InboxCounts = { vote: number; decide: number; mine: number; total: number };

/** The sidebar's badge: what waits for me (votes and decisions); my own proposals are counted apart. */
export async function getInboxCounts(tx: TenantTx, actor: InboxActor, policy: InboxPolicy): Promise<InboxCounts> {
  const inbox = await listInbox(tx, actor, policy);
  return { vote: inbox.vote.length, decide: inbox.decide.length, mine: inbox.mine.length, total: inbox.vote.length + inbox.decide.length };
}

/** Names of people of this organization, in one query. */
async function namesOf(tx: TenantTx, userIds: readonly (string | null)[]) {
  const ids = [...new Set(userIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ userId: memberships.userId, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, tx.organizationId), inArray(memberships.userId, ids)));
  return new Map(rows.map((r) => [r.userId, r.name]));
}

/**
 * One proposal with everything its page shows: the KPI, the reviewers and
 * their current votes, the whole vote history, the comments and the names of
 * everyone involved (five queries). Null when it is not this organization's.
 */
export async function getProposalDetail(tx: TenantTx, proposalId: string) {
  const org = tx.organizationId;
  const [row] = await tx
    .select({
      proposal: kpiProposals,
      kpi: { id: kpis.id, name: kpis.name, state: kpis.state, unitId: kpis.unitId, ownerId: kpis.ownerId, createdBy: kpis.createdBy, version: kpis.version },
    })
    .from(kpiProposals)
    .innerJoin(kpis, and(eq(kpis.organizationId, kpiProposals.organizationId), eq(kpis.id, kpiProposals.kpiId)))
    .where(and(eq(kpiProposals.organizationId, org), eq(kpiProposals.id, proposalId)));
  if (!row) return null;
  const [reviewers, votes, comments] = await Promise.all([
    tx
      .select({ userId: proposalReviewers.userId })
      .from(proposalReviewers)
      .where(and(eq(proposalReviewers.organizationId, org), eq(proposalReviewers.proposalId, proposalId))),
    tx
      .select({
        id: proposalVotes.id,
        reviewerId: proposalVotes.reviewerId,
        choice: proposalVotes.choice,
        comment: proposalVotes.comment,
        round: proposalVotes.round,
        castAt: proposalVotes.castAt,
        supersededAt: proposalVotes.supersededAt,
      })
      .from(proposalVotes)
      .where(and(eq(proposalVotes.organizationId, org), eq(proposalVotes.proposalId, proposalId)))
      .orderBy(asc(proposalVotes.castAt)),
    tx
      .select({ id: proposalComments.id, authorId: proposalComments.authorId, body: proposalComments.body, createdAt: proposalComments.createdAt })
      .from(proposalComments)
      .where(and(eq(proposalComments.organizationId, org), eq(proposalComments.proposalId, proposalId)))
      .orderBy(asc(proposalComments.createdAt)),
  ]);
  const { proposal, kpi } = row;
  const names = await namesOf(tx, [
    proposal.proposerId,
    proposal.decidedBy,
    kpi.ownerId,
    ...reviewers.map((r) => r.userId),
    ...votes.map((v) => v.reviewerId),
    ...comments.map((c) => c.authorId),
  ]);
  const name = (id: string | null) => (id ? (names.get(id) ?? 'Someone who has left') : null);
  const current = new Map(votes.filter((v) => v.supersededAt === null).map((v) => [v.reviewerId, v]));
  return {
    ...proposal,
    definition: storedDefinition(proposal.definition),
    targets: proposal.targets as TargetCell[],
    proposerName: name(proposal.proposerId),
    deciderName: name(proposal.decidedBy),
    kpi: { ...kpi, ownerName: name(kpi.ownerId) },
    reviewers: reviewers
      .map((r) => {
        const vote = current.get(r.userId);
        return { userId: r.userId, name: name(r.userId) ?? '', vote: vote ? { choice: vote.choice, comment: vote.comment, castAt: vote.castAt } : null };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    votes: votes.map((v) => ({ ...v, reviewerName: name(v.reviewerId) ?? '' })),
    comments: comments.map((c) => ({ ...c, authorName: name(c.authorId) ?? 'Someone who has left' })),
  };
}

export type ProposalDetail = NonNullable<Awaited<ReturnType<typeof getProposalDetail>>>;

/** A KPI's revisions, newest first, with the proposer's and the decider's names (one query). */
export async function listKpiRevisions(tx: TenantTx, kpiId: string) {
  const proposerMember = alias(memberships, 'proposer_member');
  const proposer = alias(users, 'proposer');
  const deciderMember = alias(memberships, 'decider_member');
  const decider = alias(users, 'decider');
  return tx
    .select({
      id: kpiProposals.id,
      number: kpiProposals.number,
      kind: kpiProposals.kind,
      state: kpiProposals.state,
      summary: kpiProposals.summary,
      proposerId: kpiProposals.proposerId,
      proposerName: proposer.name,
      createdAt: kpiProposals.createdAt,
      submittedAt: kpiProposals.submittedAt,
      decidedAt: kpiProposals.decidedAt,
      deciderName: decider.name,
    })
    .from(kpiProposals)
    .leftJoin(proposerMember, and(eq(proposerMember.organizationId, kpiProposals.organizationId), eq(proposerMember.userId, kpiProposals.proposerId)))
    .leftJoin(proposer, eq(proposer.id, proposerMember.userId))
    .leftJoin(deciderMember, and(eq(deciderMember.organizationId, kpiProposals.organizationId), eq(deciderMember.userId, kpiProposals.decidedBy)))
    .leftJoin(decider, eq(decider.id, deciderMember.userId))
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.kpiId, kpiId)))
    .orderBy(desc(kpiProposals.number));
}

export type KpiRevision = Awaited<ReturnType<typeof listKpiRevisions>>[number];

/**
 * What the proposal page needs around the definitions it shows: goal titles,
 * KPI names and the aggregations of the formulas' metrics (what an automatic
 * target roll-up infers) for the comparison, and the units of the KPIs it rolls
 * up from or into (their heads are suggested as reviewers). Three queries.
 */
export async function getProposalSurroundings(tx: TenantTx, kpiId: string, definitions: readonly KpiDefinition[]) {
  const org = tx.organizationId;
  const goalIds = [...new Set(definitions.map((d) => d.goalId).filter((id): id is string => !!id))];
  const contributorIds = [...new Set(definitions.flatMap((d) => d.contributors.map((c) => c.kpiId)))];
  const metricKeys = [...new Set(definitions.flatMap((d) => (d.formula ? formulaParts(d.formula).flatMap((p) => ('key' in p ? [p.key] : [])) : [])))];
  const [goalRows, related, metricRows] = await Promise.all([
    goalIds.length === 0
      ? Promise.resolve([])
      : tx.select({ id: goals.id, title: goals.title }).from(goals).where(and(eq(goals.organizationId, org), inArray(goals.id, goalIds))),
    tx
      .select({ id: kpis.id, name: kpis.name, unitId: kpis.unitId })
      .from(kpis)
      .where(
        and(
          eq(kpis.organizationId, org),
          or(
            contributorIds.length > 0 ? inArray(kpis.id, contributorIds) : undefined,
            inArray(
              kpis.id,
              tx
                .select({ id: kpiLinks.parentKpiId })
                .from(kpiLinks)
                .where(and(eq(kpiLinks.organizationId, org), eq(kpiLinks.childKpiId, kpiId))),
            ),
          ),
        ),
      ),
    metricKeys.length === 0
      ? Promise.resolve([])
      : tx
          .select({ key: metrics.key, aggregation: metrics.aggregation })
          .from(metrics)
          .where(and(eq(metrics.organizationId, org), inArray(metrics.key, metricKeys))),
  ]);
  return {
    goals: new Map(goalRows.map((g) => [g.id, g.title])),
    kpis: new Map(related.map((k) => [k.id, k.name])),
    metricAggregations: new Map(metricRows.map((m) => [m.key, m.aggregation])),
    relatedUnitIds: [...new Set(related.map((k) => k.unitId))],
  };
}
