import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog, memberships, organizations } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from './action-runner';
import { ExpectedError } from './errors';
import { updateOrganizationSettings } from './organizations/mutations';
import { organizationActions } from './organizations/actions';

const updateSettings = organizationActions.updateSettings;

describeEachDatabase('the organization action wrapper', (db) => {
  let acme: Awaited<ReturnType<typeof makeOrganization>>;
  let other: Awaited<ReturnType<typeof makeOrganization>>;

  beforeAll(async () => {
    acme = await makeOrganization(db(), 'Acme Wrapper', ['owner', 'admin', 'member', 'viewer']);
    other = await makeOrganization(db(), 'Other Wrapper', ['owner']);
  });

  const nameOf = async (organizationId: string) =>
    (await db().withTenant(organizationId, (tx) => tx.select({ name: organizations.name }).from(organizations)))[0]!.name;
  const auditCount = (organizationId: string) => db().withTenant(organizationId, (tx) => tx.$count(auditLog));

  it.each(['owner', 'admin'] as const)('lets an %s act, and writes the audit entry with before and after', async (role) => {
    const form = new FormData();
    form.set('name', `Acme by ${role}`);
    form.set('fiscalYearStartMonth', '4');
    const result = await runOrgAction(db(), acme.byRole(role).id, acme.slug, updateSettings, form);
    expect(result).toEqual({ ok: true, data: { name: `Acme by ${role}`, fiscalYearStartMonth: 4, timeZone: 'UTC' } });
    const [entry] = await db().withTenant(acme.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'organization.update'), eq(auditLog.actorUserId, acme.byRole(role).id))),
    );
    expect(entry).toMatchObject({ actorUserId: acme.byRole(role).id, entityId: acme.id, after: { name: `Acme by ${role}` } });
  });

  it.each(['member', 'viewer'] as const)('refuses a %s with "not allowed" and changes nothing', async (role) => {
    const before = [await nameOf(acme.id), await auditCount(acme.id)];
    const result = await runOrgAction(db(), acme.byRole(role).id, acme.slug, updateSettings, { name: 'Nope', fiscalYearStartMonth: 1 });
    expect(result).toMatchObject({ ok: false, code: 'forbidden', error: expect.stringMatching(/not allowed/) });
    expect([await nameOf(acme.id), await auditCount(acme.id)]).toEqual(before);
  });

  it('answers another organization’s slug and a nonexistent slug with the same "not found", changing nothing', async () => {
    const owner = acme.byRole('owner').id;
    const foreign = await runOrgAction(db(), owner, other.slug, updateSettings, { name: 'Taken over', fiscalYearStartMonth: 1 });
    const missing = await runOrgAction(db(), owner, 'no-such-org', updateSettings, { name: 'Taken over', fiscalYearStartMonth: 1 });
    expect(foreign).toEqual({ ok: false, code: 'not_found', error: 'Not found' });
    expect(missing).toEqual(foreign);
    expect(await nameOf(other.id)).toBe('Other Wrapper');
  });

  it('asks a signed-out visitor to sign in', async () => {
    const result = await runOrgAction(db(), null, acme.slug, updateSettings, { name: 'x', fiscalYearStartMonth: 1 });
    expect(result).toMatchObject({ ok: false, code: 'unauthenticated' });
  });

  it('returns every field error and the submitted values, and writes nothing', async () => {
    const before = await auditCount(acme.id);
    const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, updateSettings, {
      name: '   ',
      fiscalYearStartMonth: '13',
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { name: [expect.any(String)], fiscalYearStartMonth: ['Choose a month from January to December'] },
      values: { name: '   ', fiscalYearStartMonth: '13' },
    });
    expect(await auditCount(acme.id)).toBe(before);
  });

  it('rolls everything back when the action fails part-way', async () => {
    const before = [await nameOf(acme.id), await auditCount(acme.id)];
    const failing: typeof updateSettings = {
      ...updateSettings,
      async run(ctx, input) {
        await updateSettings.run(ctx, input);
        throw new ExpectedError('The second step failed', { name: ['Taken'] });
      },
    };
    const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, failing, { name: 'Half done', fiscalYearStartMonth: 2 });
    expect(result).toMatchObject({ ok: false, error: 'The second step failed', fieldErrors: { name: ['Taken'] } });
    expect([await nameOf(acme.id), await auditCount(acme.id)]).toEqual(before);
  });

  it('refuses to commit an action that recorded no audit entry', async () => {
    const before = await nameOf(acme.id);
    const silent: typeof updateSettings = {
      ...updateSettings,
      async run({ tx }, input) {
        return (await updateOrganizationSettings(tx, input)).after;
      },
    };
    const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, silent, { name: 'Unaudited', fiscalYearStartMonth: 2 });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/nothing was saved/) });
    expect(await nameOf(acme.id)).toBe(before);
  });

  it('reads the role from the database on every call: a demoted admin is refused at once', async () => {
    const admin = acme.byRole('admin').id;
    // Demoted by another request a moment ago.
    await db().withTenant(acme.id, (tx) => tx.update(memberships).set({ role: 'viewer' }).where(eq(memberships.userId, admin)));
    const result = await runOrgAction(db(), admin, acme.slug, updateSettings, { name: 'Still admin?', fiscalYearStartMonth: 1 });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
