import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { auditLog, kpiMetrics, kpis, measurements, metrics, orgUnits, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { addDays, utcDateOf } from '@/lib/periods';

/** The schema's year-ahead bound is relative to the clock, so these dates are too. */
const today = () => utcDateOf(new Date());
import { metricActions } from './actions';
import { getMetricAccess, getMetricByKey, listMeasurements, listMetrics } from './queries';

type Org = Awaited<ReturnType<typeof makeOrganization>>;

const metricInput = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: `Metric ${key}`,
  description: '',
  unit: 'count',
  currencyCode: '',
  aggregation: 'sum',
  frequency: 'month',
  ownerId: '',
  ...extra,
});

describeEachDatabase('metrics', (db) => {
  let acme: Org;
  let other: Org;
  // people[4] heads Sales, people[5] is a plain member of Sales.
  let head: string;
  let salesMember: string;
  let salesId: string;
  let hrId: string;
  let teamId: string;

  const create = async (userId: string, input: Record<string, unknown>, org: Org = acme) => {
    const result = await runOrgAction(db(), userId, org.slug, metricActions.create, input);
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };
  const record = (userId: string, input: Record<string, unknown>, org: Org = acme) =>
    runOrgAction(db(), userId, org.slug, metricActions.record, input);
  const valuesOf = (orgId: string, metricId: string) => db().withTenant(orgId, (tx) => listMeasurements(tx, metricId));
  const auditCount = (orgId: string) => db().withTenant(orgId, (tx) => tx.$count(auditLog));
  /** A formula KPI in `unitId` that references the metric, inserted directly as the KPI feature would. */
  const useIn = (database: Database, orgId: string, unitId: string, metricId: string, state: 'draft' | 'active' | 'retired' = 'active') =>
    database.withTenant(orgId, async (tx) => {
      const [kpi] = await tx
        .insert(kpis)
        .values({
          organizationId: orgId,
          unitId,
          name: `KPI ${state} ${metricId.slice(0, 4)}`,
          unit: 'count',
          direction: 'up',
          frequency: 'month',
          indicator: 'lagging',
          horizon: 'operational',
          source: 'formula',
          formula: '{x}',
          state,
        })
        .returning();
      await tx.insert(kpiMetrics).values({ organizationId: orgId, kpiId: kpi!.id, metricId });
      return kpi!;
    });

  beforeAll(async () => {
    acme = await makeOrganization(db(), 'Acme Metrics', ['owner', 'admin', 'member', 'viewer', 'member', 'member']);
    other = await makeOrganization(db(), 'Other Metrics', ['owner', 'member']);
    head = acme.people[4]!.id;
    salesMember = acme.people[5]!.id;
    await db().withTenant(acme.id, async (tx) => {
      const [company] = await tx.select().from(orgUnits);
      const [sales, hr] = await tx
        .insert(orgUnits)
        .values([
          { organizationId: acme.id, parentId: company!.id, kind: 'department', name: 'Sales' },
          { organizationId: acme.id, parentId: company!.id, kind: 'department', name: 'HR' },
        ])
        .returning();
      const [team] = await tx.insert(orgUnits).values({ organizationId: acme.id, parentId: sales!.id, kind: 'team', name: 'Agents' }).returning();
      [salesId, hrId, teamId] = [sales!.id, hr!.id, team!.id];
      await tx.insert(unitMemberships).values([
        { organizationId: acme.id, unitId: salesId, userId: head, role: 'head' },
        { organizationId: acme.id, unitId: salesId, userId: salesMember, role: 'member' },
      ]);
    });
  });

  describe('create and update', () => {
    it('creates a metric and audits it; a currency metric keeps its code, others drop it', async () => {
      const owner = acme.byRole('owner').id;
      const revenue = await create(owner, metricInput('revenue', { name: 'Revenue', unit: 'currency', currencyCode: 'eur', ownerId: acme.byRole('member').id }));
      expect(revenue).toMatchObject({ key: 'revenue', unit: 'currency', currencyCode: 'EUR', ownerId: acme.byRole('member').id });
      const visits = await create(acme.byRole('member').id, metricInput('visits', { currencyCode: 'USD' }));
      expect(visits.currencyCode).toBeNull();
      const [entry] = await db().withTenant(acme.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, revenue.id)));
      expect(entry).toMatchObject({ action: 'metric.create', entityType: 'metric', after: { key: 'revenue', currencyCode: 'EUR' } });
    });

    it('requires a currency code for currency metrics, on the currencyCode field', async () => {
      const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, metricActions.create, metricInput('cash', { unit: 'currency' }));
      expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { currencyCode: [expect.stringMatching(/currency/)] } });
    });

    it('refuses a duplicate key with an error on the key field', async () => {
      await create(acme.byRole('owner').id, metricInput('paid_signups'));
      const again = await runOrgAction(db(), acme.byRole('admin').id, acme.slug, metricActions.create, metricInput('paid_signups'));
      expect(again).toMatchObject({ ok: false, fieldErrors: { key: ['A metric with the key paid_signups already exists'] } });
      // Keys are per organization.
      expect(await create(other.byRole('owner').id, metricInput('paid_signups'), other)).toMatchObject({ key: 'paid_signups' });
    });

    it.each(['Paid_Signups', 'paid signups', 'paid-signups', 'café', '', 'x'.repeat(65)])('refuses the key %j', async (key) => {
      const before = await auditCount(acme.id);
      const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, metricActions.create, metricInput(key));
      expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { key: [expect.any(String)] } });
      expect(await auditCount(acme.id)).toBe(before);
    });

    it('names the expected shape of a key', async () => {
      const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, metricActions.create, metricInput('Bad Key'));
      expect(result).toMatchObject({ fieldErrors: { key: ['Use lowercase letters, digits and _ (e.g. paid_signups)'] } });
    });

    it('updates everything but the key, with before and after in the audit log', async () => {
      const metric = await create(acme.byRole('owner').id, metricInput('headcount', { aggregation: 'sum' }));
      const result = await runOrgAction(db(), acme.byRole('admin').id, acme.slug, metricActions.update, {
        ...metricInput('renamed_key', { name: 'Headcount', aggregation: 'last', frequency: 'quarter', ownerId: head }),
        metricId: metric.id,
      });
      expect(result).toMatchObject({ ok: true, data: { key: 'headcount', name: 'Headcount', aggregation: 'last', frequency: 'quarter', ownerId: head } });
      const [entry] = await db().withTenant(acme.id, (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.entityId, metric.id), eq(auditLog.action, 'metric.update'))),
      );
      expect(entry).toMatchObject({ before: { aggregation: 'sum', ownerId: null }, after: { key: 'headcount', aggregation: 'last', ownerId: head } });
    });

    it('refuses an owner from another organization, and a missing metric', async () => {
      const outsider = other.byRole('member').id;
      const before = await auditCount(acme.id);
      const created = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, metricActions.create, metricInput('foreign_owner', { ownerId: outsider }));
      expect(created).toMatchObject({ ok: false, code: 'not_found', fieldErrors: { ownerId: [expect.any(String)] } });
      const metric = await create(acme.byRole('owner').id, metricInput('owned_here'));
      const updated = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, metricActions.update, {
        ...metricInput('owned_here', { ownerId: outsider }),
        metricId: metric.id,
      });
      expect(updated).toMatchObject({ ok: false, code: 'not_found', fieldErrors: { ownerId: [expect.any(String)] } });
      expect(await db().withTenant(acme.id, (tx) => getMetricByKey(tx, 'owned_here'))).toMatchObject({ ownerId: null });
      expect(await auditCount(acme.id)).toBe(before + 1);
    });

    it('lets a member update a metric they own, but not one they do not', async () => {
      const mine = await create(acme.byRole('owner').id, metricInput('member_owned', { ownerId: acme.byRole('member').id }));
      const theirs = await create(acme.byRole('owner').id, metricInput('not_member_owned'));
      const member = acme.byRole('member').id;
      const ok = await runOrgAction(db(), member, acme.slug, metricActions.update, { ...metricInput('x', { name: 'Mine', ownerId: member }), metricId: mine.id });
      expect(ok).toMatchObject({ ok: true, data: { name: 'Mine' } });
      const refused = await runOrgAction(db(), member, acme.slug, metricActions.update, { ...metricInput('x', { name: 'Nope' }), metricId: theirs.id });
      expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
    });
  });

  describe('recording values', () => {
    let visitors: string;
    beforeAll(async () => {
      visitors = (await create(acme.byRole('owner').id, metricInput('visitors', { name: 'Website visitors' }))).id;
    });

    it('records a value, then replaces it, keeping the old value in the audit log', async () => {
      const admin = acme.byRole('admin').id;
      const first = await record(admin, { metricId: visitors, date: '2026-01-31', value: '1234.5', note: 'January' });
      expect(first).toMatchObject({ ok: true, data: { outcome: 'inserted', value: 1234.5, previousValue: null } });
      const second = await record(admin, { metricId: visitors, date: '2026-01-31', value: '1300', note: '' });
      expect(second).toMatchObject({ ok: true, data: { outcome: 'updated', value: 1300, previousValue: 1234.5 } });
      const same = await record(admin, { metricId: visitors, date: '2026-01-31', value: '1.3e3', note: '' });
      expect(same).toMatchObject({ ok: true, data: { outcome: 'unchanged' } });

      const rows = await valuesOf(acme.id, visitors);
      expect(rows).toEqual([expect.objectContaining({ date: '2026-01-31', value: 1300, note: null, source: 'manual', recordedBy: admin })]);
      const entries = await db().withTenant(acme.id, (tx) =>
        tx.select().from(auditLog).where(eq(auditLog.entityId, `${visitors}:2026-01-31`)).orderBy(auditLog.createdAt),
      );
      expect(entries[1]).toMatchObject({
        action: 'measurement.record',
        before: { metricKey: 'visitors', value: 1234.5, note: 'January' },
        after: { metricKey: 'visitors', value: 1300, note: null, source: 'manual' },
      });
    });

    it.each([
      ['', 'Enter a number'],
      ['abc', 'Enter a number'],
      ['NaN', 'Enter a number'],
      ['Infinity', 'Enter a finite number'],
      ['-Infinity', 'Enter a finite number'],
      ['1e999', 'Enter a finite number'],
    ])('refuses the value %j with "%s" and writes nothing', async (value, message) => {
      const before = [await valuesOf(acme.id, visitors), await auditCount(acme.id)];
      const result = await record(acme.byRole('owner').id, { metricId: visitors, date: '2026-02-28', value, note: '' });
      expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { value: [message] } });
      expect([await valuesOf(acme.id, visitors), await auditCount(acme.id)]).toEqual(before);
    });

    it('refuses impossible dates and dates more than a year ahead', async () => {
      const owner = acme.byRole('owner').id;
      for (const date of ['2026-02-30', '2026-1-5', '31/01/2026', addDays(today(), 400)]) {
        expect(await record(owner, { metricId: visitors, date, value: '1' })).toMatchObject({ ok: false, fieldErrors: { date: [expect.any(String)] } });
      }
      expect(await record(owner, { metricId: visitors, date: addDays(today(), 30), value: '1' })).toMatchObject({ ok: true });
    });

    it('lists metrics with owner, last value, count and usage', async () => {
      const owner = acme.byRole('owner').id;
      const stock = (await create(owner, metricInput('listed', { ownerId: acme.byRole('admin').id }))).id;
      await record(owner, { metricId: stock, date: '2026-03-31', value: '-3' });
      await record(owner, { metricId: stock, date: '2026-02-28', value: '5' });
      const kpi = await useIn(db(), acme.id, salesId, stock);
      const list = await db().withTenant(acme.id, (tx) => listMetrics(tx));
      expect(list.find((m) => m.key === 'listed')).toMatchObject({
        ownerName: expect.any(String),
        lastValue: -3,
        lastDate: '2026-03-31',
        valueCount: 2,
        usedBy: [{ kpiId: kpi.id, name: kpi.name, unitId: salesId, state: 'active', ownerId: null }],
      });
      expect(list.find((m) => m.key === 'revenue')).toMatchObject({ valueCount: 0, lastValue: null, lastDate: null, usedBy: [] });
      expect((await valuesOf(acme.id, stock)).map((v) => v.date)).toEqual(['2026-02-28', '2026-03-31']);
    });
  });

  describe('isolation', () => {
    it('answers another organization’s metric with "not found" for update and record, changing nothing', async () => {
      const foreign = await create(other.byRole('owner').id, metricInput('foreign_metric'), other);
      const owner = acme.byRole('owner').id;
      const before = [await auditCount(other.id), await valuesOf(other.id, foreign.id)];
      const updated = await runOrgAction(db(), owner, acme.slug, metricActions.update, { ...metricInput('x', { name: 'Hijacked' }), metricId: foreign.id });
      const recorded = await record(owner, { metricId: foreign.id, date: '2026-01-01', value: '1' });
      expect(updated).toMatchObject({ ok: false, code: 'not_found' });
      expect(recorded).toMatchObject({ ok: false, code: 'not_found' });
      // A member goes through the scoped path (the owner/unit look-ups): the same answer.
      const asMember = await record(acme.byRole('member').id, { metricId: foreign.id, date: '2026-01-01', value: '1' });
      expect(asMember).toMatchObject({ ok: false, code: 'not_found' });
      expect([await auditCount(other.id), await valuesOf(other.id, foreign.id)]).toEqual(before);
      expect(await db().withTenant(other.id, (tx) => getMetricByKey(tx, 'foreign_metric'))).toMatchObject({ name: 'Metric foreign_metric' });
      await expect(db().withTenant(acme.id, (tx) => getMetricAccess(tx, foreign.id))).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('roles', () => {
    let owned: string;
    let unowned: string;
    let usedInSales: string;
    let usedInTeam: string;
    let usedInHr: string;
    let retiredInSales: string;
    beforeAll(async () => {
      const owner = acme.byRole('owner').id;
      owned = (await create(owner, metricInput('owned_by_member', { ownerId: acme.byRole('member').id }))).id;
      unowned = (await create(owner, metricInput('owned_by_nobody'))).id;
      usedInSales = (await create(owner, metricInput('used_in_sales'))).id;
      usedInTeam = (await create(owner, metricInput('used_in_team'))).id;
      usedInHr = (await create(owner, metricInput('used_in_hr'))).id;
      retiredInSales = (await create(owner, metricInput('retired_in_sales'))).id;
      await useIn(db(), acme.id, salesId, usedInSales, 'draft');
      await useIn(db(), acme.id, teamId, usedInTeam);
      await useIn(db(), acme.id, hrId, usedInHr);
      await useIn(db(), acme.id, salesId, retiredInSales, 'retired');
    });
    const value = (metricId: string) => ({ metricId, date: '2026-04-30', value: '7' });

    it('keeps a viewer read-only: create, update and record are forbidden', async () => {
      const viewer = acme.byRole('viewer').id;
      const before = await auditCount(acme.id);
      expect(await runOrgAction(db(), viewer, acme.slug, metricActions.create, metricInput('by_viewer'))).toMatchObject({ code: 'forbidden' });
      expect(await runOrgAction(db(), viewer, acme.slug, metricActions.update, { ...metricInput('x'), metricId: unowned })).toMatchObject({ code: 'forbidden' });
      expect(await record(viewer, value(unowned))).toMatchObject({ code: 'forbidden' });
      expect(await auditCount(acme.id)).toBe(before);
    });

    it('lets a member record only for a metric they own', async () => {
      const member = acme.byRole('member').id;
      expect(await record(member, value(owned))).toMatchObject({ ok: true });
      expect(await record(member, value(unowned))).toMatchObject({ ok: false, code: 'forbidden' });
      // Belonging to the unit whose KPI uses it is not enough: heads record, members own.
      expect(await record(salesMember, value(usedInSales))).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await valuesOf(acme.id, unowned)).toEqual([]);
    });

    it('lets a head record for metrics used by KPIs in their units (and below), not elsewhere', async () => {
      expect(await record(head, value(usedInSales))).toMatchObject({ ok: true });
      expect(await record(head, value(usedInTeam))).toMatchObject({ ok: true });
      expect(await record(head, value(usedInHr))).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await record(head, value(retiredInSales))).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await valuesOf(acme.id, usedInHr)).toEqual([]);
      expect(await db().withTenant(acme.id, (tx) => getMetricAccess(tx, usedInSales))).toEqual({ ownerId: null, unitIds: [salesId] });
    });

    it('lets owners and admins record anything', async () => {
      expect(await record(acme.byRole('owner').id, value(usedInHr))).toMatchObject({ ok: true });
      expect(await record(acme.byRole('admin').id, value(unowned))).toMatchObject({ ok: true });
    });
  });

  it('sees only its own organization’s metrics and values, even with no where (RLS)', async () => {
    const seen = await db().withTenant(other.id, (tx) => tx.select({ org: measurements.organizationId }).from(measurements));
    expect(seen.every((r) => r.org === other.id)).toBe(true);
    const all = await db().withTenant(other.id, (tx) => tx.select({ org: metrics.organizationId }).from(metrics));
    expect(all.every((r) => r.org === other.id)).toBe(true);
  });
});
