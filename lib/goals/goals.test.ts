import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { auditLog, goals, kpis, orgUnits, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { goalActions } from './actions';
import { getGoal, listGoals, listGoalTree } from './queries';

type Org = Awaited<ReturnType<typeof makeOrganization>>;

async function addUnit(db: Database, org: Org, parentId: string, kind: 'department' | 'team', name: string) {
  const [unit] = await db.withTenant(org.id, (tx) =>
    tx.insert(orgUnits).values({ organizationId: org.id, parentId, kind, name }).returning({ id: orgUnits.id }),
  );
  return unit!.id;
}

async function addKpi(db: Database, org: Org, unitId: string, name: string) {
  const [kpi] = await db.withTenant(org.id, (tx) =>
    tx
      .insert(kpis)
      .values({
        organizationId: org.id,
        unitId,
        name,
        unit: 'count',
        direction: 'up',
        frequency: 'month',
        indicator: 'lagging',
        horizon: 'strategic',
        source: 'formula',
        formula: '1',
        state: 'active',
      })
      .returning({ id: kpis.id }),
  );
  return kpi!.id;
}

const span = { startDate: '2026-01-01', dueDate: '2026-12-31' };

describeEachDatabase('goals', (db) => {
  let acme: Org;
  let other: Org;
  /** The second member heads Marketing (and so Paid Media below it). */
  let head: string;
  const u = { company: '', marketing: '', paid: '', sales: '', archived: '' };
  const foreign = { unit: '', goal: '', kpi: '', owner: '' };
  let kpiId: string;

  const run = (userId: string, action: keyof typeof goalActions, input: Record<string, unknown>) =>
    action === 'create'
      ? runOrgAction(db(), userId, acme.slug, goalActions.create, input)
      : runOrgAction(db(), userId, acme.slug, goalActions.update, input);
  const owner = () => acme.byRole('owner').id;
  const create = async (input: Record<string, unknown>, userId: string = owner()) => {
    const result = await run(userId, 'create', { ...span, ...input });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return (result as { ok: true; data: { id: string } }).data.id;
  };
  const counts = async () => ({
    acme: await db().withTenant(acme.id, async (tx) => [await tx.$count(goals), await tx.$count(auditLog)]),
    other: await db().withTenant(other.id, async (tx) => [await tx.$count(goals), await tx.$count(auditLog)]),
  });
  const row = async (id: string) =>
    (await db().withTenant(acme.id, (tx) => tx.select().from(goals).where(and(eq(goals.organizationId, acme.id), eq(goals.id, id)))))[0];

  beforeAll(async () => {
    acme = await makeOrganization(db(), 'Goal Co', ['owner', 'admin', 'member', 'viewer', 'member']);
    other = await makeOrganization(db(), 'Other Goal Co', ['owner']);
    head = acme.people[4]!.id;
    const [company] = await db().withTenant(acme.id, (tx) => tx.select({ id: orgUnits.id }).from(orgUnits));
    u.company = company!.id;
    u.marketing = await addUnit(db(), acme, u.company, 'department', 'Marketing');
    u.sales = await addUnit(db(), acme, u.company, 'department', 'Sales');
    u.paid = await addUnit(db(), acme, u.marketing, 'team', 'Paid Media');
    u.archived = await addUnit(db(), acme, u.company, 'department', 'Old Ops');
    await db().withTenant(acme.id, async (tx) => {
      await tx.update(orgUnits).set({ archivedAt: new Date() }).where(and(eq(orgUnits.organizationId, acme.id), eq(orgUnits.id, u.archived)));
      await tx.insert(unitMemberships).values({ organizationId: acme.id, unitId: u.marketing, userId: head, role: 'head' });
    });
    kpiId = await addKpi(db(), acme, u.company, 'New paying members');

    const [otherCompany] = await db().withTenant(other.id, (tx) => tx.select({ id: orgUnits.id }).from(orgUnits));
    foreign.unit = otherCompany!.id;
    foreign.kpi = await addKpi(db(), other, foreign.unit, 'Their KPI');
    foreign.owner = other.byRole('owner').id;
    const [theirGoal] = await db().withTenant(other.id, (tx) =>
      tx.insert(goals).values({ organizationId: other.id, unitId: foreign.unit, title: 'Their goal', ...span }).returning(),
    );
    foreign.goal = theirGoal!.id;
  });

  describe('create and update', () => {
    it('creates a company goal with an outcome, and audits it with its unit', async () => {
      const member = acme.byRole('member').id;
      const id = await create({
        unitId: u.company,
        title: '  2,000 new paying members  ',
        description: 'By the end of the year',
        ownerId: member,
        parentGoalId: '',
        outcomeKpiId: kpiId,
        outcomeTarget: '2000',
      });
      expect(await row(id)).toMatchObject({
        organizationId: acme.id,
        unitId: u.company,
        title: '2,000 new paying members',
        ownerId: member,
        parentGoalId: null,
        outcomeKpiId: kpiId,
        outcomeTarget: 2000,
        ...span,
      });
      const [entry] = await db().withTenant(acme.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, id)));
      expect(entry).toMatchObject({ action: 'goal.create', entityType: 'goal', unitId: u.company, before: null, after: { outcomeTarget: 2000 } });
    });

    it('updates a goal, dropping its outcome, with before and after in the audit log', async () => {
      const id = await create({ unitId: u.company, title: 'Grow', outcomeKpiId: kpiId, outcomeTarget: '10' });
      const result = await run(owner(), 'update', { goalId: id, unitId: u.company, title: 'Grow more', ...span, startDate: '2026-02-01', ownerId: '', outcomeKpiId: '', outcomeTarget: '' });
      expect(result).toMatchObject({ ok: true, data: { id, title: 'Grow more' } });
      expect(await row(id)).toMatchObject({ title: 'Grow more', startDate: '2026-02-01', outcomeKpiId: null, outcomeTarget: null });
      const [entry] = await db().withTenant(acme.id, (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'goal.update'))),
      );
      expect(entry).toMatchObject({ unitId: u.company, before: { title: 'Grow', outcomeTarget: 10 }, after: { title: 'Grow more', outcomeTarget: null } });
    });

    it('aligns a department goal to a company goal and a team goal to either', async () => {
      const top = await create({ unitId: u.company, title: 'Top' });
      const dept = await create({ unitId: u.marketing, title: 'Dept', parentGoalId: top });
      await create({ unitId: u.paid, title: 'Team to dept', parentGoalId: dept });
      await create({ unitId: u.paid, title: 'Team to company', parentGoalId: top });
    });
  });

  describe('validation', () => {
    it('refuses a due date before the start date, on the due date field, and writes nothing', async () => {
      const before = await counts();
      const result = await run(owner(), 'create', { unitId: u.company, title: 'Backwards', startDate: '2026-06-01', dueDate: '2026-05-31' });
      expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { dueDate: ['The due date cannot be before the start date'] } });
      expect(await counts()).toEqual(before);
    });

    it('refuses dates that are not real YYYY-MM-DD dates and targets that are not finite numbers', async () => {
      const result = await run(owner(), 'create', {
        unitId: u.company,
        title: '',
        startDate: '2026-02-30',
        dueDate: '31/12/2026',
        outcomeKpiId: kpiId,
        outcomeTarget: 'Infinity',
      });
      expect(result).toMatchObject({ ok: false, code: 'invalid' });
      const fieldErrors = (result as { fieldErrors: Record<string, string[]> }).fieldErrors;
      expect(Object.keys(fieldErrors).sort()).toEqual(['dueDate', 'outcomeTarget', 'startDate', 'title']);
    });

    it('asks for the target when an outcome KPI is chosen, and for the KPI when a target is given', async () => {
      const noTarget = await run(owner(), 'create', { unitId: u.company, title: 'Half', outcomeKpiId: kpiId, outcomeTarget: '', ...span });
      expect(noTarget).toMatchObject({ ok: false, fieldErrors: { outcomeTarget: ['Enter the value the KPI should reach'] } });
      const noKpi = await run(owner(), 'create', { unitId: u.company, title: 'Half', outcomeKpiId: '', outcomeTarget: '5', ...span });
      expect(noKpi).toMatchObject({ ok: false, fieldErrors: { outcomeKpiId: ['Choose the KPI this target is for'] } });
      // Only the first stands when both are wrong at once: a target needs a valid KPI to be judged.
      expect(await run(owner(), 'create', { unitId: u.company, title: 'x', outcomeKpiId: 'nope', outcomeTarget: '', ...span })).toMatchObject({
        fieldErrors: { outcomeKpiId: ['Choose a KPI'] },
      });
    });

    it('refuses a parent goal in a unit that is not above the goal’s unit', async () => {
      const marketingGoal = await create({ unitId: u.marketing, title: 'Leads' });
      const before = await counts();
      const beside = await run(owner(), 'create', { unitId: u.sales, title: 'Deals', parentGoalId: marketingGoal, ...span });
      expect(beside).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { parentGoalId: ['Align to a goal of a unit above Sales'] } });
      const same = await run(owner(), 'create', { unitId: u.marketing, title: 'Peer', parentGoalId: marketingGoal, ...span });
      expect(same).toMatchObject({ ok: false, fieldErrors: { parentGoalId: ['Align to a goal of a unit above Marketing'] } });
      const above = await create({ unitId: u.company, title: 'Company' });
      const upwards = await run(owner(), 'update', { goalId: above, unitId: u.company, title: 'Company', parentGoalId: marketingGoal, ...span });
      expect(upwards).toMatchObject({ ok: false, fieldErrors: { parentGoalId: ['Align to a goal of a unit above Goal Co'] } });
      expect((await counts()).acme[0]).toBe(before.acme[0]! + 1);
    });

    it('refuses making a goal its own ancestor, even when the units would allow it', async () => {
      const self = await create({ unitId: u.company, title: 'Self' });
      expect(await run(owner(), 'update', { goalId: self, unitId: u.company, title: 'Self', parentGoalId: self, ...span })).toMatchObject({
        ok: false,
        fieldErrors: { parentGoalId: ['Choose a goal that is not this one or below it'] },
      });

      // Team X sits under Sales with goal gx; team Y under X with goal gy aligned to gx.
      const x = await addUnit(db(), acme, u.sales, 'team', 'Team X');
      const y = await addUnit(db(), acme, x, 'team', 'Team Y');
      const gx = await create({ unitId: x, title: 'gx' });
      const gy = await create({ unitId: y, title: 'gy', parentGoalId: gx });
      // The units are reorganized: Y moves up to Sales, then X under Y. Now Y is above X…
      await db().withTenant(acme.id, async (tx) => {
        await tx.update(orgUnits).set({ parentId: u.sales }).where(and(eq(orgUnits.organizationId, acme.id), eq(orgUnits.id, y)));
        await tx.update(orgUnits).set({ parentId: y }).where(and(eq(orgUnits.organizationId, acme.id), eq(orgUnits.id, x)));
      });
      // …so aligning gx to gy passes the unit rule, but gy already aligns to gx.
      const cycle = await run(owner(), 'update', { goalId: gx, unitId: x, title: 'gx', parentGoalId: gy, ...span });
      expect(cycle).toMatchObject({ ok: false, fieldErrors: { parentGoalId: ['Choose a goal that is not this one or below it'] } });
      expect((await row(gx))!.parentGoalId).toBeNull();
    });

    it('refuses moving a goal to a unit its aligned goals are not below', async () => {
      const dept = await create({ unitId: u.marketing, title: 'Reach' });
      await create({ unitId: u.paid, title: 'Clicks', parentGoalId: dept });
      const result = await run(owner(), 'update', { goalId: dept, unitId: u.sales, title: 'Reach', ...span });
      expect(result).toMatchObject({ ok: false, fieldErrors: { unitId: ['Choose a unit above Paid Media, or align those goals elsewhere first'] } });
      expect((await row(dept))!.unitId).toBe(u.marketing);
      // Up to the company keeps the team goal below: allowed.
      expect(await run(owner(), 'update', { goalId: dept, unitId: u.company, title: 'Reach', ...span })).toMatchObject({ ok: true });
    });

    it('refuses an archived unit', async () => {
      expect(await run(owner(), 'create', { unitId: u.archived, title: 'Ghost', ...span })).toMatchObject({
        ok: false,
        code: 'not_found',
        fieldErrors: { unitId: ['This unit is archived: choose an active one'] },
      });
    });
  });

  describe('isolation', () => {
    it.each([
      ['unitId', () => ({ unitId: foreign.unit })],
      ['parentGoalId', () => ({ parentGoalId: foreign.goal })],
      ['outcomeKpiId', () => ({ outcomeKpiId: foreign.kpi, outcomeTarget: '1' })],
      ['ownerId', () => ({ ownerId: foreign.owner })],
    ])('answers another organization’s %s with not found and writes nothing', async (field, input) => {
      const before = await counts();
      for (const userId of [owner(), head]) {
        const created = await run(userId, 'create', { unitId: u.marketing, title: 'Sneaky', ...span, ...input() });
        expect(created, `${field} by ${userId === head ? 'head' : 'owner'}`).toMatchObject({ ok: false, code: 'not_found' });
      }
      const mine = await create({ unitId: u.marketing, title: 'Mine' });
      const counted = await counts();
      const updated = await run(owner(), 'update', { goalId: mine, unitId: u.marketing, title: 'Mine', ...span, ...input() });
      expect(updated).toMatchObject({ ok: false, code: 'not_found' });
      expect(await counts()).toEqual(counted);
      expect(counted.acme[0]).toBe(before.acme[0]! + 1);
      expect(counted.other).toEqual(before.other);
    });

    it('answers another organization’s goal id with not found, for any role, and changes nothing', async () => {
      const before = await counts();
      for (const userId of [owner(), head]) {
        const result = await run(userId, 'update', { goalId: foreign.goal, unitId: u.marketing, title: 'Taken', ...span });
        expect(result).toMatchObject({ ok: false, code: 'not_found' });
      }
      expect(await counts()).toEqual(before);
      const [theirs] = await db().withTenant(other.id, (tx) => tx.select().from(goals));
      expect(theirs!.title).toBe('Their goal');
      expect(await db().withTenant(acme.id, (tx) => getGoal(tx, foreign.goal))).toBeNull();
    });

    it('has keys that refuse cross-organization references even from the table owner, bypassing RLS and the app', async () => {
      const base = { organizationId: acme.id, unitId: u.company, title: 'Forged', ...span };
      for (const forged of [
        { parentGoalId: foreign.goal },
        { unitId: foreign.unit },
        { outcomeKpiId: foreign.kpi, outcomeTarget: 1 },
        { ownerId: foreign.owner },
      ]) {
        await expect(db().owner.insert(goals).values({ ...base, ...forged }), JSON.stringify(forged)).rejects.toThrow();
      }
      expect(await db().owner.select().from(goals).where(eq(goals.title, 'Forged'))).toEqual([]);
    });
  });

  describe('roles', () => {
    it.each(['viewer', 'member'] as const)('refuses a %s', async (role) => {
      const before = await counts();
      expect(await run(acme.byRole(role).id, 'create', { unitId: u.paid, title: 'No', ...span })).toMatchObject({ ok: false, code: 'forbidden' });
      const goal = await create({ unitId: u.paid, title: 'Existing' });
      expect(await run(acme.byRole(role).id, 'update', { goalId: goal, unitId: u.paid, title: 'No', ...span })).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect((await counts()).acme[0]).toBe(before.acme[0]! + 1);
    });

    it('lets a head manage goals in their subtree, aligned to goals above it', async () => {
      const top = await create({ unitId: u.company, title: 'Company aim' });
      const dept = await create({ unitId: u.marketing, title: 'Marketing aim', parentGoalId: top }, head);
      const team = await create({ unitId: u.paid, title: 'Paid aim', parentGoalId: dept }, head);
      expect(await run(head, 'update', { goalId: team, unitId: u.paid, title: 'Paid aim, sharper', parentGoalId: top, ...span })).toMatchObject({
        ok: true,
      });
    });

    it('refuses a head outside their subtree, and moving a goal out of it or into it', async () => {
      const before = await counts();
      for (const unitId of [u.sales, u.company]) {
        expect(await run(head, 'create', { unitId, title: 'Elsewhere', ...span })).toMatchObject({ ok: false, code: 'forbidden' });
      }
      const theirs = await create({ unitId: u.marketing, title: 'Marketing only' });
      const salesGoal = await create({ unitId: u.sales, title: 'Sales only' });
      const out = await run(head, 'update', { goalId: theirs, unitId: u.sales, title: 'Moved out', ...span });
      const into = await run(head, 'update', { goalId: salesGoal, unitId: u.marketing, title: 'Moved in', ...span });
      const edit = await run(head, 'update', { goalId: salesGoal, unitId: u.sales, title: 'Edited', ...span });
      for (const result of [out, into, edit]) expect(result).toMatchObject({ ok: false, code: 'forbidden' });
      expect([(await row(theirs))!.unitId, (await row(salesGoal))!.title]).toEqual([u.marketing, 'Sales only']);
      expect((await counts()).acme[0]).toBe(before.acme[0]! + 2);
    });

    it('answers a head’s update of a missing goal with not found', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect(await run(head, 'update', { goalId: missing, unitId: u.marketing, title: 'x', ...span })).toMatchObject({ ok: false, code: 'not_found' });
      expect(await run(owner(), 'update', { goalId: missing, unitId: u.marketing, title: 'x', ...span })).toMatchObject({ ok: false, code: 'not_found' });
    });

    it('lets an admin manage goals anywhere, including moving them across departments', async () => {
      const admin = acme.byRole('admin').id;
      const goal = await create({ unitId: u.sales, title: 'Admin goal' }, admin);
      expect(await run(admin, 'update', { goalId: goal, unitId: u.paid, title: 'Admin goal', ...span })).toMatchObject({ ok: true });
    });
  });

  describe('queries', () => {
    it('lists goals with unit, owner, parent and outcome names, and builds the alignment tree', async () => {
      const member = acme.byRole('member').id;
      const top = await create({ unitId: u.company, title: 'Tree top', ownerId: member, outcomeKpiId: kpiId, outcomeTarget: '2000' });
      const dept = await create({ unitId: u.marketing, title: 'Tree dept', parentGoalId: top });
      await create({ unitId: u.paid, title: 'Tree team', parentGoalId: dept });
      const { list, one, tree, filtered } = await db().withTenant(acme.id, async (tx) => ({
        list: await listGoals(tx),
        one: await getGoal(tx, dept),
        tree: await listGoalTree(tx),
        filtered: await listGoalTree(tx, { unitIds: [u.paid] }),
      }));
      expect(list.find((g) => g.id === top)).toMatchObject({
        unitName: 'Goal Co',
        unitKind: 'company',
        ownerName: acme.people[2]!.email,
        outcomeKpi: { id: kpiId, name: 'New paying members', unit: 'count', direction: 'up' },
      });
      expect(one).toMatchObject({ unitName: 'Marketing', parentTitle: 'Tree top', ownerName: null, outcomeKpi: null });
      // Company goals come first, then departments, then teams.
      const kinds = list.map((g) => g.unitKind);
      expect(kinds).toEqual([...kinds].sort((a, b) => ['company', 'department', 'team'].indexOf(a) - ['company', 'department', 'team'].indexOf(b)));
      const node = tree.find((g) => g.id === top)!;
      expect(node.children.map((c) => c.title)).toEqual(['Tree dept']);
      expect(node.children[0]!.children.map((c) => c.title)).toEqual(['Tree team']);
      // Filtered to the team, its goal stands at the top.
      expect(filtered.map((g) => g.title)).toContain('Tree team');
      expect(filtered.every((g) => g.depth === 0)).toBe(true);
    });
  });
});
