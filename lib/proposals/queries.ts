import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { kpiLinks, kpiProposals, kpis, kpiTargets, memberships, orgUnits, proposalReviewers, proposalVotes, unitMemberships, users } from '@/db/schema';
import { ExpectedError } from '@/lib/errors';
import type { TargetCell } from '@/lib/kpis/mutations';
import { storedDefinition, type KpiDefinition } from '@/lib/kpis/schemas';
import { decidersOf, type DecisionCandidate, type VoteChoice } from './rules';

/** A KPI's current definition and targets, in the shape a proposal carries. */
export async function getKpiDefinition(tx: TenantTx, kpiId: string): Promise<{ definition: KpiDefinition; targets: TargetCell[] }> {
  const org = tx.organizationId;
  const [[kpi], links, targets] = await Promise.all([
    tx.select().from(kpis).where(and(eq(kpis.organizationId, org), eq(kpis.id, kpiId))),
    tx
      .select({ kpiId: kpiLinks.childKpiId, weight: kpiLinks.weight })
      .from(kpiLinks)
      .where(and(eq(kpiLinks.organizationId, org), eq(kpiLinks.parentKpiId, kpiId)))
      // Links keep no order; a stable one keeps a proposal's contributors (and any message naming them) the same on every read.
      .orderBy(kpiLinks.childKpiId),
    tx
      .select({ periodKey: kpiTargets.periodKey, value: kpiTargets.value, low: kpiTargets.low, high: kpiTargets.high })
      .from(kpiTargets)
      .where(and(eq(kpiTargets.organizationId, org), eq(kpiTargets.kpiId, kpiId)))
      .orderBy(kpiTargets.periodKey),
  ]);
  if (!kpi) throw new ExpectedError('This KPI does not exist (or no longer does).', undefined, 'not_found');
  return {
    definition: {
      unitId: kpi.unitId,
      goalId: kpi.goalId,
      name: kpi.name,
      description: kpi.description,
      ownerId: kpi.ownerId,
      unit: kpi.unit,
      currencyCode: kpi.currencyCode,
      direction: kpi.direction,
      frequency: kpi.frequency,
      indicator: kpi.indicator,
      horizon: kpi.horizon,
      baselineValue: kpi.baselineValue,
      baselineDate: kpi.baselineDate,
      weight: kpi.weight,
      source: kpi.source,
      formula: kpi.formula,
      rollupMethod: kpi.rollupMethod,
      contributors: links,
      targetRollup: kpi.targetRollup,
      greenAt: kpi.statusThresholds?.green ?? null,
      amberAt: kpi.statusThresholds?.amber ?? null,
    },
    targets,
  };
}

/**
 * Revisions of one KPI with the definition and targets each carries (one
 * query). Ids of another KPI or organization are simply absent from the result.
 */
export async function listRevisionDefinitions(tx: TenantTx, kpiId: string, proposalIds: readonly string[]) {
  if (proposalIds.length === 0) return [];
  const rows = await tx
    .select({
      id: kpiProposals.id,
      number: kpiProposals.number,
      state: kpiProposals.state,
      proposerId: kpiProposals.proposerId,
      definition: kpiProposals.definition,
      targets: kpiProposals.targets,
    })
    .from(kpiProposals)
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.kpiId, kpiId), inArray(kpiProposals.id, [...proposalIds])));
  return rows.map((r) => ({ ...r, definition: storedDefinition(r.definition), targets: r.targets as TargetCell[] }));
}

/** The proposal row, locked for the rest of the transaction so concurrent decisions queue behind each other. */
export async function lockProposal(tx: TenantTx, proposalId: string) {
  const [row] = await tx
    .select()
    .from(kpiProposals)
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.id, proposalId)))
    .for('update');
  if (!row) throw new ExpectedError('This proposal does not exist (or no longer does).', undefined, 'not_found');
  return row;
}

export type ProposalRow = Awaited<ReturnType<typeof lockProposal>>;

/** The named reviewers and their current votes. */
export async function getReviewState(tx: TenantTx, proposalId: string) {
  const [reviewers, votes] = await Promise.all([
    tx
      .select({ userId: proposalReviewers.userId })
      .from(proposalReviewers)
      .where(and(eq(proposalReviewers.organizationId, tx.organizationId), eq(proposalReviewers.proposalId, proposalId))),
    tx
      .select({ reviewerId: proposalVotes.reviewerId, choice: proposalVotes.choice })
      .from(proposalVotes)
      .where(
        and(eq(proposalVotes.organizationId, tx.organizationId), eq(proposalVotes.proposalId, proposalId), isNull(proposalVotes.supersededAt)),
      ),
  ]);
  return { reviewers: reviewers.map((r) => r.userId), votes: new Map<string, VoteChoice>(votes.map((v) => [v.reviewerId, v.choice])) };
}

/** A reviewer's current vote with its comment, or null. */
export async function getCurrentVote(tx: TenantTx, proposalId: string, reviewerId: string) {
  const [vote] = await tx
    .select({ choice: proposalVotes.choice, comment: proposalVotes.comment })
    .from(proposalVotes)
    .where(
      and(
        eq(proposalVotes.organizationId, tx.organizationId),
        eq(proposalVotes.proposalId, proposalId),
        eq(proposalVotes.reviewerId, reviewerId),
        isNull(proposalVotes.supersededAt),
      ),
    );
  return vote ?? null;
}

/** The KPI's unit, with every unit's parent and kind (for the approver rule). */
export async function getUnitsForDecision(tx: TenantTx, unitId: string) {
  const rows = await tx
    .select({ id: orgUnits.id, parentId: orgUnits.parentId, kind: orgUnits.kind })
    .from(orgUnits)
    .where(eq(orgUnits.organizationId, tx.organizationId));
  const units = new Map(rows.map((u) => [u.id, { parentId: u.parentId, kind: u.kind }]));
  const unit = units.get(unitId);
  if (!unit) throw new ExpectedError('This unit does not exist.', undefined, 'not_found');
  return { unit: { id: unitId, kind: unit.kind }, units };
}

/**
 * Everyone of the organization with their org role and the units they head:
 * the people the approver rule chooses from (one query, whatever their number).
 */
export async function listDecisionCandidates(tx: TenantTx): Promise<DecisionCandidate[]> {
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role, headOf: unitMemberships.unitId })
    .from(memberships)
    .leftJoin(
      unitMemberships,
      and(eq(unitMemberships.organizationId, memberships.organizationId), eq(unitMemberships.userId, memberships.userId), eq(unitMemberships.role, 'head')),
    )
    .where(eq(memberships.organizationId, tx.organizationId))
    .orderBy(memberships.userId);
  const people = new Map<string, { userId: string; role: DecisionCandidate['role']; headOf: string[] }>();
  for (const row of rows) {
    const person = people.get(row.userId) ?? { userId: row.userId, role: row.role, headOf: [] };
    if (row.headOf) person.headOf.push(row.headOf);
    people.set(row.userId, person);
  }
  return [...people.values()];
}

/**
 * Who may decide on a proposal for a KPI of this unit, by the one approver
 * rule (rules.ts decidersOf), in two queries whatever the size of the organization.
 */
export async function listDeciders(tx: TenantTx, proposal: { unitId: string; proposerId: string | null }, policy: { allowSelfApproval: boolean }): Promise<string[]> {
  const [{ unit, units }, candidates] = await Promise.all([getUnitsForDecision(tx, proposal.unitId), listDecisionCandidates(tx)]);
  return decidersOf({ unit, units, proposerId: proposal.proposerId, allowSelfApproval: policy.allowSelfApproval }, candidates);
}

/** The name of a person of this organization, for "already approved by Dana". */
export async function getPersonName(tx: TenantTx, userId: string | null): Promise<string> {
  if (!userId) return 'someone';
  const [row] = await tx
    .select({ name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, userId)));
  return row?.name ?? 'someone who has left';
}

/** The next revision number of a KPI. */
export async function nextProposalNumber(tx: TenantTx, kpiId: string): Promise<number> {
  const [last] = await tx
    .select({ number: kpiProposals.number })
    .from(kpiProposals)
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.kpiId, kpiId)))
    .orderBy(desc(kpiProposals.number))
    .limit(1);
  return (last?.number ?? 0) + 1;
}
