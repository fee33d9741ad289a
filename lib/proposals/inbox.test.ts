import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Database } from '@/db';
import { kpis, orgUnits, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from '@/lib/action-runner';
import { proposalActions } from './actions';
import { getInboxCounts, getProposalDetail, listInbox, listKpiRevisions, type InboxActor } from './inbox';

const policy = { consensus: 'unanimous', allowSelfApproval: false } as const;
/** Every action runs at this moment, whatever the day the suite runs on. */
const now = new Date('2026-03-10T09:00:00Z');

async function world(db: Database, name: string) {
  const org = await makeOrganization(db, name, ['owner', 'member', 'member', 'member', 'member']);
  const [deptHead, teamLead, alice, bob] = org.people.filter((p) => p.role === 'member').map((p) => p.id) as [string, string, string, string];
  const units = await db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select().from(orgUnits);
    const [dept] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Marketing' }).returning();
    const [team] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: dept!.id, kind: 'team', name: 'Paid Media' }).returning();
    await tx.insert(unitMemberships).values([
      { organizationId: org.id, unitId: dept!.id, userId: deptHead, role: 'head' },
      { organizationId: org.id, unitId: team!.id, userId: teamLead, role: 'head' },
    ]);
    return { dept: dept!.id, team: team!.id };
  });
  const actor = (userId: string, headOf: string[] = []): InboxActor => ({ userId, role: 'member', headOf });
  return { org, units, users: { owner: org.byRole('owner').id, deptHead, teamLead, alice, bob }, actor };
}

describeEachDatabase('proposal inbox', (db) => {
  let w: Awaited<ReturnType<typeof world>>;
  let other: Awaited<ReturnType<typeof world>>;
  const ok = async <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object) => {
    const result = await runOrgAction(db(), user, w.org.slug, definition, input, { now });
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };
  const draftKpi = (name: string) =>
    db().withTenant(w.org.id, async (tx) => {
      const [kpi] = await tx
        .insert(kpis)
        .values({ organizationId: w.org.id, unitId: w.units.team, name, unit: 'percent', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '3', createdBy: w.users.teamLead })
        .returning();
      return kpi!;
    });
  const read = <T>(fn: (tx: Parameters<Parameters<Database['withTenant']>[1]>[0]) => Promise<T>, org = w.org) => db().withTenant(org.id, fn);

  beforeAll(async () => {
    w = await world(db(), 'Inbox Co');
    other = await world(db(), 'Inbox Elsewhere');
  });

  it('sorts proposals into my votes, my decisions and mine, with the tally', async () => {
    const a = await draftKpi('Click rate');
    const b = await draftKpi('Cost per lead');
    const pa = await ok(w.users.teamLead, proposalActions.create, { kpiId: a.id, kind: 'create', summary: '' });
    const sa = await ok(w.users.teamLead, proposalActions.submit, { proposalId: pa.id, version: pa.version, reviewerIds: [w.users.alice, w.users.bob] });
    const pb = await ok(w.users.teamLead, proposalActions.create, { kpiId: b.id, kind: 'create', summary: '' });
    await ok(w.users.teamLead, proposalActions.submit, { proposalId: pb.id, version: pb.version, reviewerIds: [w.users.alice] });
    await ok(w.users.alice, proposalActions.vote, { proposalId: pb.id, choice: 'agree' });
    await ok(w.users.alice, proposalActions.vote, { proposalId: pa.id, choice: 'object', comment: 'Too vague' });

    const bob = await read((tx) => listInbox(tx, w.actor(w.users.bob), policy));
    expect(bob.vote.map((r) => r.kpiName)).toEqual(['Click rate']);
    expect(bob.vote[0]).toMatchObject({ unitName: 'Paid Media', number: 1, kind: 'create', tally: { agree: 0, object: 1, abstain: 0, waiting: 1, reached: false } });
    expect(bob.decide).toEqual([]);

    const head = await read((tx) => listInbox(tx, w.actor(w.users.deptHead, [w.units.dept]), policy));
    expect(head.decide.map((r) => r.kpiName)).toEqual(['Cost per lead']);
    expect(head.vote).toEqual([]);

    const lead = await read((tx) => listInbox(tx, w.actor(w.users.teamLead, [w.units.team]), policy));
    expect(lead.mine.map((r) => r.kpiName).sort()).toEqual(['Click rate', 'Cost per lead']);
    // The proposer never decides on their own proposal, and a team lead does not approve team KPIs.
    expect(lead.decide).toEqual([]);
    expect(lead.mine.find((r) => r.id === sa.id)?.proposerName).toBeTruthy();

    expect(await read((tx) => getInboxCounts(tx, w.actor(w.users.alice), policy))).toMatchObject({ vote: 0, decide: 0 });
    expect(await read((tx) => getInboxCounts(tx, w.actor(w.users.deptHead, [w.units.dept]), policy))).toMatchObject({ vote: 0, decide: 1, total: 1 });
  });

  it('reads a proposal with reviewers, vote history, comments and names; another organization gets nothing', async () => {
    const kpi = await draftKpi('Lead quality');
    const p = await ok(w.users.teamLead, proposalActions.create, { kpiId: kpi.id, kind: 'create', summary: 'New' });
    await ok(w.users.teamLead, proposalActions.submit, { proposalId: p.id, version: p.version, reviewerIds: [w.users.alice, w.users.bob] });
    await ok(w.users.alice, proposalActions.vote, { proposalId: p.id, choice: 'abstain' });
    await ok(w.users.alice, proposalActions.vote, { proposalId: p.id, choice: 'agree', comment: 'Fine now' });
    await ok(w.users.bob, proposalActions.comment, { proposalId: p.id, body: 'What is a qualified lead?' });

    const detail = await read((tx) => getProposalDetail(tx, p.id));
    expect(detail).toMatchObject({ number: 1, state: 'in_review', definition: { name: 'Lead quality' }, kpi: { id: kpi.id } });
    expect(detail!.proposerName).toBeTruthy();
    expect(detail!.votes.map((v) => [v.choice, v.supersededAt === null])).toEqual([['abstain', false], ['agree', true]]);
    const alice = detail!.reviewers.find((r) => r.userId === w.users.alice);
    expect(alice?.vote).toMatchObject({ choice: 'agree', comment: 'Fine now' });
    expect(detail!.reviewers.find((r) => r.userId === w.users.bob)?.vote).toBeNull();
    expect(detail!.comments).toMatchObject([{ body: 'What is a qualified lead?' }]);

    const revisions = await read((tx) => listKpiRevisions(tx, kpi.id));
    expect(revisions).toMatchObject([{ id: p.id, number: 1, kind: 'create', state: 'in_review' }]);

    expect(await read((tx) => getProposalDetail(tx, p.id), other.org)).toBeNull();
    expect(await read((tx) => listKpiRevisions(tx, kpi.id), other.org)).toEqual([]);
    expect(await read((tx) => listInbox(tx, other.actor(other.users.owner), policy), other.org)).toEqual({ vote: [], decide: [], mine: [] });
  });

  it('shows a rejected proposal to its proposer, and nothing once approved', async () => {
    const kpi = await draftKpi('Ad reach');
    const p = await ok(w.users.teamLead, proposalActions.create, { kpiId: kpi.id, kind: 'create', summary: '' });
    const s = await ok(w.users.teamLead, proposalActions.submit, { proposalId: p.id, version: p.version, reviewerIds: [w.users.alice] });
    await ok(w.users.deptHead, proposalActions.reject, { proposalId: p.id, version: s.version, reason: 'Duplicate' });
    const lead = await read((tx) => listInbox(tx, w.actor(w.users.teamLead, [w.units.team]), policy));
    expect(lead.mine.find((r) => r.id === p.id)?.state).toBe('rejected');
    const [row] = await read((tx) => tx.select({ state: kpis.state }).from(kpis).where(eq(kpis.id, kpi.id)));
    expect(row?.state).toBe('draft');
  });
});
