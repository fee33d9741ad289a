import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { emailOutbox, invitations, memberships, orgUnits, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { peopleActions } from '@/lib/people/actions';
import { acceptInvitation, acceptWithNewAccount } from './mutations';
import { findInvitation } from './queries';

/** The token exists only in the email: read it from the outbox like the invitee would. */
async function tokenSentTo(db: Parameters<typeof findInvitation>[0], email: string) {
  const [message] = await db.withoutTenant((tx) =>
    tx.select({ text: emailOutbox.text }).from(emailOutbox).where(eq(emailOutbox.to, email)).orderBy(emailOutbox.createdAt),
  ).then((rows) => rows.slice(-1));
  return /\/invite\/([A-Za-z0-9_-]{43})/.exec(message!.text)![1]!;
}

describeEachDatabase('invitations', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let unitId: string;
  const invite = async (email: string, extra: object = {}) => {
    const result = await runOrgAction(db(), org.byRole('owner').id, org.slug, peopleActions.invite, { email, role: 'member', ...extra });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return tokenSentTo(db(), email);
  };

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Invite Co', ['owner', 'admin', 'member']);
    const [company] = await db().withTenant(org.id, (tx) => tx.select().from(orgUnits));
    const [unit] = await db().withTenant(org.id, (tx) =>
      tx.insert(orgUnits).values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Sales' }).returning(),
    );
    unitId = unit!.id;
  });

  it('emails a single-use link whose token is stored only as a hash, naming the organization', async () => {
    const token = await invite('dana@example.test', { unitId, unitRole: 'head' });
    const preview = await findInvitation(db(), token);
    expect(preview).toMatchObject({ organizationName: 'Invite Co', email: 'dana@example.test', role: 'member', unitName: 'Sales', state: 'pending' });
    expect(await db().owner.select().from(invitations).where(eq(invitations.tokenHash, token))).toHaveLength(0);
    const outcome = await acceptWithNewAccount(db(), { token, name: 'Dana', password: 'a long password' });
    expect(outcome).toMatchObject({ ok: true, slug: org.slug });
    const heads = await db().withTenant(org.id, (tx) => tx.select().from(unitMemberships).where(eq(unitMemberships.unitId, unitId)));
    expect(heads).toMatchObject([{ role: 'head' }]);
    expect(await acceptWithNewAccount(db(), { token, name: 'Dana again', password: 'a long password' })).toEqual({ ok: false, reason: 'accepted' });
  });

  it('expires after seven days', async () => {
    const token = await invite('late@example.test');
    const eightDays = new Date(Date.now() + 8 * 86_400_000);
    expect((await findInvitation(db(), token, eightDays))?.state).toBe('expired');
    expect(await acceptWithNewAccount(db(), { token, name: 'Late', password: 'a long password' }, eightDays)).toEqual({ ok: false, reason: 'expired' });
  });

  it('stops working when revoked, and the resent link replaces the old one', async () => {
    const first = await invite('twice@example.test');
    const [row] = await db().withTenant(org.id, (tx) => tx.query.invitations.findMany({ where: (i, { eq }) => eq(i.email, 'twice@example.test') }));
    await runOrgAction(db(), org.byRole('admin').id, org.slug, peopleActions.resendInvitation, { invitationId: row!.id });
    const second = await tokenSentTo(db(), 'twice@example.test');
    expect(second).not.toBe(first);
    expect(await findInvitation(db(), first)).toBeNull();
    await runOrgAction(db(), org.byRole('admin').id, org.slug, peopleActions.revokeInvitation, { invitationId: row!.id });
    expect(await acceptWithNewAccount(db(), { token: second, name: 'Twice', password: 'a long password' })).toEqual({ ok: false, reason: 'revoked' });
  });

  it('is bound to the invited email: another signed-in account cannot use it', async () => {
    const token = await invite('right@example.test');
    const someone = org.byRole('member');
    expect(await acceptInvitation(db(), token, { id: someone.id, email: someone.email })).toEqual({ ok: false, reason: 'wrong_account' });
    expect((await findInvitation(db(), token))?.state).toBe('pending');
  });

  it('makes exactly one membership out of ten simultaneous accepts', async () => {
    const other = await makeOrganization(db(), 'Elsewhere', ['owner']);
    const person = other.byRole('owner');
    const token = await invite(person.email);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => acceptInvitation(db(), token, { id: person.id, email: person.email })));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array(9).fill({ ok: false, reason: 'accepted' }));
    const rows = await db().withTenant(org.id, (tx) =>
      tx.select().from(memberships).where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, person.id))),
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses admins inviting owners, and a second open invitation to one email', async () => {
    const admin = org.byRole('admin').id;
    expect(await runOrgAction(db(), admin, org.slug, peopleActions.invite, { email: 'boss@example.test', role: 'owner' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    await invite('once@example.test');
    expect(await runOrgAction(db(), admin, org.slug, peopleActions.invite, { email: 'once@example.test', role: 'member' })).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.stringMatching(/Already invited/)] },
    });
  });
});

describeEachDatabase('roles and removal', (db) => {
  it('keeps one owner, keeps admins off owners, and lets nobody raise their own role', async () => {
    const org = await makeOrganization(db(), 'Rules Co', ['owner', 'admin', 'member']);
    const [owner, admin, member] = [org.byRole('owner').id, org.byRole('admin').id, org.byRole('member').id];
    const change = (actor: string, userId: string, role: string) => runOrgAction(db(), actor, org.slug, peopleActions.changeRole, { userId, role });
    expect(await change(owner, owner, 'admin')).toMatchObject({ ok: false, error: expect.stringMatching(/last owner/) });
    expect(await runOrgAction(db(), owner, org.slug, peopleActions.remove, { userId: owner })).toMatchObject({ ok: false, error: expect.stringMatching(/last owner/) });
    expect(await change(admin, owner, 'member')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await change(admin, member, 'owner')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await change(admin, admin, 'owner')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await change(owner, member, 'admin')).toMatchObject({ ok: true });
    expect(await change(member, member, 'owner')).toMatchObject({ ok: false, code: 'forbidden' });
    // With a second owner, the first may step down.
    expect(await change(owner, admin, 'owner')).toMatchObject({ ok: true });
    expect(await change(owner, owner, 'admin')).toMatchObject({ ok: true });
    // The removed person's next request finds no membership.
    expect(await runOrgAction(db(), admin, org.slug, peopleActions.remove, { userId: member })).toMatchObject({ ok: true });
    expect(await runOrgAction(db(), member, org.slug, peopleActions.invite, { email: 'x@example.test', role: 'member' })).toMatchObject({
      code: 'not_found',
    });
  });
});
