import { describe, expect, it } from 'vitest';
import { consensusOf, mayDecide, nextState, proposalActions, proposalStates, type ProposalAction, type ProposalState } from './rules';

describe('the proposal state machine', () => {
  // The whole table: every state × every action, allowed ones with their result.
  const allowed: Record<ProposalState, Partial<Record<ProposalAction, ProposalState>>> = {
    draft: { edit: 'draft', submit: 'in_review', comment: 'draft', withdraw: 'withdrawn' },
    in_review: { edit: 'in_review', vote: 'in_review', comment: 'in_review', approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
    rejected: { revise: 'draft', comment: 'rejected' },
    approved: { comment: 'approved' },
    withdrawn: { comment: 'withdrawn' },
  };
  for (const state of proposalStates) {
    for (const action of proposalActions) {
      const want = allowed[state][action];
      it(`${state} × ${action} → ${want ?? 'refused'}`, () => {
        const result = nextState(state, action);
        if (want) expect(result).toEqual({ ok: true, state: want });
        else expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^This proposal is .+, so it cannot be .+\.$/) });
      });
    }
  }

  it('says why in words people use', () => {
    expect(nextState('approved', 'approve')).toEqual({ ok: false, reason: 'This proposal is already approved, so it cannot be approved.' });
  });
});

describe('consensus', () => {
  const votes = (entries: [string, 'agree' | 'object' | 'abstain'][]) => new Map(entries);
  const reviewers = ['a', 'b', 'c'];

  it('unanimous: everyone voted, no objection, at least one agree', () => {
    expect(consensusOf('unanimous', reviewers, votes([['a', 'agree'], ['b', 'agree'], ['c', 'abstain']])).reached).toBe(true);
    expect(consensusOf('unanimous', reviewers, votes([['a', 'agree'], ['b', 'agree']])).reached).toBe(false);
    expect(consensusOf('unanimous', reviewers, votes([['a', 'agree'], ['b', 'agree'], ['c', 'object']])).reached).toBe(false);
    expect(consensusOf('unanimous', reviewers, votes([['a', 'abstain'], ['b', 'abstain'], ['c', 'abstain']])).reached).toBe(false);
  });

  it('majority: everyone voted, more agree than object', () => {
    expect(consensusOf('majority', reviewers, votes([['a', 'agree'], ['b', 'agree'], ['c', 'object']])).reached).toBe(true);
    expect(consensusOf('majority', reviewers, votes([['a', 'agree'], ['b', 'abstain'], ['c', 'object']])).reached).toBe(false);
    expect(consensusOf('majority', reviewers, votes([['a', 'agree'], ['b', 'agree']])).reached).toBe(false);
  });

  it('ignores votes of people who are not reviewers and counts who is still to vote', () => {
    expect(consensusOf('unanimous', ['a'], votes([['a', 'agree'], ['x', 'object']]))).toEqual({ reached: true, agree: 1, object: 0, abstain: 0, waiting: 0 });
    expect(consensusOf('unanimous', [], votes([])).reached).toBe(false);
  });
});

describe('who decides', () => {
  const units = new Map([
    ['company', { parentId: null, kind: 'company' as const }],
    ['marketing', { parentId: 'company', kind: 'department' as const }],
    ['paid', { parentId: 'marketing', kind: 'team' as const }],
    ['sales', { parentId: 'company', kind: 'department' as const }],
  ]);
  const base = { units, proposerId: 'proposer', allowSelfApproval: false };
  const team = { id: 'paid', kind: 'team' as const };
  const dept = { id: 'marketing', kind: 'department' as const };

  it('team KPIs: a head of a department above the team, not the team lead, not an owner', () => {
    expect(mayDecide({ ...base, unit: team, actor: { userId: 'h', role: 'member', headOf: ['marketing'] } })).toEqual({ ok: true });
    expect(mayDecide({ ...base, unit: team, actor: { userId: 'l', role: 'member', headOf: ['paid'] } }).ok).toBe(false);
    expect(mayDecide({ ...base, unit: team, actor: { userId: 's', role: 'member', headOf: ['sales'] } }).ok).toBe(false);
    expect(mayDecide({ ...base, unit: team, actor: { userId: 'o', role: 'owner', headOf: [] } }).ok).toBe(false);
  });

  it('department and company KPIs: owners and admins', () => {
    expect(mayDecide({ ...base, unit: dept, actor: { userId: 'a', role: 'admin', headOf: [] } })).toEqual({ ok: true });
    expect(mayDecide({ ...base, unit: dept, actor: { userId: 'h', role: 'member', headOf: ['marketing'] } }).ok).toBe(false);
  });

  it('never the proposer, unless the organization allows it', () => {
    const actor = { userId: 'proposer', role: 'owner' as const, headOf: [] };
    expect(mayDecide({ ...base, unit: dept, actor })).toEqual({ ok: false, reason: 'You proposed this, so someone else decides on it.' });
    expect(mayDecide({ ...base, unit: dept, actor, allowSelfApproval: true })).toEqual({ ok: true });
  });
});
