import { and, eq, like } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Database, TenantTx } from '@/db';
import { emailOutbox, kpiProposals, kpis, memberships, notifications, organizations, orgUnits, unitMemberships } from '@/db/schema';
import { countQueries, describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from '@/lib/action-runner';
import { getMyUpdates } from '@/lib/check-ins/my-updates';
import { readPolicy } from '@/lib/organizations/policy';
import type { OrgRole } from '@/lib/permissions';
import { getUnitRolesOf } from '@/lib/units/queries';
import { proposalActions } from './actions';
import { listInbox, type InboxActor } from './inbox';
import { listDeciders } from './queries';
import { sendDueReminders } from './reminders';

/**
 * Who may decide a proposal (product.md §4), asked of every path that
 * depends on it: the approve and reject actions, the inbox, My updates, the
 * deciders told when consensus is reached, and the decision reminder. Each
 * scenario names who decides; everybody else in the organization must be
 * refused and left out, so a wrong rule anywhere turns one of them red.
 *
 *   company ── Marketing (dept: deptHead, coHead; viewerHead, a viewer inserted as head)
 *           │    ├── Paid (team: paidLead) ── Search (sub-team: searchLead)
 *           │    └── Brand (team: brandLead, the sibling)
 *           └── Sales (dept: salesHead)
 */
const memberNames = ['deptHead', 'coHead', 'paidLead', 'searchLead', 'brandLead', 'salesHead', 'alice', 'bob'] as const;
type Person = 'owner' | 'admin' | (typeof memberNames)[number] | 'viewer' | 'viewerHead';

async function world(db: Database, name: string, extraMembers = 0) {
  const roles: OrgRole[] = ['owner', 'admin', ...memberNames.map(() => 'member' as const), 'viewer', 'viewer', ...Array.from({ length: extraMembers }, () => 'member' as const)];
  const org = await makeOrganization(db, name, roles);
  const ids = org.people.map((p) => p.id);
  const people: Record<Person, string> = {
    owner: ids[0]!,
    admin: ids[1]!,
    ...(Object.fromEntries(memberNames.map((n, i) => [n, ids[2 + i]!])) as Record<(typeof memberNames)[number], string>),
    viewer: ids[2 + memberNames.length]!,
    viewerHead: ids[3 + memberNames.length]!,
  };
  const units = await db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select().from(orgUnits);
    const unit = async (parentId: string, kind: 'department' | 'team', unitName: string) =>
      (await tx.insert(orgUnits).values({ organizationId: org.id, parentId, kind, name: unitName }).returning())[0]!.id;
    const marketing = await unit(company!.id, 'department', 'Marketing');
    const paid = await unit(marketing, 'team', 'Paid');
    const search = await unit(paid, 'team', 'Search');
    const brand = await unit(marketing, 'team', 'Brand');
    const sales = await unit(company!.id, 'department', 'Sales');
    const head = (unitId: string, userId: string) => ({ organizationId: org.id, unitId, userId, role: 'head' as const });
    await tx.insert(unitMemberships).values([
      head(marketing, people.deptHead),
      head(marketing, people.coHead),
      // Inserted past the product (which does not make viewers heads): the rule must still say no.
      head(marketing, people.viewerHead),
      head(paid, people.paidLead),
      head(search, people.searchLead),
      head(brand, people.brandLead),
      head(sales, people.salesHead),
      { organizationId: org.id, unitId: paid, userId: people.bob, role: 'member' as const },
      ...ids.slice(4 + memberNames.length).map((userId) => head(paid, userId)),
    ]);
    return { company: company!.id, marketing, paid, search, brand, sales };
  });
  const nameOf = new Map(Object.entries(people).map(([n, id]) => [id, n as Person]));
  return { org, people, units, nameOf };
}

type World = Awaited<ReturnType<typeof world>>;

/** Every action runs at this moment, whatever the day the suite runs on; My updates are read on its day. */
const now = new Date('2026-03-10T09:00:00Z');
const today = '2026-03-10';

describeEachDatabase('who decides a proposal', (db) => {
  let w: World;
  let big: World;
  const everyone = () => Object.keys(w.people) as Person[];
  const names = (ids: readonly string[]) => [...new Set(ids.map((id) => w.nameOf.get(id) ?? id))].sort();
  const read = <T>(fn: (tx: TenantTx) => Promise<T>, org = w.org) => db().withTenant(org.id, fn);
  const act = <S extends z.ZodType, T>(person: Person, definition: OrgActionDefinition<S, T>, input: object) =>
    runOrgAction(db(), w.people[person], w.org.slug, definition, input, { now });
  const ok = async <S extends z.ZodType, T>(person: Person, definition: OrgActionDefinition<S, T>, input: object) => {
    const result = await act(person, definition, input);
    if (!result.ok) throw new Error(`${person}: ${JSON.stringify(result)}`);
    return result.data;
  };
  const setPolicy = (policy: object) => db().owner.update(organizations).set({ policy: readPolicy(policy) }).where(eq(organizations.id, w.org.id));
  const organization = async () => {
    const [row] = await db().owner.select().from(organizations).where(eq(organizations.id, w.org.id));
    return { ...row!, policy: readPolicy(row!.policy) };
  };
  /** The person as the app sees them on each request (lib/organizations/context.ts): org role and the units they head. */
  const actorOf = (person: Person): Promise<InboxActor> =>
    read(async (tx) => {
      const [membership] = await tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, w.people[person]));
      return { userId: w.people[person], role: membership!.role, headOf: (await getUnitRolesOf(tx, w.people[person])).headOf };
    });

  /** A new KPI of the unit, proposed and agreed by its one reviewer (alice): it waits for a decision. */
  let counter = 0;
  const agreedProposal = async (unitId: string, proposer: Person) => {
    const name = `Decided KPI ${++counter}`;
    const [kpi] = await read((tx) =>
      tx
        .insert(kpis)
        .values({ organizationId: w.org.id, unitId, name, unit: 'percent', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '3', createdBy: w.people[proposer] })
        .returning(),
    );
    const draft = await ok(proposer, proposalActions.create, { kpiId: kpi!.id, kind: 'create', summary: 'New' });
    const proposal = await ok(proposer, proposalActions.submit, { proposalId: draft.id, version: draft.version, reviewerIds: [w.people.alice] });
    await ok('alice', proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    return { ...proposal, name };
  };
  const toldOf = async (proposalId: string, kind: string) =>
    names(
      (
        await read((tx) =>
          tx.select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.kind, kind), like(notifications.link, `%/proposals/${proposalId}`))),
        )
      ).map((n) => n.userId),
    );
  const emailedAbout = async (subject: string) => {
    const rows = await db().owner.select({ to: emailOutbox.to }).from(emailOutbox).where(eq(emailOutbox.subject, subject));
    const idOf = new Map(w.org.people.map((p) => [p.email, p.id]));
    return names(rows.map((r) => idOf.get(r.to) ?? r.to));
  };

  /**
   * The whole check for one scenario: exactly `deciders` may decide, on the
   * decision path and in every list derived from the rule.
   */
  async function expectDeciders(unitId: string, proposer: Person, deciders: Person[]) {
    const expected = [...deciders].sort();
    const others = everyone().filter((p) => !deciders.includes(p));
    const proposal = await agreedProposal(unitId, proposer);
    const policy = (await organization()).policy;

    // Soft assertions, so a wrong rule shows every path it leaks into.
    // Told when consensus is reached: the proposer and whoever may decide (never the voter, alice).
    const toldAtConsensus = names([w.people[proposer], ...deciders.map((p) => w.people[p])]);
    expect.soft(await toldOf(proposal.id, 'proposal.consensus'), 'notified of consensus').toEqual(toldAtConsensus);
    expect.soft(await emailedAbout(`Consensus reached on ${proposal.name}`), 'emailed of consensus').toEqual(toldAtConsensus);
    expect.soft(names(await read((tx) => listDeciders(tx, { unitId, proposerId: w.people[proposer] }, policy))), 'listDeciders').toEqual(expected);

    // The inbox and My updates of each person, built as the app builds them.
    const inInbox: Person[] = [];
    const inMyUpdates: Person[] = [];
    const org = await organization();
    for (const person of everyone()) {
      const actor = await actorOf(person);
      if ((await read((tx) => listInbox(tx, actor, policy))).decide.some((r) => r.id === proposal.id)) inInbox.push(person);
      if ((await read((tx) => getMyUpdates(tx, org, actor, today))).decide.some((r) => r.id === proposal.id)) inMyUpdates.push(person);
    }
    expect.soft(inInbox.sort(), 'inbox: decide').toEqual(expected);
    expect.soft(inMyUpdates.sort(), 'My updates: decisions waiting').toEqual(expected);

    // Half the review time has passed with the reviewers agreed: the deciders are reminded, nobody else.
    await sendDueReminders(db(), proposal.reviewDeadline!);
    expect.soft(await toldOf(proposal.id, 'proposal.decision_reminder'), 'decision reminder').toEqual(expected);
    expect.soft(await toldOf(proposal.id, 'proposal.reminder'), 'vote reminder').toEqual([]);

    // Everybody else is refused both decisions, and the proposal is untouched.
    const notRefused: string[] = [];
    for (const person of others) {
      for (const [verb, definition, input] of [
        ['approve', proposalActions.approve, { proposalId: proposal.id, version: proposal.version }],
        ['reject', proposalActions.reject, { proposalId: proposal.id, version: proposal.version, reason: 'No' }],
      ] as [string, OrgActionDefinition<never, unknown>, object][]) {
        const result = await act(person, definition, input);
        if (result.ok || result.code !== 'forbidden') notRefused.push(`${person} ${verb}: ${result.ok ? 'ok' : result.code}`);
      }
    }
    expect.soft(notRefused, 'decision path: everybody else refused').toEqual([]);
    const [row] = await read((tx) => tx.select({ state: kpiProposals.state, version: kpiProposals.version }).from(kpiProposals).where(eq(kpiProposals.id, proposal.id)));
    expect(row).toEqual({ state: 'in_review', version: proposal.version });

    // Each decider may approve, and may reject.
    for (const person of deciders) {
      const approving = await agreedProposal(unitId, proposer);
      expect(await ok(person, proposalActions.approve, { proposalId: approving.id, version: approving.version })).toMatchObject({ state: 'approved', decidedBy: w.people[person] });
      const rejecting = await agreedProposal(unitId, proposer);
      expect(await ok(person, proposalActions.reject, { proposalId: rejecting.id, version: rejecting.version, reason: 'Not now' })).toMatchObject({ state: 'rejected', decidedBy: w.people[person] });
    }
  }

  beforeAll(async () => {
    w = await world(db(), 'Deciders Co');
    big = await world(db(), 'Deciders Elsewhere', 30);
  });

  it('a team KPI: the heads of the department above, not the team lead, a sibling team lead, another department, a viewer head or the executives', async () => {
    await expectDeciders(w.units.paid, 'paidLead', ['deptHead', 'coHead']);
  });

  it('a sub-team KPI: the heads of the department two levels up, not the lead of the parent team', async () => {
    await expectDeciders(w.units.search, 'searchLead', ['deptHead', 'coHead']);
  });

  it('a department head who proposes a team KPI does not decide it, unless the organization allows self-approval', async () => {
    await expectDeciders(w.units.paid, 'deptHead', ['coHead']);
    await setPolicy({ allowSelfApproval: true });
    try {
      await expectDeciders(w.units.paid, 'deptHead', ['deptHead', 'coHead']);
    } finally {
      await setPolicy({});
    }
  });

  it('a department KPI: the owners and admins, not its heads; an owner who proposes it only with self-approval', async () => {
    await expectDeciders(w.units.marketing, 'owner', ['admin']);
    await setPolicy({ allowSelfApproval: true });
    try {
      await expectDeciders(w.units.marketing, 'owner', ['owner', 'admin']);
    } finally {
      await setPolicy({});
    }
  });

  it('a company KPI: the owners and admins, not the admin who proposes it', async () => {
    await expectDeciders(w.units.company, 'admin', ['owner']);
  });

  it('finds the deciders in two queries, whatever the size of the organization', async () => {
    const policy = { allowSelfApproval: false };
    const small = await read((tx) => countQueries(tx, () => listDeciders(tx, { unitId: w.units.search, proposerId: null }, policy)));
    const large = await read((tx) => countQueries(tx, () => listDeciders(tx, { unitId: big.units.search, proposerId: null }, policy)), big.org);
    expect(small.queries).toBe(2);
    expect(large.queries).toBe(2);
    // The thirty extra people head the parent team only: none of them decides, and nobody of another organization does.
    expect(large.result.sort()).toEqual([big.people.deptHead, big.people.coHead].sort());
  });
});
