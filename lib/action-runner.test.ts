import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLog, memberships, organizations, orgUnits, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { defineOrgAction, forbiddenError, fromError, parseInput, runOrgAction, type OrgActionDefinition } from './action-runner';
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
    // Refused before the input is looked at: bad input tells them nothing about the form either.
    expect(await runOrgAction(db(), acme.byRole(role).id, acme.slug, updateSettings, { name: '' })).toEqual({ ok: false, code: 'forbidden', error: expect.stringMatching(/not allowed/) });
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
    expect(result).toEqual({ ok: false, code: 'unauthenticated', error: 'Your session has ended. Sign in again to continue.' });
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

  it('commits an action that says it changed nothing without an audit entry', async () => {
    const before = await auditCount(acme.id);
    const repeat: typeof updateSettings = {
      ...updateSettings,
      async run(ctx) {
        ctx.unchanged();
        return { name: 'unchanged', fiscalYearStartMonth: 1, timeZone: 'UTC' };
      },
    };
    const result = await runOrgAction(db(), acme.byRole('owner').id, acme.slug, repeat, { name: 'Anything', fiscalYearStartMonth: 2 });
    expect(result).toMatchObject({ ok: true, data: { name: 'unchanged' } });
    expect(await auditCount(acme.id)).toBe(before);
  });

  it('reads the role from the database on every call: a demoted admin is refused at once', async () => {
    const admin = acme.byRole('admin').id;
    // Demoted by another request a moment ago.
    await db().withTenant(acme.id, (tx) => tx.update(memberships).set({ role: 'viewer' }).where(eq(memberships.userId, admin)));
    const result = await runOrgAction(db(), admin, acme.slug, updateSettings, { name: 'Still admin?', fiscalYearStartMonth: 1 });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('parsing input outside an organization', () => {
  const schema = z
    .object({ email: z.string().email('Enter an email'), password: z.string().min(8, 'At least 8 characters'), address: z.object({ city: z.string().min(1, 'Enter a city') }) })
    .refine((v) => v.email !== v.password, { message: 'The password cannot be the email' });

  it('hands back the parsed data and the plain input', () => {
    const raw = { email: 'a@example.test', password: 'long enough', address: { city: 'Oslo' } };
    expect(parseInput(schema, raw)).toEqual({ ok: true, data: raw, input: raw });
  });

  it('names nested fields with dots, gathers every message of a field, puts form-level errors under _form, and never echoes a password', () => {
    const twice = z.object({ name: z.string().min(3, 'Too short').regex(/^[a-z]+$/, 'Lower case only') });
    expect(parseInput(twice, { name: 'A' })).toEqual({
      ok: false,
      code: 'invalid',
      error: 'Please correct the highlighted fields.',
      fieldErrors: { name: ['Too short', 'Lower case only'] },
      values: { name: 'A' },
    });
    expect(parseInput(schema, { email: 'x', password: 'short', address: { city: '' } })).toMatchObject({
      fieldErrors: { email: ['Enter an email'], password: ['At least 8 characters'], 'address.city': ['Enter a city'] },
      values: { email: 'x' },
    });
    expect(parseInput(schema, { email: 'same@example.test', password: 'same@example.test', address: { city: 'Oslo' } })).toMatchObject({
      fieldErrors: { _form: ['The password cannot be the email'] },
      values: { email: 'same@example.test' },
    });
  });

  it('reads FormData without Next’s $ACTION fields, a repeated field as a list; anything else that is not an object as empty', () => {
    const form = new FormData();
    form.set('$ACTION_ID_abc', 'x');
    form.set('$ACTION_REF_1', 'y');
    form.append('tag', 'a');
    form.append('tag', 'b');
    form.set('name', 'n');
    const any = z.record(z.string(), z.unknown());
    expect(parseInput(any, form)).toMatchObject({ ok: true, input: { tag: ['a', 'b'], name: 'n' } });
    expect(Object.keys((parseInput(any, form) as { input: object }).input).sort()).toEqual(['name', 'tag']);
    for (const raw of [null, undefined, 'text', 7]) expect(parseInput(any, raw)).toEqual({ ok: true, data: {}, input: {} });
  });

  it('echoes only text fields, and none whose name mentions a password', () => {
    const any = z.record(z.string(), z.unknown()).refine(() => false, 'Always refused');
    expect(parseInput(any, { name: 'n', newPassword: 'p', PASSWORD_again: 'p', count: 3, list: ['a'] })).toMatchObject({ values: { name: 'n' } });
    expect((parseInput(any, { name: 'n', newPassword: 'p', count: 3 }) as { values: object }).values).toEqual({ name: 'n' });
  });

  it('answers an expected error with its own message, code and field errors, and anything else generically', () => {
    const taken = new ExpectedError('Taken', { slug: ['In use'] }, 'conflict');
    expect(fromError(taken, { slug: 'acme', password: 'x' })).toEqual({
      ok: false,
      code: 'conflict',
      error: 'Taken',
      fieldErrors: { slug: ['In use'] },
      values: { slug: 'acme' },
    });
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(fromError(new Error('boom'))).toEqual({
        ok: false,
        code: 'invalid',
        error: 'Something went wrong on our side and nothing was saved. Please try again.',
        values: {},
      });
    } finally {
      console.error = quiet;
    }
    expect(forbiddenError()).toMatchObject({ code: 'forbidden', message: 'You are not allowed to do this in this organization.' });
  });
});

describeEachDatabase('the action runner’s scoped grants', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let units: { company: string; team: string; child: string; sibling: string };
  let head: string;
  let member: string;

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Scoped Runner', ['owner', 'admin', 'member', 'member', 'viewer']);
    [, , head, member] = org.people.map((p) => p.id) as [string, string, string, string];
    units = await db().withTenant(org.id, async (tx) => {
      const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.kind, 'company'));
      const add = async (name: string, parentId: string, kind: 'department' | 'team') =>
        (await tx.insert(orgUnits).values({ organizationId: org.id, parentId, kind, name }).returning({ id: orgUnits.id }))[0]!.id;
      const team = await add('Team', company!.id, 'department');
      const child = await add('Child', team, 'team');
      const sibling = await add('Sibling', company!.id, 'department');
      await tx.insert(unitMemberships).values([
        { organizationId: org.id, unitId: team, userId: head, role: 'head' },
        { organizationId: org.id, unitId: sibling, userId: member, role: 'member' },
      ]);
      return { company: company!.id, team, child, sibling };
    });
  });

  /** An action that records which unit it ran for: its target comes from the input. */
  const scoped = (over: Partial<OrgActionDefinition<z.ZodType<{ target: string | string[] | null }>, string>> = {}) =>
    defineOrgAction({
      permission: 'goals.manage',
      schema: z.object({ target: z.union([z.string(), z.array(z.string()), z.null()]) }),
      unit: (input) => input.target,
      async run(ctx) {
        ctx.audit({ action: 'test.scoped', entityType: 'organization', entityId: org.id, before: null, after: null });
        return ctx.actor.userId;
      },
      ...over,
    });
  const run = (userId: string, definition: ReturnType<typeof scoped>, target: string | string[] | null) =>
    runOrgAction(db(), userId, org.slug, definition, { target });
  const allowed = (userId: string) => ({ ok: true, data: userId });
  const forbidden = { ok: false, code: 'forbidden', error: 'You are not allowed to do this in this organization.' };

  it('lets a head act on their unit and below, and on a list of units that includes one', async () => {
    expect(await run(head, scoped(), units.team)).toEqual(allowed(head));
    expect(await run(head, scoped(), units.child)).toEqual(allowed(head));
    expect(await run(head, scoped(), [units.sibling, units.child])).toEqual(allowed(head));
  });

  it('refuses a head outside their subtree, with no unit at all, and a member or viewer without a head row', async () => {
    expect(await run(head, scoped(), units.sibling)).toMatchObject(forbidden);
    expect(await run(head, scoped(), units.company)).toMatchObject(forbidden);
    expect(await run(head, scoped(), null)).toMatchObject(forbidden);
    expect(await run(head, scoped(), [])).toMatchObject(forbidden);
    expect(await run(member, scoped(), units.sibling)).toMatchObject(forbidden);
    expect(await run(org.byRole('viewer').id, scoped(), units.team)).toMatchObject(forbidden);
  });

  it('answers a unit that is not the organization’s with "not found", even in a list with one of the head’s', async () => {
    const notFound = { ok: false, code: 'not_found', error: 'Not found' };
    expect(await run(head, scoped(), randomUUID())).toMatchObject(notFound);
    expect(await run(head, scoped(), [units.team, randomUUID()])).toMatchObject(notFound);
  });

  it('does not look at the target for owners and admins', async () => {
    const unlooked = scoped({
      unit: () => {
        throw new Error('the unit was looked up');
      },
      owner: () => {
        throw new Error('the owner was looked up');
      },
    });
    for (const role of ['owner', 'admin'] as const) {
      const id = org.byRole(role).id;
      expect(await run(id, unlooked, randomUUID())).toEqual(allowed(id));
    }
  });

  it('lets the owner of a record act on it, and nobody else below executive', async () => {
    const owned = (ownerId: string | null) =>
      defineOrgAction({ ...scoped(), permission: 'metrics.update', unit: undefined, owner: () => ownerId }) as ReturnType<typeof scoped>;
    expect(await run(member, owned(member), null)).toEqual(allowed(member));
    expect(await run(member, owned(head), null)).toMatchObject(forbidden);
    expect(await run(member, owned(null), null)).toMatchObject(forbidden);
  });

  it('gives the action the actor’s units and the request’s clock', async () => {
    const seen = defineOrgAction({
      ...scoped(),
      async run(ctx) {
        ctx.audit({ action: 'test.scoped', entityType: 'organization', entityId: org.id, before: null, after: null });
        return JSON.stringify({ actor: ctx.actor, now: ctx.now.toISOString(), today: ctx.today });
      },
    }) as unknown as ReturnType<typeof scoped>;
    const result = await runOrgAction(db(), head, org.slug, seen, { target: units.team }, { now: new Date('2026-03-31T23:30:00Z') });
    expect(result.ok && JSON.parse(result.data)).toEqual({
      actor: { userId: head, role: 'member', headOf: [units.team], memberOf: [units.team] },
      now: '2026-03-31T23:30:00.000Z',
      today: '2026-03-31',
    });
  });
});
