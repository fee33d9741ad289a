/**
 * The approval workflow's rules (product.md §4) as pure functions: which
 * action each state allows, when consensus is reached, and who may approve.
 */
export const proposalStates = ['draft', 'in_review', 'approved', 'rejected', 'withdrawn'] as const;
export type ProposalState = (typeof proposalStates)[number];
export const proposalActions = ['edit', 'submit', 'vote', 'comment', 'approve', 'reject', 'withdraw', 'revise'] as const;
export type ProposalAction = (typeof proposalActions)[number];

const transitions: Record<ProposalState, Partial<Record<ProposalAction, ProposalState>>> = {
  draft: { edit: 'draft', submit: 'in_review', comment: 'draft', withdraw: 'withdrawn' },
  // Editing in review answers an objection; the reviewers then vote on the new text afresh.
  in_review: { edit: 'in_review', vote: 'in_review', comment: 'in_review', approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
  // A rejected proposal goes back to draft to be revised and submitted again.
  rejected: { revise: 'draft', comment: 'rejected' },
  approved: { comment: 'approved' },
  withdrawn: { comment: 'withdrawn' },
};

const stateWords: Record<ProposalState, string> = {
  draft: 'still a draft',
  in_review: 'in review',
  approved: 'already approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

const actionWords: Record<ProposalAction, string> = {
  edit: 'edited',
  submit: 'submitted',
  vote: 'voted on',
  comment: 'commented on',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  revise: 'revised',
};

/** The state after `action`, or why it is not possible in `state`. */
export function nextState(state: ProposalState, action: ProposalAction): { ok: true; state: ProposalState } | { ok: false; reason: string } {
  const next = transitions[state][action];
  if (next) return { ok: true, state: next };
  return { ok: false, reason: `This proposal is ${stateWords[state]}, so it cannot be ${actionWords[action]}.` };
}

export type Consensus = 'unanimous' | 'majority';
export type VoteChoice = 'agree' | 'object' | 'abstain';

/**
 * unanimous: every reviewer voted, nobody objects, at least one agrees.
 * majority: every reviewer voted, more agree than object.
 */
export function consensusOf(rule: Consensus, reviewers: readonly string[], votes: ReadonlyMap<string, VoteChoice>) {
  const cast = reviewers.map((r) => votes.get(r)).filter((v): v is VoteChoice => v !== undefined);
  const count = (choice: VoteChoice) => cast.filter((v) => v === choice).length;
  const tally = { agree: count('agree'), object: count('object'), abstain: count('abstain'), waiting: reviewers.length - cast.length };
  const everyoneVoted = reviewers.length > 0 && tally.waiting === 0;
  const reached =
    everyoneVoted && (rule === 'unanimous' ? tally.object === 0 && tally.agree > 0 : tally.agree > tally.object);
  return { reached, ...tally };
}

/** A person as the approver rule sees them: their org role and the units they head. */
export type DecisionCandidate = { userId: string; role: 'owner' | 'admin' | 'member' | 'viewer'; headOf: readonly string[] };

/** What the rule needs to know about the proposal. */
export type DecisionScope = {
  /** The KPI's unit and its layer. */
  unit: { id: string; kind: 'company' | 'department' | 'team' };
  /** Each unit's parent and kind, for finding the departments above a team. */
  units: ReadonlyMap<string, { parentId: string | null; kind: 'company' | 'department' | 'team' }>;
  proposerId: string | null;
  allowSelfApproval: boolean;
};

export type ApproverCheck = DecisionScope & { actor: DecisionCandidate };

/**
 * The approver rule, the only statement of it (product.md §4): team KPIs are
 * approved by a head of a department above the team (a lead of a team above
 * a sub-team is not enough); department and company KPIs by an owner or
 * admin. Viewers never decide, and nobody decides on their own proposal
 * unless the organization allows it. Everything else — the decision, the
 * inbox, the reminders and the notifications — asks this function.
 */
export function mayDecide(check: ApproverCheck): { ok: true } | { ok: false; reason: string } {
  const { actor, unit, units } = check;
  if (actor.role === 'viewer') return { ok: false, reason: 'Viewers do not approve KPIs.' };
  if (actor.userId === check.proposerId && !check.allowSelfApproval) {
    return { ok: false, reason: 'You proposed this, so someone else decides on it.' };
  }
  if (unit.kind !== 'team') {
    return actor.role === 'owner' || actor.role === 'admin'
      ? { ok: true }
      : { ok: false, reason: 'Department and company KPIs are approved by an owner or admin.' };
  }
  const heads = new Set(actor.headOf);
  const seen = new Set<string>();
  for (let id = units.get(unit.id)?.parentId ?? null; id && !seen.has(id); id = units.get(id)?.parentId ?? null) {
    seen.add(id);
    if (units.get(id)?.kind === 'department' && heads.has(id)) return { ok: true };
  }
  return { ok: false, reason: 'Team KPIs are approved by a head of a department above the team.' };
}

/** The candidates who may decide, in their order: the approver rule applied to each, so a list never disagrees with the decision. */
export function decidersOf(scope: DecisionScope, candidates: readonly DecisionCandidate[]): string[] {
  return candidates.filter((actor) => mayDecide({ ...scope, actor }).ok).map((c) => c.userId);
}
