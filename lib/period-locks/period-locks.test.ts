import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog, measurements, metrics, organizations, orgUnits, periodLocks, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { metricActions } from '@/lib/metrics/actions';
import { lastCompletedPeriod, periodContaining } from '@/lib/periods';
import { periodLockActions } from './actions';
import { listPeriodLockRows, recentEndedPeriods } from './queries';

type Org = Awaited<ReturnType<typeof makeOrganization>>;

describeEachDatabase('period locks', (db) => {
  let acme: Org;
  let other: Org;
  let head: string;
  let metricId: string;
  const calendar = { fiscalYearStartMonth: 1 };
  // Mid-June 2026: May is closed, June is under way.
  const now = new Date('2026-06-15T12:00:00Z');
  const lastMonth = lastCompletedPeriod('month', '2026-06-15', calendar);
  const thisMonth = periodContaining('2026-06-15', 'month', calendar);

  const lock = (userId: string, periodKey: string, org: Org = acme) => runOrgAction(db(), userId, org.slug, periodLockActions.lock, { periodKey }, { now });
  const unlock = (userId: string, periodKey: string, org: Org = acme) => runOrgAction(db(), userId, org.slug, periodLockActions.unlock, { periodKey }, { now });
  const locksOf = (org: Org) => db().withTenant(org.id, (tx) => tx.select().from(periodLocks));
  const auditOf = (org: Org, action: string) =>
    db().withTenant(org.id, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, action))));

  beforeAll(async () => {
    acme = await makeOrganization(db(), 'Acme Locks', ['owner', 'admin', 'member', 'viewer', 'member']);
    other = await makeOrganization(db(), 'Other Locks', ['owner']);
    head = acme.people[4]!.id;
    await db().withTenant(acme.id, async (tx) => {
      const [company] = await tx.select().from(orgUnits);
      await tx.insert(unitMemberships).values({ organizationId: acme.id, unitId: company!.id, userId: head, role: 'head' });
      const [metric] = await tx
        .insert(metrics)
        .values({ organizationId: acme.id, key: 'signups', name: 'Signups', unit: 'count', aggregation: 'sum', frequency: 'month', ownerId: acme.byRole('owner').id })
        .returning();
      metricId = metric!.id;
    });
  });

  it('lets the owner lock a closed month, audited, and lists it with who locked it', async () => {
    const result = await lock(acme.byRole('owner').id, lastMonth.key);
    expect(result).toMatchObject({ ok: true, data: { periodKey: lastMonth.key } });
    const [row] = await locksOf(acme);
    expect(row).toMatchObject({ periodKey: lastMonth.key, kind: 'month', startDate: lastMonth.start, endDate: lastMonth.end, lockedBy: acme.byRole('owner').id });
    const [entry] = await auditOf(acme, 'period.lock');
    expect(entry).toMatchObject({ entityType: 'period_lock', entityId: lastMonth.key, actorUserId: acme.byRole('owner').id });
    const rows = await db().withTenant(acme.id, (tx) => listPeriodLockRows(tx, calendar));
    expect(rows).toMatchObject([{ periodKey: lastMonth.key, lockedByName: acme.byRole('owner').email }]);
  });

  it('refuses to lock a period twice, with the error on the period field', async () => {
    const again = await lock(acme.byRole('admin').id, lastMonth.key);
    expect(again).toMatchObject({ ok: false, code: 'conflict', fieldErrors: { periodKey: [expect.stringMatching(/already locked/)] } });
    expect(await locksOf(acme)).toHaveLength(1);
  });

  it('refuses a period that has not ended, and a key that is not a period', async () => {
    const current = await lock(acme.byRole('owner').id, thisMonth.key);
    expect(current).toMatchObject({ ok: false, fieldErrors: { periodKey: [expect.stringMatching(/has not ended yet/)] } });
    const bad = await lock(acme.byRole('owner').id, 'last month');
    expect(bad).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { periodKey: [expect.stringMatching(/such as 2026-10/)] } });
    const noSuchMonth = await lock(acme.byRole('owner').id, '2025-13');
    expect(noSuchMonth).toMatchObject({ ok: false, fieldErrors: { periodKey: ['Month must be 01–12'] } });
    expect(await locksOf(acme)).toHaveLength(1);
  });

  it('locks quarters, fiscal years and weeks with their dates from the fiscal calendar', async () => {
    const owner = acme.byRole('owner').id;
    expect(await lock(owner, '2024-q3')).toMatchObject({ ok: true, data: { periodKey: '2024-Q3' } });
    expect(await lock(owner, '2023')).toMatchObject({ ok: true });
    expect(await lock(owner, '2024-W40')).toMatchObject({ ok: true });
    const rows = await locksOf(acme);
    expect(rows.find((r) => r.periodKey === '2024-Q3')).toMatchObject({ kind: 'quarter', startDate: '2024-07-01', endDate: '2024-09-30' });
    expect(rows.find((r) => r.periodKey === '2023')).toMatchObject({ kind: 'year', startDate: '2023-01-01', endDate: '2023-12-31' });
    expect(rows.find((r) => r.periodKey === '2024-W40')).toMatchObject({ kind: 'week', startDate: '2024-09-30', endDate: '2024-10-06' });
  });

  it('reads a fiscal year by the year it ends in', async () => {
    const fiscal = await makeOrganization(db(), 'Fiscal Locks', ['owner']);
    await db().owner.update(organizations).set({ fiscalYearStartMonth: 10 }).where(eq(organizations.id, fiscal.id));
    const r = await lock(fiscal.byRole('owner').id, '2024', fiscal);
    expect(r).toMatchObject({ ok: true });
    expect((await locksOf(fiscal))[0]).toMatchObject({ startDate: '2023-10-01', endDate: '2024-09-30' });
  });

  it('refuses members, viewers and unit heads', async () => {
    for (const userId of [acme.byRole('member').id, acme.byRole('viewer').id, head]) {
      expect(await lock(userId, '2022')).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await unlock(userId, lastMonth.key)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect((await locksOf(acme)).map((l) => l.periodKey)).not.toContain('2022');
    expect((await locksOf(acme)).map((l) => l.periodKey)).toContain(lastMonth.key);
  });

  it('refuses a value dated in a locked month, with the message on the date field, and writes nothing', async () => {
    const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, metricActions.record, {
      metricId,
      date: lastMonth.start,
      value: '12',
      note: '',
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { date: [`The period ${lastMonth.key} is locked: its values can no longer change`] },
    });
    const written = await db().withTenant(acme.id, (tx) => tx.select().from(measurements).where(eq(measurements.metricId, metricId)));
    expect(written).toEqual([]);
  });

  it('keeps each organization’s locks apart: the same key elsewhere is independent, and unlocking there changes nothing here', async () => {
    expect(await unlock(other.byRole('owner').id, lastMonth.key, other)).toMatchObject({ ok: false, code: 'not_found' });
    expect((await locksOf(acme)).map((l) => l.periodKey)).toContain(lastMonth.key);
    expect(await lock(other.byRole('owner').id, lastMonth.key, other)).toMatchObject({ ok: true });
    expect(await unlock(other.byRole('owner').id, lastMonth.key, other)).toMatchObject({ ok: true });
    expect((await locksOf(acme)).map((l) => l.periodKey)).toContain(lastMonth.key);
    expect(await locksOf(other)).toEqual([]);
  });

  it('lets an admin unlock, audited with what was locked, after which values can be recorded again', async () => {
    expect(await unlock(acme.byRole('admin').id, lastMonth.key)).toMatchObject({ ok: true });
    expect((await locksOf(acme)).map((l) => l.periodKey)).not.toContain(lastMonth.key);
    const [entry] = await auditOf(acme, 'period.unlock');
    expect(entry).toMatchObject({ entityId: lastMonth.key, actorUserId: acme.byRole('admin').id, before: { periodKey: lastMonth.key } });
    expect(await unlock(acme.byRole('admin').id, lastMonth.key)).toMatchObject({ ok: false, code: 'not_found' });
    const recorded = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, metricActions.record, { metricId, date: lastMonth.start, value: '12', note: '' });
    expect(recorded).toMatchObject({ ok: true });
  });

  it('offers the recent ended periods of a kind, newest first', () => {
    const periods = recentEndedPeriods('quarter', '2026-11-30', calendar, 3);
    expect(periods.map((p) => p.key)).toEqual(['2026-Q3', '2026-Q2', '2026-Q1']);
  });
});
