import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog, organizations } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { organizationActions } from './actions';
import { readPolicy } from './policy';

const valid = { scoreCap: '1.5', green: '1', amber: '0.8', vitalFewMode: 'block', vitalFewCompany: '4', vitalFewDepartment: '8', vitalFewTeamPerGoal: '2', overdueGraceDays: '5' };

describeEachDatabase('scoring and vital-few policy', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  const policy = async () =>
    readPolicy((await db().withTenant(org.id, (tx) => tx.select().from(organizations).where(eq(organizations.id, org.id))))[0]!.policy);

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Policy Co', ['owner', 'admin', 'member', 'viewer']);
    await db().owner.update(organizations).set({ policy: readPolicy({ consensus: 'majority' }) }).where(eq(organizations.id, org.id));
  });

  it('saves bands, cap and limits, keeping the other policies', async () => {
    const result = await runOrgAction(db(), org.byRole('admin').id, org.slug, organizationActions.updateScoringPolicy, valid);
    expect(result.ok).toBe(true);
    expect(await policy()).toMatchObject({
      consensus: 'majority',
      scoreCap: 1.5,
      statusThresholds: { green: 1, amber: 0.8 },
      vitalFew: { mode: 'block', company: 4, department: 8, teamPerGoal: 2 },
      overdueGraceDays: 5,
    });
  });

  it('audits the grace days with the value they replaced', async () => {
    const result = await runOrgAction(db(), org.byRole('owner').id, org.slug, organizationActions.updateScoringPolicy, { ...valid, overdueGraceDays: '0' });
    expect(result.ok).toBe(true);
    expect((await policy()).overdueGraceDays).toBe(0);
    const entries = await db().withTenant(org.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, 'organization.policy')));
    const last = entries.find((e) => (e.after as { overdueGraceDays?: number }).overdueGraceDays === 0);
    expect(last).toMatchObject({ before: { overdueGraceDays: 5 }, after: { overdueGraceDays: 0 } });
  });

  it('refuses grace days that are empty, fractional, negative or over 90, beside the field', async () => {
    const before = await policy();
    const cases: [string, string][] = [
      ['', 'Enter the number of grace days'],
      ['2.5', 'Enter a whole number of days'],
      ['-1', 'The number of grace days is at least 0'],
      ['91', 'The number of grace days is at most 90'],
      ['soon', 'Enter the number of grace days'],
    ];
    for (const [value, message] of cases) {
      const result = await runOrgAction(db(), org.byRole('owner').id, org.slug, organizationActions.updateScoringPolicy, { ...valid, overdueGraceDays: value });
      expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { overdueGraceDays: [message] } });
    }
    expect(await policy()).toEqual(before);
  });

  it('ties each bad value to its field and changes nothing', async () => {
    const before = await policy();
    const result = await runOrgAction(db(), org.byRole('owner').id, org.slug, organizationActions.updateScoringPolicy, {
      ...valid,
      amber: '1.1',
      vitalFewCompany: '2.5',
      scoreCap: 'Infinity',
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    expect(!result.ok && Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['scoreCap', 'vitalFewCompany']);
    const amberOnly = await runOrgAction(db(), org.byRole('owner').id, org.slug, organizationActions.updateScoringPolicy, { ...valid, amber: '1.1' });
    expect(!amberOnly.ok && amberOnly.fieldErrors?.amber).toEqual(['The at-risk threshold must not exceed the on-track one']);
    expect(await policy()).toEqual(before);
  });

  it('is for owners and admins only', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const result = await runOrgAction(db(), org.byRole(role).id, org.slug, organizationActions.updateScoringPolicy, valid);
      expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });
});
