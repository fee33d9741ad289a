import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '@/db';
import { goals, invitations, kpiMetrics, kpis, memberships, metrics, orgUnits, unitMemberships, users } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from './action-runner';
import { goalActions } from './goals/actions';
import { kpiActions } from './kpis/actions';
import { metricActions } from './metrics/actions';
import { peopleActions } from './people/actions';
import { proposalActions } from './proposals/actions';
import { can, canAnywhere, mayInScope, type OrgRole } from './permissions';
import { unitActions } from './units/actions';

/**
 * Every actor × every action of the people-and-structure issue × a target in
 * the actor's own unit, another unit of the organization and another
 * organization. The expectation is computed from lib/permissions.ts, the same
 * data the wrapper uses: allowed → it happens; same organization but not
 * allowed → "not allowed", nothing changed; another organization → "not found",
 * nothing changed (unless the actor may not do this anywhere at all, which is
 * answered "not allowed" before any id is looked at).
 */

type Actor = 'owner' | 'admin' | 'department head' | 'team lead' | 'member' | 'viewer' | 'non-member' | 'signed out';
type Target = 'own unit' | 'other unit' | 'other organization';
const actors: Actor[] = ['owner', 'admin', 'department head', 'team lead', 'member', 'viewer', 'non-member', 'signed out'];
const targets: Target[] = ['own unit', 'other unit', 'other organization'];

type World = {
  a: { id: string; slug: string };
  b: { id: string; slug: string };
  users: Record<Actor, string | null>;
  roles: Record<Actor, OrgRole | null>;
  headOf: Record<Actor, string[]>;
  memberOf: Record<Actor, string[]>;
  units: { company: string; marketing: string; paid: string; sales: string; bUnit: string };
  parents: Map<string, string | null>;
};

/** Each case gets fresh objects to act on, so one case's success never changes another's starting point. */
type Case = { definition: OrgActionDefinition<never, unknown>; input: (db: Database, w: World, unit: string, org: string) => Promise<object> };

const fresh = () => randomBytes(4).toString('hex');

async function freshTeam(db: Database, organizationId: string, parentId: string) {
  const [unit] = await db.withTenant(organizationId, (tx) =>
    tx.insert(orgUnits).values({ organizationId, parentId, kind: 'team', name: `Team ${fresh()}` }).returning({ id: orgUnits.id }),
  );
  return unit!.id;
}

async function freshMember(db: Database, organizationId: string, unitId: string) {
  const id = randomUUID();
  await db.withTenant(organizationId, async (tx) => {
    await tx.insert(users).values({ id, email: `p-${fresh()}@example.test`, name: `Person ${fresh()}`, passwordHash: 'x' });
    await tx.insert(memberships).values({ organizationId, userId: id, role: 'member' });
    await tx.insert(unitMemberships).values({ organizationId, unitId, userId: id, role: 'member' });
  });
  return id;
}

async function freshInvitation(db: Database, organizationId: string, unitId: string, invitedBy: string) {
  const [row] = await db.withTenant(organizationId, (tx) =>
    tx
      .insert(invitations)
      .values({
        organizationId,
        email: `i-${fresh()}@example.test`,
        role: 'member',
        unitId,
        unitRole: 'member',
        tokenHash: randomBytes(32).toString('hex'),
        invitedBy,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning({ id: invitations.id }),
  );
  return row!.id;
}

async function freshGoal(db: Database, organizationId: string, unitId: string) {
  const [goal] = await db.withTenant(organizationId, (tx) =>
    tx.insert(goals).values({ organizationId, unitId, title: `Goal ${fresh()}`, startDate: '2026-01-01', dueDate: '2026-12-31' }).returning({ id: goals.id }),
  );
  return goal!.id;
}

/** A metric, used by a draft KPI of `unitId` when one is given; returns both. */
async function freshMetricAndKpi(db: Database, organizationId: string, unitId?: string) {
  return db.withTenant(organizationId, async (tx) => {
    const key = `m_${fresh()}`;
    const [metric] = await tx
      .insert(metrics)
      .values({ organizationId, key, name: key, unit: 'count', aggregation: 'sum', frequency: 'month' })
      .returning({ id: metrics.id });
    if (!unitId) return { metricId: metric!.id, kpiId: '', key };
    const [kpi] = await tx
      .insert(kpis)
      .values({ organizationId, unitId, name: `KPI ${fresh()}`, unit: 'count', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: `{${key}}` })
      .returning({ id: kpis.id });
    await tx.insert(kpiMetrics).values({ organizationId, kpiId: kpi!.id, metricId: metric!.id });
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

const cases: Record<string, Case> = {
  'create a unit': { definition: unitActions.create as never, input: async (_db, _w, unit) => ({ parentId: unit, name: `New ${fresh()}` }) },
  'rename a unit': {
    definition: unitActions.update as never,
    input: async (db, _w, unit, org) => ({ unitId: await freshTeam(db, org, unit), name: `Renamed ${fresh()}`, weight: 2 }),
  },
  'move a unit': {
    definition: unitActions.move as never,
    input: async (db, _w, unit, org) => ({ unitId: await freshTeam(db, org, unit), parentId: await freshTeam(db, org, unit) }),
  },
  'archive a unit': { definition: unitActions.archive as never, input: async (db, _w, unit, org) => ({ unitId: await freshTeam(db, org, unit) }) },
  'assign a head': {
    definition: unitActions.setPerson as never,
    input: async (db, _w, unit, org) => ({ unitId: unit, userId: await freshMember(db, org, unit), role: 'head' }),
  },
  'invite a member': {
    definition: peopleActions.invite as never,
    input: async (_db, _w, unit) => ({ email: `new-${fresh()}@example.test`, role: 'member', unitId: unit }),
  },
  'revoke an invitation': {
    definition: peopleActions.revokeInvitation as never,
    input: async (db, w, unit, org) => ({ invitationId: await freshInvitation(db, org, unit, org === w.a.id ? w.users.owner! : w.users['non-member']!) }),
  },
  'change a role': {
    definition: peopleActions.changeRole as never,
    input: async (db, _w, unit, org) => ({ userId: await freshMember(db, org, unit), role: 'viewer' }),
  },
  'remove a member': { definition: peopleActions.remove as never, input: async (db, _w, unit, org) => ({ userId: await freshMember(db, org, unit) }) },
  'create a goal': {
    definition: goalActions.create as never,
    input: async (_db, _w, unit) => ({ unitId: unit, title: `Goal ${fresh()}`, startDate: '2026-01-01', dueDate: '2026-12-31' }),
  },
  'edit a goal': {
    definition: goalActions.update as never,
    input: async (db, _w, unit, org) => ({ goalId: await freshGoal(db, org, unit), unitId: unit, title: `Edited ${fresh()}`, startDate: '2026-01-01', dueDate: '2026-12-31' }),
  },
  'create a metric': {
    definition: metricActions.create as never,
    // The owner belongs to the target organization, so another organization's person is "not found".
    input: async (_db, w, _unit, org) => ({
      key: `k_${fresh()}`,
      name: 'New metric',
      unit: 'count',
      aggregation: 'sum',
      frequency: 'month',
      ownerId: org === w.a.id ? w.users.owner! : w.users['non-member']!,
    }),
  },
  'edit a metric': {
    definition: metricActions.update as never,
    input: async (db, _w, _unit, org) => ({
      metricId: (await freshMetricAndKpi(db, org)).metricId,
      name: `Renamed ${fresh()}`,
      unit: 'count',
      aggregation: 'sum',
      frequency: 'month',
    }),
  },
  'record a value': {
    definition: metricActions.record as never,
    input: async (db, _w, unit, org) => ({ metricId: (await freshMetricAndKpi(db, org, unit)).metricId, date: '2026-03-31', value: '42' }),
  },
  'draft a KPI': {
    definition: kpiActions.create as never,
    input: async (db, _w, unit, org) => kpiInput(unit, (await freshMetricAndKpi(db, org)).key),
  },
  'edit a draft KPI': {
    definition: kpiActions.update as never,
    input: async (db, _w, unit, org) => {
      const { kpiId, key } = await freshMetricAndKpi(db, org, unit);
      return { ...kpiInput(unit, key), kpiId, version: 1 };
    },
  },
  'set targets': {
    definition: kpiActions.setTargets as never,
    input: async (db, _w, unit, org) => ({ kpiId: (await freshMetricAndKpi(db, org, unit)).kpiId, version: 1, targets: [{ periodKey: '2026-03', value: '10' }] }),
  },
  'propose a draft KPI for approval': {
    definition: proposalActions.create as never,
    input: async (db, _w, unit, org) => ({ kpiId: (await freshMetricAndKpi(db, org, unit)).kpiId, kind: 'create' }),
  },
  'delete a draft KPI': {
    definition: kpiActions.delete as never,
    input: async (db, _w, unit, org) => ({ kpiId: (await freshMetricAndKpi(db, org, unit)).kpiId, version: 1 }),
  },
};

function expected(w: World, actor: Actor, definition: OrgActionDefinition<never, unknown>, target: Target, unit: string) {
  if (actor === 'signed out') return 'unauthenticated';
  if (actor === 'non-member') return 'not_found';
  const role = w.roles[actor]!;
  if (!canAnywhere(role, definition.permission) && !mayInScope(role, definition.permission)) return 'forbidden';
  if (target === 'other organization') return 'not_found';
  const who = { userId: w.users[actor]!, role, headOf: w.headOf[actor], memberOf: w.memberOf[actor] };
  return can(who, definition.permission, { unitId: unit, parents: w.parents }) ? 'ok' : 'forbidden';
}

/** Everything the actions of this issue can change, in both organizations. */
async function snapshot(db: Database) {
  const dump = async (table: string) => JSON.stringify((await db.owner.execute(sql.raw(`select * from ${table} order by 1, 2, 3`))) ?? null);
  const tables = ['org_units', 'memberships', 'unit_memberships', 'invitations', 'audit_log', 'goals', 'metrics', 'measurements', 'kpis', 'kpi_metrics', 'kpi_targets', 'kpi_proposals'];
  return Promise.all(tables.map(dump));
}

describeEachDatabase('the permission matrix', (db) => {
  let w: World;

  beforeAll(async () => {
    const a = await makeOrganization(db(), 'Matrix A', ['owner', 'admin', 'member', 'member', 'member', 'viewer']);
    const b = await makeOrganization(db(), 'Matrix B', ['owner']);
    const company = (await db().withTenant(a.id, (tx) => tx.select().from(orgUnits)))[0]!.id;
    const bUnit = (await db().withTenant(b.id, (tx) => tx.select().from(orgUnits)))[0]!.id;
    const marketing = await freshTeam(db(), a.id, company);
    const paid = await freshTeam(db(), a.id, marketing);
    const sales = await freshTeam(db(), a.id, company);
    const [deptHead, teamLead, member] = a.people.filter((p) => p.role === 'member').map((p) => p.id);
    await db().withTenant(a.id, (tx) =>
      tx.insert(unitMemberships).values([
        { organizationId: a.id, unitId: marketing, userId: deptHead!, role: 'head' },
        { organizationId: a.id, unitId: paid, userId: teamLead!, role: 'head' },
        { organizationId: a.id, unitId: paid, userId: member!, role: 'member' },
      ]),
    );
    const parents = new Map(
      (await db().withTenant(a.id, (tx) => tx.select({ id: orgUnits.id, parentId: orgUnits.parentId }).from(orgUnits))).map((u) => [u.id, u.parentId]),
    );
    w = {
      a,
      b,
      users: {
        owner: a.byRole('owner').id,
        admin: a.byRole('admin').id,
        'department head': deptHead!,
        'team lead': teamLead!,
        member: member!,
        viewer: a.byRole('viewer').id,
        'non-member': b.byRole('owner').id,
        'signed out': null,
      },
      roles: { owner: 'owner', admin: 'admin', 'department head': 'member', 'team lead': 'member', member: 'member', viewer: 'viewer', 'non-member': null, 'signed out': null },
      headOf: { owner: [], admin: [], 'department head': [marketing], 'team lead': [paid], member: [], viewer: [], 'non-member': [], 'signed out': [] },
      memberOf: { owner: [], admin: [], 'department head': [marketing], 'team lead': [paid], member: [paid], viewer: [], 'non-member': [], 'signed out': [] },
      units: { company, marketing, paid, sales, bUnit },
      parents,
    };
  });

  for (const [action, { definition, input }] of Object.entries(cases)) {
    for (const actor of actors) {
      it(`${action} as ${actor}`, async () => {
        for (const target of targets) {
          const unit = target === 'own unit' ? w.units.paid : target === 'other unit' ? w.units.sales : w.units.bUnit;
          const org = target === 'other organization' ? w.b.id : w.a.id;
          const args = await input(db(), w, unit, org);
          const want = expected(w, actor, definition, target, unit);
          const before = await snapshot(db());
          const result = await runOrgAction(db(), w.users[actor], w.a.slug, definition, args);
          const outcome = result.ok ? 'ok' : result.code;
          expect(outcome, `${action} as ${actor} on ${target}: ${result.ok ? '' : result.error}`).toBe(want);
          if (want === 'ok') expect(await snapshot(db()), 'it happened').not.toEqual(before);
          else expect(await snapshot(db()), 'nothing changed').toEqual(before);
        }
      });
    }
  }
});
