import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Database, TenantTx } from '@/db';
import { auditLog, checkIns, kpiMetrics, kpis, kpiTargets, measurements, metrics, orgUnits, periodLocks, unitMemberships } from '@/db/schema';
import { countQueries, describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from '@/lib/action-runner';
import { getKpiResults } from '@/lib/kpis/results';
import { readPolicy } from '@/lib/organizations/policy';
import { lastCompletedPeriod, shiftPeriod } from '@/lib/periods';
import { proposalActions } from '@/lib/proposals/actions';
import { checkInActions } from './actions';
import { getMyUpdateCounts, getMyUpdates } from './my-updates';
import { getLatestCheckIns, listCheckIns } from './queries';
import { isWatermelon } from './rules';

const cal = { fiscalYearStartMonth: 1 };
const organization = { ...cal, policy: readPolicy({}) };
// Mid-June 2026: May is the last completed month and, the grace days over, the one owed.
const now = new Date('2026-06-15T12:00:00Z');
const today = '2026-06-15';
const last = lastCompletedPeriod('month', today, cal);
const earlier = shiftPeriod(last, -2, cal);

/** An organization with a department and a team, a live formula KPI on a monthly `sum` metric, and people in every role. */
async function world(db: Database, name: string) {
  const org = await makeOrganization(db, name, ['owner', 'member', 'member', 'member', 'member', 'viewer']);
  const [deptHead, kpiOwner, outsider, reviewer] = org.people.filter((p) => p.role === 'member').map((p) => p.id) as [string, string, string, string];
  const ids = await db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select().from(orgUnits);
    const [dept] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Sales' }).returning();
    const [team] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: dept!.id, kind: 'team', name: 'Agents' }).returning();
    await tx.insert(unitMemberships).values([
      { organizationId: org.id, unitId: dept!.id, userId: deptHead, role: 'head' },
      { organizationId: org.id, unitId: team!.id, userId: kpiOwner, role: 'member' },
      { organizationId: org.id, unitId: team!.id, userId: outsider, role: 'member' },
    ]);
    const [sales, leads] = await tx
      .insert(metrics)
      .values([
        { organizationId: org.id, key: 'sales', name: 'Sales', unit: 'count', aggregation: 'sum', frequency: 'month', ownerId: kpiOwner },
        { organizationId: org.id, key: 'leads', name: 'Leads', unit: 'count', aggregation: 'sum', frequency: 'week', ownerId: kpiOwner },
      ])
      .returning();
    const [kpi] = await tx
      .insert(kpis)
      .values({ organizationId: org.id, unitId: team!.id, name: 'Agent sales', ownerId: kpiOwner, unit: 'count', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'operational', source: 'formula', formula: '{sales} + {leads} * 0', state: 'active', createdBy: kpiOwner })
      .returning();
    await tx.insert(kpiMetrics).values([
      { organizationId: org.id, kpiId: kpi!.id, metricId: sales!.id },
      { organizationId: org.id, kpiId: kpi!.id, metricId: leads!.id },
    ]);
    await tx.insert(kpiTargets).values([last, earlier].map((p) => ({ organizationId: org.id, kpiId: kpi!.id, periodKey: p.key, value: 100 })));
    // Weekly leads: one in the period, so the KPI has data; its field is read-only in a monthly check-in.
    await tx.insert(measurements).values({ organizationId: org.id, metricId: leads!.id, date: last.start, value: 1, source: 'manual' });
    await tx.insert(periodLocks).values({ organizationId: org.id, periodKey: earlier.key, kind: 'month', startDate: earlier.start, endDate: earlier.end });
    return { dept: dept!.id, team: team!.id, sales: sales!.id, leads: leads!.id, kpi: kpi!.id };
  });
  return { org, ids, users: { owner: org.byRole('owner').id, viewer: org.byRole('viewer').id, deptHead, kpiOwner, outsider, reviewer } };
}

describeEachDatabase('check-ins', (db) => {
  let w: Awaited<ReturnType<typeof world>>;
  let other: Awaited<ReturnType<typeof world>>;
  const run = <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object, slug = w.org.slug) =>
    runOrgAction(db(), user, slug, definition, input, { now });
  const read = <T>(fn: (tx: TenantTx) => Promise<T>, orgId = w.org.id) => db().withTenant(orgId, fn);
  const salesValue = (orgId = w.org.id) =>
    read(async (tx) => (await tx.select().from(measurements).where(and(eq(measurements.metricId, orgId === w.org.id ? w.ids.sales : other.ids.sales), eq(measurements.date, last.end))))[0], orgId);
  const checkInCount = (orgId = w.org.id) => read((tx) => tx.$count(checkIns), orgId);

  beforeAll(async () => {
    w = await world(db(), 'Check-in Co');
    other = await world(db(), 'Check-in Elsewhere');
  });

  it('writes the values at the period end, keeps the check-in and audits both', async () => {
    const result = await run(w.users.kpiOwner, checkInActions.record, {
      kpiId: w.ids.kpi,
      periodKey: last.key,
      confidence: 'on_track',
      comment: 'Two big deals closed; next: the renewal wave',
      [`values.${w.ids.sales}`]: '120',
    });
    expect(result).toMatchObject({ ok: true, data: { periodKey: last.key, status: 'on_track', watermelon: false, values: 1 } });
    expect(await salesValue()).toMatchObject({ value: 120, source: 'manual', recordedBy: w.users.kpiOwner });
    const history = await read((tx) => listCheckIns(tx, w.ids.kpi));
    expect(history[0]).toMatchObject({ periodKey: last.key, confidence: 'on_track', comment: 'Two big deals closed; next: the renewal wave' });
    expect(history[0]!.authorName).toBeTruthy();
    const actions = (await read((tx) => tx.select().from(auditLog).where(eq(auditLog.actorUserId, w.users.kpiOwner)))).map((a) => a.action).sort();
    expect(actions).toEqual(['kpi.check_in', 'measurement.record']);
  });

  it('refuses a check-in that leaves the KPI red without a comment, and writes nothing', async () => {
    const before = await checkInCount();
    const result = await run(w.users.kpiOwner, checkInActions.record, { kpiId: w.ids.kpi, periodKey: last.key, confidence: 'at_risk', comment: '  ', [`values.${w.ids.sales}`]: '40' });
    expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { comment: [expect.stringContaining('off track')] } });
    // The form gets back what was typed.
    expect(!result.ok && result.values?.[`values.${w.ids.sales}`]).toBe('40');
    expect((await salesValue())?.value).toBe(120);
    expect(await checkInCount()).toBe(before);
  });

  it('flags a watermelon: the owner says on track, the numbers say off track', async () => {
    const result = await run(w.users.kpiOwner, checkInActions.record, { kpiId: w.ids.kpi, periodKey: last.key, confidence: 'on_track', comment: 'Pipeline looks fine', [`values.${w.ids.sales}`]: '40' });
    expect(result).toMatchObject({ ok: true, data: { status: 'off_track', watermelon: true } });
    const [latest, results] = await read((tx) =>
      Promise.all([getLatestCheckIns(tx, [{ kpiId: w.ids.kpi, periodKey: last.key }]), getKpiResults(tx, organization, [{ kpiId: w.ids.kpi, ranges: [last] }], today)]),
    );
    const current = latest.get(`${w.ids.kpi}|${last.key}`);
    expect(current).toMatchObject({ confidence: 'on_track', comment: 'Pipeline looks fine' });
    expect(isWatermelon(current?.confidence, results.get(w.ids.kpi)?.get(last.key)?.status)).toBe(true);
  });

  it('refuses values in a locked period, or that the period already combines, beside their field', async () => {
    const locked = await run(w.users.kpiOwner, checkInActions.record, { kpiId: w.ids.kpi, periodKey: earlier.key, confidence: 'on_track', comment: 'x', [`values.${w.ids.sales}`]: '90' });
    expect(locked).toMatchObject({ ok: false, fieldErrors: { [`values.${w.ids.sales}`]: [`The period ${earlier.key} is locked: its values can no longer change`] } });
    const weekly = await run(w.users.kpiOwner, checkInActions.record, { kpiId: w.ids.kpi, periodKey: last.key, confidence: 'on_track', comment: 'x', [`values.${w.ids.leads}`]: '9' });
    expect(weekly).toMatchObject({ ok: false, fieldErrors: { [`values.${w.ids.leads}`]: [expect.stringContaining('Measured more often')] } });
    const noConfidence = await run(w.users.kpiOwner, checkInActions.record, { kpiId: w.ids.kpi, periodKey: last.key, comment: 'x' });
    expect(noConfidence).toMatchObject({ ok: false, fieldErrors: { confidence: [expect.any(String)] } });
  });

  it('lets the KPI owner, the heads above it and executives check in, and no one else', async () => {
    const input = { kpiId: w.ids.kpi, periodKey: last.key, confidence: 'off_track', comment: 'Reviewed' };
    for (const user of [w.users.kpiOwner, w.users.deptHead, w.users.owner]) {
      expect(await run(user, checkInActions.record, input)).toMatchObject({ ok: true });
    }
    const before = await checkInCount();
    expect(await run(w.users.outsider, checkInActions.record, input)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await run(w.users.viewer, checkInActions.record, input)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await checkInCount()).toBe(before);
  });

  it("treats another organization's KPI as not found and changes nothing", async () => {
    const before = { mine: await checkInCount(), theirs: await checkInCount(other.org.id) };
    const input = { kpiId: other.ids.kpi, periodKey: last.key, confidence: 'on_track', comment: 'x', [`values.${other.ids.sales}`]: '5' };
    expect(await run(w.users.owner, checkInActions.record, input)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await run(w.users.kpiOwner, checkInActions.record, input)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await checkInCount()).toBe(before.mine);
    expect(await checkInCount(other.org.id)).toBe(before.theirs);
    expect(await salesValue(other.org.id)).toBeUndefined();
  });
});


describeEachDatabase('my updates', (db) => {
  let w: Awaited<ReturnType<typeof world>>;
  const ok = async <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object) => {
    const result = await runOrgAction(db(), user, w.org.slug, definition, input, { now });
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };
  const read = <T>(fn: (tx: TenantTx) => Promise<T>) => db().withTenant(w.org.id, fn);
  const actorOf = (userId: string, headOf: string[] = []) => ({ userId, role: 'member' as const, headOf });
  const addMetrics = (keys: string[], ownerId: string) =>
    read((tx) =>
      tx
        .insert(metrics)
        .values(keys.map((key) => ({ organizationId: w.org.id, key, name: `Metric ${key}`, unit: 'count' as const, aggregation: 'sum' as const, frequency: 'month' as const, ownerId, createdAt: new Date('2020-01-01T00:00:00Z') })))
        .returning(),
    );

  beforeAll(async () => {
    w = await world(db(), 'Updates Co');
  });

  it("returns exactly the person's overdue values, votes and decisions, in a constant number of queries", async () => {
    const { kpiOwner, outsider, reviewer, deptHead } = w.users;
    // Created before the due period ended, no value in it: overdue. With a value in it: not.
    const [owed] = await addMetrics(['owed_one'], outsider);
    const [paid] = await addMetrics(['paid_up'], outsider);
    await addMetrics(['someone_elses'], reviewer);
    const before = await read((tx) => getMyUpdates(tx, organization, actorOf(outsider), today));
    const due = before.overdue[0]!.due;
    await read((tx) => tx.insert(measurements).values([
      { organizationId: w.org.id, metricId: paid!.id, date: due.end, value: 3, source: 'manual' },
      { organizationId: w.org.id, metricId: owed!.id, date: shiftPeriod(due, -1, cal).end, value: 7, note: 'last time', source: 'manual' },
    ]));

    // A proposal waiting for the outsider's vote, another agreed and waiting for the head's decision.
    const draft = (name: string) =>
      read(async (tx) => (await tx.insert(kpis).values({ organizationId: w.org.id, unitId: w.ids.team, name, unit: 'percent', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '3', createdBy: kpiOwner }).returning())[0]!);
    const a = await draft('Click rate');
    const b = await draft('Cost per lead');
    const pa = await ok(kpiOwner, proposalActions.create, { kpiId: a.id, kind: 'create', summary: '' });
    await ok(kpiOwner, proposalActions.submit, { proposalId: pa.id, version: pa.version, reviewerIds: [outsider] });
    const pb = await ok(kpiOwner, proposalActions.create, { kpiId: b.id, kind: 'create', summary: '' });
    await ok(kpiOwner, proposalActions.submit, { proposalId: pb.id, version: pb.version, reviewerIds: [reviewer] });
    await ok(reviewer, proposalActions.vote, { proposalId: pb.id, choice: 'agree' });

    const one = await read((tx) => countQueries(tx, () => getMyUpdates(tx, organization, actorOf(outsider), today)));
    expect(one.result.overdue.map((o) => o.key)).toEqual(['owed_one']);
    expect(one.result.overdue[0]).toMatchObject({ date: due.end, history: [{ value: 7, note: 'last time' }] });
    expect(one.result.vote.map((v) => v.kpiName)).toEqual(['Click rate']);
    expect(one.result.decide).toEqual([]);

    const head = await read((tx) => getMyUpdates(tx, organization, actorOf(deptHead, [w.ids.dept]), today));
    expect(head.decide.map((d) => d.kpiName)).toEqual(['Cost per lead']);
    expect(head.overdue).toEqual([]);
    expect(await read((tx) => getMyUpdateCounts(tx, organization, actorOf(outsider), today))).toEqual({ overdue: 1, vote: 1, decide: 0, total: 2 });
    expect(await read((tx) => getMyUpdates(tx, organization, { userId: w.users.viewer, role: 'viewer', headOf: [] }, today))).toEqual({ overdue: [], vote: [], decide: [] });

    // Four more overdue metrics cost no more queries.
    await addMetrics(['owed_two', 'owed_three', 'owed_four', 'owed_five'], outsider);
    const five = await read((tx) => countQueries(tx, () => getMyUpdates(tx, organization, actorOf(outsider), today)));
    expect(five.result.overdue).toHaveLength(5);
    expect(five.queries).toBe(one.queries);
    expect(one.queries).toBeGreaterThanOrEqual(5);
    expect(one.queries).toBeLessThanOrEqual(8);
  });
});
