import { describe, expect, it } from 'vitest';
import { consensusOf, decidersOf, mayDecide, nextState, proposalActions, proposalStates, type ProposalAction, type ProposalState } from './rules';

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

  it('tallies every kind of vote', () => {
    expect(consensusOf('majority', ['a', 'b', 'c', 'd'], votes([['a', 'agree'], ['b', 'abstain'], ['c', 'object']]))).toEqual({ reached: false, agree: 1, object: 1, abstain: 1, waiting: 1 });
  });
});

describe('who decides', () => {
  const units = new Map([
    ['company', { parentId: null, kind: 'company' as const }],
    ['marketing', { parentId: 'company', kind: 'department' as const }],
    ['paid', { parentId: 'marketing', kind: 'team' as const }],
    ['search', { parentId: 'paid', kind: 'team' as const }],
    ['brand', { parentId: 'marketing', kind: 'team' as const }],
    ['sales', { parentId: 'company', kind: 'department' as const }],
  ]);
  const base = { units, proposerId: 'proposer', allowSelfApproval: false };
  const team = { id: 'paid', kind: 'team' as const };
  const subTeam = { id: 'search', kind: 'team' as const };
  const dept = { id: 'marketing', kind: 'department' as const };
  const company = { id: 'company', kind: 'company' as const };
  const member = (userId: string, ...headOf: string[]) => ({ userId, role: 'member' as const, headOf });

  it('team KPIs: a head of a department above the team, not the team lead, not an owner', () => {
    expect(mayDecide({ ...base, unit: team, actor: member('h', 'marketing') })).toEqual({ ok: true });
    expect(mayDecide({ ...base, unit: team, actor: member('l', 'paid') })).toEqual({ ok: false, reason: 'Team KPIs are approved by a head of a department above the team.' });
    expect(mayDecide({ ...base, unit: team, actor: member('s', 'sales') }).ok).toBe(false);
    expect(mayDecide({ ...base, unit: team, actor: { userId: 'o', role: 'owner', headOf: [] } }).ok).toBe(false);
    expect(mayDecide({ ...base, unit: team, actor: { userId: 'a', role: 'admin', headOf: ['company'] } }).ok).toBe(false);
  });

  it('not the lead of a sibling team, nor of the sub-team below', () => {
    expect(mayDecide({ ...base, unit: team, actor: member('b', 'brand') }).ok).toBe(false);
    expect(mayDecide({ ...base, unit: team, actor: member('c', 'search') }).ok).toBe(false);
  });

  it('sub-team KPIs: a head of the department two levels up, not the lead of the parent team', () => {
    expect(mayDecide({ ...base, unit: subTeam, actor: member('h', 'marketing') })).toEqual({ ok: true });
    expect(mayDecide({ ...base, unit: subTeam, actor: member('l', 'paid') }).ok).toBe(false);
    expect(mayDecide({ ...base, unit: subTeam, actor: member('l', 'paid', 'search') }).ok).toBe(false);
  });

  it('never a viewer, even one recorded as head of the department', () => {
    const viewer = { userId: 'v', role: 'viewer' as const, headOf: ['marketing'] };
    expect(mayDecide({ ...base, unit: team, actor: viewer })).toEqual({ ok: false, reason: 'Viewers do not approve KPIs.' });
    expect(mayDecide({ ...base, unit: dept, actor: viewer }).ok).toBe(false);
    expect(mayDecide({ ...base, unit: team, actor: { ...viewer, userId: 'proposer' }, allowSelfApproval: true }).ok).toBe(false);
  });

  it('department and company KPIs: owners and admins', () => {
    expect(mayDecide({ ...base, unit: dept, actor: { userId: 'a', role: 'admin', headOf: [] } })).toEqual({ ok: true });
    expect(mayDecide({ ...base, unit: company, actor: { userId: 'o', role: 'owner', headOf: [] } })).toEqual({ ok: true });
    expect(mayDecide({ ...base, unit: dept, actor: member('h', 'marketing') })).toEqual({ ok: false, reason: 'Department and company KPIs are approved by an owner or admin.' });
    expect(mayDecide({ ...base, unit: company, actor: member('h', 'company') }).ok).toBe(false);
  });

  it('never the proposer, unless the organization allows it', () => {
    const actor = { userId: 'proposer', role: 'owner' as const, headOf: [] };
    expect(mayDecide({ ...base, unit: dept, actor })).toEqual({ ok: false, reason: 'You proposed this, so someone else decides on it.' });
    expect(mayDecide({ ...base, unit: dept, actor, allowSelfApproval: true })).toEqual({ ok: true });
    const head = member('proposer', 'marketing');
    expect(mayDecide({ ...base, unit: team, actor: head })).toEqual({ ok: false, reason: 'You proposed this, so someone else decides on it.' });
    expect(mayDecide({ ...base, unit: team, actor: head, allowSelfApproval: true })).toEqual({ ok: true });
    // Self-approval lets the proposer decide only where they would anyway.
    expect(mayDecide({ ...base, unit: team, actor: member('proposer', 'paid'), allowSelfApproval: true }).ok).toBe(false);
  });

  it('stops at a unit that is missing or loops back on itself', () => {
    const broken = new Map([
      ['a', { parentId: 'b', kind: 'team' as const }],
      ['b', { parentId: 'a', kind: 'team' as const }],
      ['orphan', { parentId: 'gone', kind: 'team' as const }],
    ]);
    expect(mayDecide({ ...base, units: broken, unit: { id: 'a', kind: 'team' }, actor: member('h', 'a', 'b') }).ok).toBe(false);
    expect(mayDecide({ ...base, units: broken, unit: { id: 'orphan', kind: 'team' }, actor: member('h', 'gone') }).ok).toBe(false);
    // A KPI's unit that the tree no longer has (archived meanwhile): nobody decides, and nothing throws.
    expect(mayDecide({ ...base, units: broken, unit: { id: 'vanished', kind: 'team' }, actor: member('h', 'a') }).ok).toBe(false);
  });

  it('decidersOf keeps exactly the candidates the rule accepts, in their order', () => {
    const candidates = [
      member('coHead', 'marketing'),
      member('proposer', 'marketing'),
      member('lead', 'paid'),
      { userId: 'viewerHead', role: 'viewer' as const, headOf: ['marketing'] },
      { userId: 'owner', role: 'owner' as const, headOf: [] },
      member('deptHead', 'sales', 'marketing'),
    ];
    expect(decidersOf({ ...base, unit: subTeam }, candidates)).toEqual(['coHead', 'deptHead']);
    expect(decidersOf({ ...base, unit: team, allowSelfApproval: true }, candidates)).toEqual(['coHead', 'proposer', 'deptHead']);
    expect(decidersOf({ ...base, unit: dept }, candidates)).toEqual(['owner']);
    expect(decidersOf({ ...base, unit: dept }, [])).toEqual([]);
  });
});
