import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Database } from '@/db';
import { auditLog, emailOutbox, kpiProposals, kpis, kpiTargets, notifications, organizations, orgUnits, proposalVotes, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from '@/lib/action-runner';
import { readPolicy } from '@/lib/organizations/policy';
import { proposalActions } from './actions';
import { sendDueReminders } from './reminders';

type Org = Awaited<ReturnType<typeof makeOrganization>>;

async function world(db: Database, name: string) {
  const org = await makeOrganization(db, name, ['owner', 'admin', 'member', 'member', 'member', 'member', 'viewer']);
  const [deptHead, teamLead, alice, bob] = org.people.filter((p) => p.role === 'member').map((p) => p.id);
  const units = await db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select().from(orgUnits);
    const [dept] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Marketing' }).returning();
    const [team] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: dept!.id, kind: 'team', name: 'Paid Media' }).returning();
    await tx.insert(unitMemberships).values([
      { organizationId: org.id, unitId: dept!.id, userId: deptHead!, role: 'head' },
      { organizationId: org.id, unitId: team!.id, userId: teamLead!, role: 'head' },
      { organizationId: org.id, unitId: team!.id, userId: alice!, role: 'member' },
    ]);
    return { company: company!.id, dept: dept!.id, team: team!.id };
  });
  const users = { owner: org.byRole('owner').id, admin: org.byRole('admin').id, deptHead: deptHead!, teamLead: teamLead!, alice: alice!, bob: bob!, viewer: org.byRole('viewer').id };
  return { org, units, users };
}

type World = Awaited<ReturnType<typeof world>>;

/** A draft KPI in a unit, with a target, inserted directly. */
async function draftKpi(db: Database, w: World, unitId = w.units.team, name = `Paid conversion ${Math.random().toString(36).slice(2, 7)}`) {
  return db.withTenant(w.org.id, async (tx) => {
    const [kpi] = await tx
      .insert(kpis)
      .values({ organizationId: w.org.id, unitId, name, unit: 'percent', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '3', createdBy: w.users.teamLead })
      .returning();
    await tx.insert(kpiTargets).values({ organizationId: w.org.id, kpiId: kpi!.id, periodKey: '2026-03', value: 4 });
    return kpi!;
  });
}

/** Every action runs at this moment (a Tuesday), whatever the day the suite runs on. */
const now = new Date('2026-03-10T09:00:00Z');

describeEachDatabase('proposals', (db) => {
  let w: World;
  let other: World;
  const act = async <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object, org: Org = w.org, clock = { now }) =>
    runOrgAction(db(), user, org.slug, definition, input, clock);
  const ok = async <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object) => {
    const result = await act(user, definition, input);
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };
  /** A proposal for a new team KPI, submitted to the given reviewers. */
  const inReview = async (reviewerIds: string[], unitId?: string, proposer = w.users.teamLead) => {
    const kpi = await draftKpi(db(), w, unitId);
    const proposal = await ok(proposer, proposalActions.create, { kpiId: kpi.id, kind: 'create', summary: 'A new KPI' });
    const submitted = await ok(proposer, proposalActions.submit, { proposalId: proposal.id, version: proposal.version, reviewerIds });
    return { kpi, proposal: submitted };
  };
  const count = async (table: typeof auditLog | typeof notifications, where: ReturnType<typeof and>) =>
    (await db().withTenant(w.org.id, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(table).where(where)))[0]!.n;

  const setPolicy = (policy: object) => db().owner.update(organizations).set({ policy: readPolicy(policy) }).where(eq(organizations.id, w.org.id));

  beforeAll(async () => {
    w = await world(db(), 'Proposal Co');
    other = await world(db(), 'Elsewhere');
  });

  it('goes from objection through revision to consensus and approval, making the definition live', async () => {
    const { kpi, proposal } = await inReview([w.users.alice, w.users.bob]);
    expect(proposal).toMatchObject({ state: 'in_review', number: 1 });
    const objection = await act(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'object' });
    expect(!objection.ok && objection.fieldErrors?.comment).toEqual(['Say what you object to']);
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'object', comment: 'The target is too low' });
    await ok(w.users.bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    const early = await act(w.users.deptHead, proposalActions.approve, { proposalId: proposal.id, version: proposal.version });
    expect(early).toMatchObject({ ok: false, code: 'conflict' });
    expect(!early.ok && early.error).toMatch(/no consensus yet \(1 agree, 1 object/);
    const rejected = await ok(w.users.deptHead, proposalActions.reject, { proposalId: proposal.id, version: proposal.version, reason: 'Raise the target' });
    const revised = await ok(w.users.teamLead, proposalActions.revise, { proposalId: proposal.id, version: rejected.version });
    expect(revised.state).toBe('draft');
    const edited = await ok(w.users.teamLead, proposalActions.edit, {
      proposalId: proposal.id,
      version: revised.version,
      summary: 'Higher target',
      targets: [{ periodKey: '2026-03', value: '5' }],
      unitId: w.units.team,
      name: kpi.name,
      unit: 'percent',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      source: 'formula',
      formula: '3',
    });
    const again = await ok(w.users.teamLead, proposalActions.submit, { proposalId: proposal.id, version: edited.version, reviewerIds: [w.users.alice, w.users.bob] });
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree', comment: 'Better' });
    await ok(w.users.bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });

    expect(await act(w.users.alice, proposalActions.approve, { proposalId: proposal.id, version: again.version })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await act(w.users.teamLead, proposalActions.approve, { proposalId: proposal.id, version: again.version })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await act(w.users.viewer, proposalActions.approve, { proposalId: proposal.id, version: again.version })).toMatchObject({ ok: false, code: 'forbidden' });
    const approved = await ok(w.users.deptHead, proposalActions.approve, { proposalId: proposal.id, version: again.version });
    expect(approved.state).toBe('approved');

    const [live] = await db().withTenant(w.org.id, (tx) => tx.select().from(kpis).where(eq(kpis.id, kpi.id)));
    expect(live?.state).toBe('active');
    // Both rounds of votes are kept: the objection, then the agreement after the revision.
    const history = await db().withTenant(w.org.id, (tx) => tx.select({ choice: proposalVotes.choice, reviewerId: proposalVotes.reviewerId }).from(proposalVotes).where(eq(proposalVotes.proposalId, proposal.id)));
    expect(history.filter((v) => v.reviewerId === w.users.alice).map((v) => v.choice).sort()).toEqual(['agree', 'object']);
    const targets = await db().withTenant(w.org.id, (tx) => tx.select().from(kpiTargets).where(eq(kpiTargets.kpiId, kpi.id)));
    expect(targets).toMatchObject([{ periodKey: '2026-03', value: 5 }]);
    const actions = (await db().withTenant(w.org.id, (tx) => tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, proposal.id)))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['proposal.create', 'proposal.submit', 'proposal.vote', 'proposal.reject', 'proposal.revise', 'proposal.edit', 'proposal.approve']));
    expect(await count(notifications, and(eq(notifications.userId, w.users.teamLead), eq(notifications.kind, 'proposal.objection'))!)).toBeGreaterThanOrEqual(1);
  });

  it('takes an edit during review as an answer to the objection: votes start again on the new text', async () => {
    const { kpi, proposal } = await inReview([w.users.alice, w.users.bob]);
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'object', comment: 'Too low' });
    await ok(w.users.bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    const edited = await ok(w.users.teamLead, proposalActions.edit, {
      proposalId: proposal.id,
      version: proposal.version,
      targets: [{ periodKey: '2026-03', value: '6' }],
      unitId: w.units.team,
      name: kpi.name,
      unit: 'percent',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      source: 'formula',
      formula: '3',
    });
    expect(edited.state).toBe('in_review');
    const early = await act(w.users.deptHead, proposalActions.approve, { proposalId: proposal.id, version: edited.version });
    expect(!early.ok && early.error).toMatch(/0 agree, 0 object, 0 abstain, 2 still to vote/);
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    await ok(w.users.bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    // The approver who opened the page before the edit saw another text.
    expect(await act(w.users.deptHead, proposalActions.approve, { proposalId: proposal.id, version: proposal.version })).toMatchObject({ ok: false, code: 'conflict' });
    expect((await act(w.users.deptHead, proposalActions.approve, { proposalId: proposal.id, version: edited.version })).ok).toBe(true);
  });

  it('refuses an approval of a version the approver did not see', async () => {
    const { proposal } = await inReview([w.users.alice]);
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    const stale = await act(w.users.deptHead, proposalActions.approve, { proposalId: proposal.id, version: proposal.version - 1 });
    expect(stale).toMatchObject({ ok: false, code: 'conflict' });
    expect(!stale.ok && stale.error).toMatch(/changed since you opened it/);
  });

  it('lets only named reviewers vote, and keeps every vote in the history', async () => {
    const { proposal } = await inReview([w.users.alice]);
    expect(await act(w.users.bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' })).toMatchObject({ ok: false, code: 'forbidden' });
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'abstain' });
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    const rows = await db().withTenant(w.org.id, (tx) => tx.execute(sql`select choice, superseded_at is null as current from proposal_votes where proposal_id = ${proposal.id} order by cast_at`));
    const votes = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { choice: string; current: boolean }[];
    expect(votes.map((v) => [v.choice, v.current])).toEqual([['abstain', false], ['agree', true]]);
  });

  it('never lets the proposer approve their own proposal unless the organization allows it', async () => {
    const { proposal } = await inReview([w.users.alice], w.units.dept, w.users.owner);
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    const own = await act(w.users.owner, proposalActions.approve, { proposalId: proposal.id, version: proposal.version });
    expect(own).toMatchObject({ ok: false, code: 'forbidden', error: 'You proposed this, so someone else decides on it.' });
    await setPolicy({ allowSelfApproval: true });
    try {
      expect((await act(w.users.owner, proposalActions.approve, { proposalId: proposal.id, version: proposal.version })).ok).toBe(true);
    } finally {
      await setPolicy({});
    }
  });

  it('refuses submission over the vital-few limit in block mode', async () => {
    await setPolicy({ vitalFew: { mode: 'block', company: 5, department: 1, teamPerGoal: 2 } });
    try {
      const live = await draftKpi(db(), w, w.units.dept);
      await db().withTenant(w.org.id, (tx) => tx.update(kpis).set({ state: 'active' }).where(eq(kpis.id, live.id)));
      const kpi = await draftKpi(db(), w, w.units.dept);
      const proposal = await ok(w.users.admin, proposalActions.create, { kpiId: kpi.id, kind: 'create' });
      const refused = await act(w.users.admin, proposalActions.submit, { proposalId: proposal.id, version: proposal.version, reviewerIds: [w.users.alice] });
      expect(refused).toMatchObject({ ok: false, code: 'conflict' });
      expect(!refused.ok && refused.error).toMatch(/^Over the vital-few limit: 2 of 1 KPI/);
    } finally {
      await setPolicy({});
    }
  });

  it('is "not found" from another organization, and nothing changes', async () => {
    const { proposal } = await inReview([w.users.alice]);
    const before = await db().owner.select().from(kpiProposals).where(eq(kpiProposals.id, proposal.id));
    for (const [definition, input] of [
      [proposalActions.vote, { proposalId: proposal.id, choice: 'agree' }],
      [proposalActions.approve, { proposalId: proposal.id, version: proposal.version }],
      [proposalActions.comment, { proposalId: proposal.id, body: 'Hello' }],
      [proposalActions.withdraw, { proposalId: proposal.id, version: proposal.version }],
    ] as [OrgActionDefinition<never, unknown>, object][]) {
      expect(await act(other.users.owner, definition, input, other.org)).toMatchObject({ ok: false, code: 'not_found' });
    }
    expect(await db().owner.select().from(kpiProposals).where(eq(kpiProposals.id, proposal.id))).toEqual(before);
  });

  it('reminds reviewers who have not voted once, when half the review time has passed', async () => {
    const { proposal } = await inReview([w.users.alice, w.users.bob]);
    // Five working days: Tuesday 10 March to Tuesday 17 March; half of it is Friday 13 March, 21:00.
    expect(proposal).toMatchObject({ submittedAt: now, reviewDeadline: new Date('2026-03-17T09:00:00Z') });
    await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    const reminders = (userId: string) =>
      count(notifications, and(eq(notifications.kind, 'proposal.reminder'), eq(notifications.userId, userId), sql`${notifications.link} like ${`%${proposal.id}`}`)!);
    await sendDueReminders(db(), new Date('2026-03-13T20:59:00Z'));
    expect(await reminders(w.users.bob)).toBe(0);
    await Promise.all([sendDueReminders(db(), new Date('2026-03-13T21:01:00Z')), sendDueReminders(db(), new Date('2026-03-13T21:01:00Z'))]);
    await sendDueReminders(db(), new Date('2026-03-15T09:00:00Z'));
    expect(await reminders(w.users.bob)).toBe(1);
    expect(await reminders(w.users.alice)).toBe(0);
  });

  it("takes a chosen deadline after the organization's today, in its time zone", async () => {
    const submit = async (deadline: string, at: Date) => {
      const kpi = await draftKpi(db(), w);
      const proposal = await ok(w.users.teamLead, proposalActions.create, { kpiId: kpi.id, kind: 'create' });
      return act(w.users.teamLead, proposalActions.submit, { proposalId: proposal.id, version: proposal.version, reviewerIds: [w.users.alice], deadline }, w.org, { now: at });
    };
    const refused = { ok: false, error: 'The deadline has passed.', fieldErrors: { deadline: ['Choose a date after today'] } };
    expect(await submit('2026-03-10', now)).toMatchObject(refused);
    expect(await submit('2026-03-11', now)).toMatchObject({ ok: true, data: { reviewDeadline: new Date('2026-03-11T23:59:59Z') } });
    // 23:30 UTC on 10 March is already 11 March in Auckland: 11 March is today there, not a future day.
    await db().owner.update(organizations).set({ timeZone: 'Pacific/Auckland' }).where(eq(organizations.id, w.org.id));
    try {
      const late = new Date('2026-03-10T23:30:00Z');
      expect(await submit('2026-03-11', late)).toMatchObject(refused);
      expect((await submit('2026-03-12', late)).ok).toBe(true);
    } finally {
      await db().owner.update(organizations).set({ timeZone: 'UTC' }).where(eq(organizations.id, w.org.id));
    }
  });

  describe('under concurrency', () => {
    it('20 simultaneous approvals: one approval, one audit entry, one email per recipient', async () => {
      const { proposal } = await inReview([w.users.alice]);
      await ok(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
      const results = await Promise.all(
        Array.from({ length: 20 }, () => act(w.users.deptHead, proposalActions.approve, { proposalId: proposal.id, version: proposal.version })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const failed of results.filter((r) => !r.ok)) {
        expect(failed).toMatchObject({ code: 'conflict', error: expect.stringMatching(/^This proposal was already approved by .+ at \d\d:\d\d UTC\.$/) });
      }
      expect(await count(auditLog, and(eq(auditLog.entityId, proposal.id), eq(auditLog.action, 'proposal.approve'))!)).toBe(1);
      const emails = await db().withoutTenant((tx) =>
        tx.select({ to: emailOutbox.to }).from(emailOutbox).where(sql`${emailOutbox.text} like ${`%/proposals/${proposal.id}%`} and ${emailOutbox.subject} like 'Approved:%'`),
      );
      expect(emails.length).toBeGreaterThan(0);
      expect(new Set(emails.map((e) => e.to)).size).toBe(emails.length);
    });

    it('20 identical votes at once: one vote, one history row, one audit entry, one email; the same vote again changes nothing', async () => {
      const { proposal } = await inReview([w.users.alice, w.users.bob]);
      const vote = { proposalId: proposal.id, choice: 'object', comment: 'The target is too low' };
      const side = async () => ({
        history: (await db().withTenant(w.org.id, (tx) => tx.select().from(proposalVotes).where(eq(proposalVotes.proposalId, proposal.id)))).length,
        audit: await count(auditLog, and(eq(auditLog.entityId, proposal.id), eq(auditLog.action, 'proposal.vote'))!),
        notifications: await count(notifications, and(eq(notifications.kind, 'proposal.objection'), sql`${notifications.link} like ${`%${proposal.id}`}`)!),
        emails: (
          await db().withoutTenant((tx) =>
            tx.select({ to: emailOutbox.to }).from(emailOutbox).where(sql`${emailOutbox.text} like ${`%/proposals/${proposal.id}%`} and ${emailOutbox.subject} like '%objects to%'`),
          )
        ).length,
      });
      const results = await Promise.all(Array.from({ length: 20 }, () => act(w.users.alice, proposalActions.vote, vote)));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await side()).toEqual({ history: 1, audit: 1, notifications: 1, emails: 1 });
      expect(await act(w.users.alice, proposalActions.vote, vote)).toMatchObject({ ok: true, data: { consensus: { object: 1, waiting: 1 } } });
      expect(await side()).toEqual({ history: 1, audit: 1, notifications: 1, emails: 1 });
      // Another comment is another vote: the first one becomes history.
      await ok(w.users.alice, proposalActions.vote, { ...vote, comment: 'The target is far too low' });
      expect(await side()).toEqual({ history: 2, audit: 2, notifications: 2, emails: 2 });
    });

    it('two reviewers casting the deciding votes at once record consensus once (50 times)', async () => {
      for (let i = 0; i < 50; i++) {
        const { proposal } = await inReview([w.users.alice, w.users.bob]);
        const votes = await Promise.all([
          act(w.users.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' }),
          act(w.users.bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' }),
        ]);
        expect(votes.every((v) => v.ok)).toBe(true);
        const [row] = await db().owner.select().from(kpiProposals).where(eq(kpiProposals.id, proposal.id));
        expect(row?.consensusAt).not.toBeNull();
        const told = await count(notifications, and(eq(notifications.kind, 'proposal.consensus'), sql`${notifications.link} like ${`%${proposal.id}`}`, eq(notifications.userId, w.users.teamLead))!);
        expect(told).toBe(1);
      }
    }, 120_000);
  });
});
