import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Database, TenantTx } from '@/db';
import { apiTokens, goals, invitations, kpiMetrics, kpis, memberships, metrics, orgUnits, periodLocks, unitMemberships, users } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from './action-runner';
import { apiTokenActions } from './api-tokens/actions';
import { checkInActions } from './check-ins/actions';
import { goalActions } from './goals/actions';
import { kpiActions } from './kpis/actions';
import { metricActions } from './metrics/actions';
import { notificationActions } from './notifications/actions';
import { organizationActions } from './organizations/actions';
import { peopleActions } from './people/actions';
import { periodLockActions } from './period-locks/actions';
import { proposalActions } from './proposals/actions';
import { unitActions } from './units/actions';

/**
 * product.md §2 written out by hand, one row per server action and one column
 * per kind of person, every cell run through the real action runner. Nothing
 * here reads lib/permissions.ts: a wrong rule there turns a cell red.
 *
 * "The unit" is U, a team under the Marketing department; Organic is U's
 * sibling team, Sales another department. Every row acts on U (or on a record
 * of U) of organization A.
 *   allowed    — the runner answers ok and the row's table changed;
 *   denied     — "not allowed" (forbidden) and nothing changed anywhere;
 *   not found  — nothing changed anywhere. A non-member acts through A's URL;
 *                another organization's owner through their own organization's
 *                URL with A's ids (through A's URL when the action names no id).
 *
 * The three viewer columns are the point of issue 14: a viewer, a viewer who
 * was added to U as a member, and a viewer with a head row on U (which the
 * product refuses to make; inserted directly, as a corrupted row) hold the
 * same rights: none that write, however they sit in the tree.
 */

const columns = [
  'owner',
  'admin',
  'head of the unit',
  'head of an ancestor',
  'head of a sibling',
  'member of the unit',
  'member elsewhere',
  'viewer',
  'viewer in the unit',
  'viewer heading the unit',
  'non-member',
  'other org owner',
] as const;
type Column = (typeof columns)[number];
type Outcome = 'allowed' | 'denied' | 'not found';

const yes = 'allowed';
const no = 'denied';
const none = 'not found';

/** A row's expected answer for every column; the type makes every column be written out. */
type Expected = Record<Column, Outcome>;

const expected = {
  // Org settings, policies, API tokens: owners and admins.
  'organization: update settings': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'organization: update the scoring policy': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'api tokens: create': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'api tokens: revoke': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Invite people: owners any role, admins any but owner, heads members and viewers into their own units.
  'people: invite a member into the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: invite a viewer into the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: invite a member as head of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: invite an admin into the unit': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: invite an owner into the unit': { owner: yes, admin: no, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: revoke an invitation into the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Change roles, remove people: owners; admins, but not owners.
  'people: change a member’s role': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: remove a member': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: change an owner’s role': { owner: yes, admin: no, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'people: remove an owner': { owner: yes, admin: no, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Create/rename/move units, assign heads: owners, admins, heads within their own subtree.
  'units: create a unit under the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'units: rename the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'units: move a team within the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  // The sibling lies outside the subtree of U's head but inside the ancestor head's.
  'units: move a team of the unit under its sibling': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'units: archive a team of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'units: make a member head of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'units: add a member to the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Create/edit goals of U: owners, admins, heads of U or an ancestor.
  'goals: create a goal of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'goals: edit a goal of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Draft and submit KPI proposals for U: owners, admins, heads of U or an ancestor, members of U.
  'kpis: draft a KPI for the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': yes, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'kpis: edit a draft KPI of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': yes, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'kpis: set targets of a draft KPI of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': yes, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'kpis: delete a draft KPI of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': yes, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'proposals: open a proposal for a draft KPI of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': yes, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'proposals: submit a proposal of the unit for review': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': yes, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Metrics belong to no unit (§2 is silent): whoever may draft KPIs defines the numbers they need; editing is the metric owner's and the executives'.
  'metrics: create a metric': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': yes, 'member of the unit': yes, 'member elsewhere': yes, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'metrics: edit a metric someone else owns': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'metrics: edit a metric one owns': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': yes, 'member of the unit': yes, 'member elsewhere': yes, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Record measurements: owners, admins, heads for metrics used in their units, members for metrics they own.
  'measurements: record a value of a metric the unit uses': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'measurements: record a value of a metric one owns': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': yes, 'member of the unit': yes, 'member elsewhere': yes, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Check-ins (§5): the KPI's owner, the heads above it, the executives.
  'check-ins: check in on a KPI of the unit': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'check-ins: check in on a KPI of the unit one owns': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': yes, 'member of the unit': yes, 'member elsewhere': yes, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // Closed periods are locked by an owner or admin (§5).
  'periods: lock a closed period': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },
  'periods: unlock a period': { owner: yes, admin: yes, 'head of the unit': no, 'head of an ancestor': no, 'head of a sibling': no, 'member of the unit': no, 'member elsewhere': no, viewer: no, 'viewer in the unit': no, 'viewer heading the unit': no, 'non-member': none, 'other org owner': none },

  // One's own notifications: everyone who belongs, viewers included.
  'notifications: mark one’s own as read': { owner: yes, admin: yes, 'head of the unit': yes, 'head of an ancestor': yes, 'head of a sibling': yes, 'member of the unit': yes, 'member elsewhere': yes, viewer: yes, 'viewer in the unit': yes, 'viewer heading the unit': yes, 'non-member': none, 'other org owner': none },
} satisfies Record<string, Expected>;

type RowName = keyof typeof expected;

type World = {
  a: { id: string; slug: string };
  b: { id: string; slug: string };
  /** The person of each column (non-member: a member of B; other org owner: B's owner). */
  person: Record<Column, string>;
  /** A member of A in no unit: reviewer of submitted proposals, owner of "someone else's" records. */
  bystander: string;
  units: { company: string; marketing: string; unit: string; sibling: string; sales: string };
};

/**
 * One row: the action and its input. `me` is the acting person when they
 * belong to A (null for the non-member and the other organization's owner),
 * for rows about one's own records. Each cell gets fresh records, so one
 * cell's success never changes another's starting point.
 */
type Row = {
  action: OrgActionDefinition<never, unknown>;
  input: (db: Database, w: World, me: string | null) => Promise<object>;
  /** The table an allowed cell changes (besides the audit log). */
  changes: string;
  /** The action names no id of A: the other organization's owner can only try it through A's URL. */
  namesNoId?: true;
};

const fresh = () => randomBytes(4).toString('hex');
const pastDate = '2025-06-30';
/** Every cell runs at this moment, whatever the machine's clock says. */
const now = new Date('2026-05-15T10:00:00Z');

const inA = <T>(db: Database, w: World, fn: (tx: TenantTx) => Promise<T>) => db.withTenant(w.a.id, fn);

async function freshTeam(db: Database, w: World, parentId: string) {
  const [unit] = await inA(db, w, (tx) =>
    tx.insert(orgUnits).values({ organizationId: w.a.id, parentId, kind: 'team', name: `Team ${fresh()}` }).returning({ id: orgUnits.id }),
  );
  return unit!.id;
}

async function freshPerson(db: Database, w: World, role: 'owner' | 'admin' | 'member' | 'viewer', unit?: { id: string; role: 'head' | 'member' }) {
  const id = randomUUID();
  await inA(db, w, async (tx) => {
    await tx.insert(users).values({ id, email: `p-${fresh()}@example.test`, name: `Person ${fresh()}`, passwordHash: 'x' });
    await tx.insert(memberships).values({ organizationId: w.a.id, userId: id, role });
    if (unit) await tx.insert(unitMemberships).values({ organizationId: w.a.id, unitId: unit.id, userId: id, role: unit.role });
  });
  return id;
}

/** A metric (owned by `ownerId`), used by a KPI of `unitId` when one is given. */
async function freshMetricAndKpi(db: Database, w: World, options: { unitId?: string; ownerId?: string | null; kpiOwnerId?: string | null; state?: 'draft' | 'active' } = {}) {
  return inA(db, w, async (tx) => {
    const key = `m_${fresh()}`;
    const [metric] = await tx
      .insert(metrics)
      .values({ organizationId: w.a.id, key, name: key, unit: 'count', aggregation: 'sum', frequency: 'month', ownerId: options.ownerId ?? null })
      .returning({ id: metrics.id });
    if (!options.unitId) return { metricId: metric!.id, kpiId: '', key };
    const [kpi] = await tx
      .insert(kpis)
      .values({
        organizationId: w.a.id,
        unitId: options.unitId,
        name: `KPI ${fresh()}`,
        unit: 'count',
        direction: 'up',
        frequency: 'month',
        indicator: 'lagging',
        horizon: 'strategic',
        source: 'formula',
        formula: `{${key}}`,
        state: options.state ?? 'draft',
        ownerId: options.kpiOwnerId ?? null,
      })
      .returning({ id: kpis.id });
    await tx.insert(kpiMetrics).values({ organizationId: w.a.id, kpiId: kpi!.id, metricId: metric!.id });
    return { metricId: metric!.id, kpiId: kpi!.id, key };
  });
}

const kpiInput = (unitId: string, key: string) => ({
  unitId,
  name: `KPI ${fresh()}`,
  unit: 'count',
  direction: 'up',
  frequency: 'month',
  indicator: 'lagging',
  horizon: 'strategic',
  source: 'formula',
  formula: `{${key}}`,
});

async function freshInvitation(db: Database, w: World) {
  const [row] = await inA(db, w, (tx) =>
    tx
      .insert(invitations)
      .values({
        organizationId: w.a.id,
        email: `i-${fresh()}@example.test`,
        role: 'member',
        unitId: w.units.unit,
        unitRole: 'member',
        tokenHash: randomBytes(32).toString('hex'),
        invitedBy: w.person.owner,
        expiresAt: new Date('2026-06-01T00:00:00Z'),
      })
      .returning({ id: invitations.id }),
  );
  return row!.id;
}

/** A draft proposal for a fresh draft KPI of U, opened by A's owner. */
async function freshProposal(db: Database, w: World) {
  const { kpiId } = await freshMetricAndKpi(db, w, { unitId: w.units.unit });
  const opened = await runOrgAction(db, w.person.owner, w.a.slug, proposalActions.create, { kpiId, kind: 'create' }, { now });
  if (!opened.ok) throw new Error(opened.error);
  const proposal = opened.data as { id: string; version: number };
  return { proposalId: proposal.id, version: proposal.version };
}

const invite = (role: string, unitRole: 'head' | 'member' = 'member') => async (_db: Database, w: World) => ({
  email: `new-${fresh()}@example.test`,
  role,
  unitId: w.units.unit,
  unitRole,
});

const rows: Record<RowName, Row> = {
  'organization: update settings': {
    action: organizationActions.updateSettings as never,
    input: async () => ({ name: `Matrix A ${fresh()}`, fiscalYearStartMonth: 1 }),
    changes: 'organizations',
    namesNoId: true,
  },
  'organization: update the scoring policy': {
    action: organizationActions.updateScoringPolicy as never,
    // A different cap each time, so an allowed cell always changes something.
    input: async () => ({ scoreCap: 1 + ++policyChanges / 1000, green: 1, amber: 0.9, vitalFewMode: 'warn', vitalFewCompany: 5, vitalFewDepartment: 10, vitalFewTeamPerGoal: 2, overdueGraceDays: 3 }),
    changes: 'organizations',
    namesNoId: true,
  },
  'api tokens: create': {
    action: apiTokenActions.create as never,
    input: async () => ({ name: `Token ${fresh()}`, scope: 'read' }),
    changes: 'api_tokens',
    namesNoId: true,
  },
  'api tokens: revoke': {
    action: apiTokenActions.revoke as never,
    input: async (db, w) => {
      const made = await runOrgAction(db, w.person.owner, w.a.slug, apiTokenActions.create, { name: `Token ${fresh()}`, scope: 'read' }, { now });
      if (!made.ok) throw new Error(made.error);
      const [token] = await inA(db, w, (tx) => tx.select({ id: apiTokens.id }).from(apiTokens).where(sql`${apiTokens.name} = ${made.data.name}`));
      return { tokenId: token!.id };
    },
    changes: 'api_tokens',
  },

  'people: invite a member into the unit': { action: peopleActions.invite as never, input: invite('member'), changes: 'invitations' },
  'people: invite a viewer into the unit': { action: peopleActions.invite as never, input: invite('viewer'), changes: 'invitations' },
  'people: invite a member as head of the unit': { action: peopleActions.invite as never, input: invite('member', 'head'), changes: 'invitations' },
  'people: invite an admin into the unit': { action: peopleActions.invite as never, input: invite('admin'), changes: 'invitations' },
  'people: invite an owner into the unit': { action: peopleActions.invite as never, input: invite('owner'), changes: 'invitations' },
  'people: revoke an invitation into the unit': {
    action: peopleActions.revokeInvitation as never,
    input: async (db, w) => ({ invitationId: await freshInvitation(db, w) }),
    changes: 'invitations',
  },

  'people: change a member’s role': {
    action: peopleActions.changeRole as never,
    input: async (db, w) => ({ userId: await freshPerson(db, w, 'member'), role: 'viewer' }),
    changes: 'memberships',
  },
  'people: remove a member': {
    action: peopleActions.remove as never,
    input: async (db, w) => ({ userId: await freshPerson(db, w, 'member', { id: w.units.unit, role: 'member' }) }),
    changes: 'memberships',
  },
  'people: change an owner’s role': {
    action: peopleActions.changeRole as never,
    input: async (db, w) => ({ userId: await freshPerson(db, w, 'owner'), role: 'admin' }),
    changes: 'memberships',
  },
  'people: remove an owner': {
    action: peopleActions.remove as never,
    input: async (db, w) => ({ userId: await freshPerson(db, w, 'owner') }),
    changes: 'memberships',
  },

  'units: create a unit under the unit': {
    action: unitActions.create as never,
    input: async (_db, w) => ({ parentId: w.units.unit, name: `New ${fresh()}` }),
    changes: 'org_units',
  },
  'units: rename the unit': {
    action: unitActions.update as never,
    input: async (_db, w) => ({ unitId: w.units.unit, name: `Paid ${fresh()}`, weight: 1 }),
    changes: 'org_units',
  },
  'units: move a team within the unit': {
    action: unitActions.move as never,
    input: async (db, w) => ({ unitId: await freshTeam(db, w, w.units.unit), parentId: await freshTeam(db, w, w.units.unit) }),
    changes: 'org_units',
  },
  'units: move a team of the unit under its sibling': {
    action: unitActions.move as never,
    input: async (db, w) => ({ unitId: await freshTeam(db, w, w.units.unit), parentId: w.units.sibling }),
    changes: 'org_units',
  },
  'units: archive a team of the unit': {
    action: unitActions.archive as never,
    input: async (db, w) => ({ unitId: await freshTeam(db, w, w.units.unit) }),
    changes: 'org_units',
  },
  'units: make a member head of the unit': {
    action: unitActions.setPerson as never,
    input: async (db, w) => ({ unitId: w.units.unit, userId: await freshPerson(db, w, 'member'), role: 'head' }),
    changes: 'unit_memberships',
  },
  'units: add a member to the unit': {
    action: unitActions.setPerson as never,
    input: async (db, w) => ({ unitId: w.units.unit, userId: await freshPerson(db, w, 'member'), role: 'member' }),
    changes: 'unit_memberships',
  },

  'goals: create a goal of the unit': {
    action: goalActions.create as never,
    input: async (_db, w) => ({ unitId: w.units.unit, title: `Goal ${fresh()}`, startDate: '2025-01-01', dueDate: '2025-12-31' }),
    changes: 'goals',
  },
  'goals: edit a goal of the unit': {
    action: goalActions.update as never,
    input: async (db, w) => {
      const [goal] = await inA(db, w, (tx) =>
        tx
          .insert(goals)
          .values({ organizationId: w.a.id, unitId: w.units.unit, title: `Goal ${fresh()}`, startDate: '2025-01-01', dueDate: '2025-12-31' })
          .returning({ id: goals.id }),
      );
      return { goalId: goal!.id, unitId: w.units.unit, title: `Edited ${fresh()}`, startDate: '2025-01-01', dueDate: '2025-12-31' };
    },
    changes: 'goals',
  },

  'kpis: draft a KPI for the unit': {
    action: kpiActions.create as never,
    input: async (db, w) => kpiInput(w.units.unit, (await freshMetricAndKpi(db, w)).key),
    changes: 'kpis',
  },
  'kpis: edit a draft KPI of the unit': {
    action: kpiActions.update as never,
    input: async (db, w) => {
      const { kpiId, key } = await freshMetricAndKpi(db, w, { unitId: w.units.unit });
      return { ...kpiInput(w.units.unit, key), kpiId, version: 1 };
    },
    changes: 'kpis',
  },
  'kpis: set targets of a draft KPI of the unit': {
    action: kpiActions.setTargets as never,
    input: async (db, w) => ({ kpiId: (await freshMetricAndKpi(db, w, { unitId: w.units.unit })).kpiId, version: 1, targets: [{ periodKey: '2025-03', value: '10' }] }),
    changes: 'kpi_targets',
  },
  'kpis: delete a draft KPI of the unit': {
    action: kpiActions.delete as never,
    input: async (db, w) => ({ kpiId: (await freshMetricAndKpi(db, w, { unitId: w.units.unit })).kpiId, version: 1 }),
    changes: 'kpis',
  },
  'proposals: open a proposal for a draft KPI of the unit': {
    action: proposalActions.create as never,
    input: async (db, w) => ({ kpiId: (await freshMetricAndKpi(db, w, { unitId: w.units.unit })).kpiId, kind: 'create' }),
    changes: 'kpi_proposals',
  },
  'proposals: submit a proposal of the unit for review': {
    action: proposalActions.submit as never,
    input: async (db, w) => ({ ...(await freshProposal(db, w)), reviewerIds: [w.bystander] }),
    changes: 'kpi_proposals',
  },

  'metrics: create a metric': {
    action: metricActions.create as never,
    // Owned by a person of A, so the other organization's owner names an id of A.
    input: async (_db, w) => ({ key: `k_${fresh()}`, name: 'New metric', unit: 'count', aggregation: 'sum', frequency: 'month', ownerId: w.bystander }),
    changes: 'metrics',
  },
  'metrics: edit a metric someone else owns': {
    action: metricActions.update as never,
    input: async (db, w) => ({
      metricId: (await freshMetricAndKpi(db, w, { ownerId: w.bystander })).metricId,
      name: `Renamed ${fresh()}`,
      unit: 'count',
      aggregation: 'sum',
      frequency: 'month',
      ownerId: w.bystander,
    }),
    changes: 'metrics',
  },
  'metrics: edit a metric one owns': {
    action: metricActions.update as never,
    input: async (db, w, me) => ({
      metricId: (await freshMetricAndKpi(db, w, { ownerId: me })).metricId,
      name: `Renamed ${fresh()}`,
      unit: 'count',
      aggregation: 'sum',
      frequency: 'month',
      ownerId: me,
    }),
    changes: 'metrics',
  },

  'measurements: record a value of a metric the unit uses': {
    action: metricActions.record as never,
    input: async (db, w) => ({ metricId: (await freshMetricAndKpi(db, w, { unitId: w.units.unit })).metricId, date: pastDate, value: '42' }),
    changes: 'measurements',
  },
  'measurements: record a value of a metric one owns': {
    action: metricActions.record as never,
    input: async (db, w, me) => ({ metricId: (await freshMetricAndKpi(db, w, { ownerId: me })).metricId, date: pastDate, value: '42' }),
    changes: 'measurements',
  },

  'check-ins: check in on a KPI of the unit': {
    action: checkInActions.record as never,
    input: async (db, w) => ({
      kpiId: (await freshMetricAndKpi(db, w, { unitId: w.units.unit, kpiOwnerId: w.bystander, state: 'active' })).kpiId,
      periodKey: '2025-03',
      confidence: 'on_track',
      comment: 'On plan.',
    }),
    changes: 'check_ins',
  },
  'check-ins: check in on a KPI of the unit one owns': {
    action: checkInActions.record as never,
    input: async (db, w, me) => ({
      kpiId: (await freshMetricAndKpi(db, w, { unitId: w.units.unit, kpiOwnerId: me, state: 'active' })).kpiId,
      periodKey: '2025-03',
      confidence: 'on_track',
      comment: 'On plan.',
    }),
    changes: 'check_ins',
  },

  'periods: lock a closed period': {
    action: periodLockActions.lock as never,
    // Each cell locks a month of its own, long closed whatever today is.
    input: async () => ({ periodKey: nextMonthToLock() }),
    changes: 'period_locks',
    namesNoId: true,
  },
  'periods: unlock a period': {
    action: periodLockActions.unlock as never,
    input: async (db, w) => {
      const periodKey = nextMonthToLock();
      const [year, month] = periodKey.split('-').map(Number) as [number, number];
      const start = `${year}-${String(month).padStart(2, '0')}-01`;
      const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
      await inA(db, w, (tx) => tx.insert(periodLocks).values({ organizationId: w.a.id, periodKey, kind: 'month', startDate: start, endDate: end, lockedBy: w.person.owner }));
      return { periodKey };
    },
    changes: 'period_locks',
    namesNoId: true,
  },

  'notifications: mark one’s own as read': {
    action: notificationActions.markRead as never,
    input: async () => ({ all: 'true' }),
    changes: 'audit_log',
    namesNoId: true,
  },
};

let policyChanges = 0;
let lockedMonths = 0;
/** Months from January 2000 on, one per call. */
function nextMonthToLock() {
  const n = lockedMonths++;
  return `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

const tenantTables = [
  'organizations',
  'memberships',
  'org_units',
  'unit_memberships',
  'invitations',
  'api_tokens',
  'goals',
  'metrics',
  'measurements',
  'kpis',
  'kpi_metrics',
  'kpi_targets',
  'kpi_proposals',
  'proposal_reviewers',
  'check_ins',
  'period_locks',
  'notifications',
  'email_outbox',
  'audit_log',
];

/** A digest of every table an action could change, in both organizations (the owner connection sees past row-level security). */
async function snapshot(db: Database): Promise<Record<string, string>> {
  const digests = tenantTables.map((t) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${t} t) as ${t}`).join(', ');
  const result = (await db.owner.execute(sql.raw(`select ${digests}`))) as unknown as { rows?: Record<string, string>[] } | Record<string, string>[];
  return (Array.isArray(result) ? result : result.rows!)[0]!;
}

describeEachDatabase('the permission matrix of product.md §2', (db) => {
  let w: World;

  beforeAll(async () => {
    const a = await makeOrganization(db(), 'Matrix A', ['owner', 'admin', 'member', 'member', 'member', 'member', 'member', 'member', 'viewer', 'viewer', 'viewer']);
    const b = await makeOrganization(db(), 'Matrix B', ['owner', 'member']);
    const [owner, admin, head, ancestorHead, siblingHead, member, memberElsewhere, bystander, viewer, viewerInUnit, viewerHead] = a.people.map((p) => p.id);
    const company = (await db().withTenant(a.id, (tx) => tx.select({ id: orgUnits.id }).from(orgUnits)))[0]!.id;
    const units = await db().withTenant(a.id, async (tx) => {
      const add = async (parentId: string, kind: 'department' | 'team', name: string) =>
        (await tx.insert(orgUnits).values({ organizationId: a.id, parentId, kind, name }).returning({ id: orgUnits.id }))[0]!.id;
      const marketing = await add(company, 'department', 'Marketing');
      const unit = await add(marketing, 'team', 'Paid');
      const sibling = await add(marketing, 'team', 'Organic');
      const sales = await add(company, 'department', 'Sales');
      await tx.insert(unitMemberships).values([
        { organizationId: a.id, unitId: unit, userId: head!, role: 'head' },
        { organizationId: a.id, unitId: marketing, userId: ancestorHead!, role: 'head' },
        { organizationId: a.id, unitId: sibling, userId: siblingHead!, role: 'head' },
        { organizationId: a.id, unitId: unit, userId: member!, role: 'member' },
        { organizationId: a.id, unitId: sales, userId: memberElsewhere!, role: 'member' },
        { organizationId: a.id, unitId: unit, userId: viewerInUnit!, role: 'member' },
        // A corrupted row: the product refuses to make a viewer a head (lib/units/mutations.ts).
        { organizationId: a.id, unitId: unit, userId: viewerHead!, role: 'head' },
      ]);
      return { company, marketing, unit, sibling, sales };
    });
    w = {
      a,
      b,
      person: {
        owner: owner!,
        admin: admin!,
        'head of the unit': head!,
        'head of an ancestor': ancestorHead!,
        'head of a sibling': siblingHead!,
        'member of the unit': member!,
        'member elsewhere': memberElsewhere!,
        viewer: viewer!,
        'viewer in the unit': viewerInUnit!,
        'viewer heading the unit': viewerHead!,
        'non-member': b.byRole('member').id,
        'other org owner': b.byRole('owner').id,
      },
      bystander: bystander!,
      units,
    };
  });

  for (const [name, row] of Object.entries(rows) as [RowName, Row][]) {
    for (const column of columns) {
      const want = expected[name][column];
      it(`${name} — ${column}: ${want}`, async () => {
        const outsider = column === 'non-member' || column === 'other org owner';
        const slug = column === 'other org owner' && !row.namesNoId ? w.b.slug : w.a.slug;
        const input = await row.input(db(), w, outsider ? null : w.person[column]);
        const before = await snapshot(db());
        const result = await runOrgAction(db(), w.person[column], slug, row.action, input, { now });
        const after = await snapshot(db());
        const got: Outcome | string = result.ok ? 'allowed' : result.code === 'forbidden' ? 'denied' : result.code === 'not_found' ? 'not found' : `${result.code}: ${result.error}`;
        expect(got, result.ok ? '' : JSON.stringify(result.fieldErrors ?? {})).toBe(want);
        if (want === 'allowed') expect(after[row.changes], `${row.changes} changed`).not.toBe(before[row.changes]);
        else expect(after, 'nothing changed in either organization').toEqual(before);
      });
    }
  }
});
