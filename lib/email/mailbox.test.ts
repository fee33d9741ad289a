import { describe, expect, it } from 'vitest';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { requestPasswordReset } from '@/lib/account/password-reset';
import { runOrgAction } from '@/lib/action-runner';
import { peopleActions } from '@/lib/people/actions';
import { enqueueEmail } from './outbox';
import { getMailboxMessage, listMailbox, mailboxServed } from './mailbox';

describe('the development mailbox', () => {
  it('is served only where email goes nowhere else', () => {
    expect(mailboxServed({ KEEL_ENV: 'development' })).toBe(true);
    expect(mailboxServed({ KEEL_ENV: 'test' })).toBe(true);
    expect(mailboxServed({ KEEL_ENV: 'development', SMTP_URL: 'smtp://mail.example.test:587' })).toBe(false);
    expect(mailboxServed({ KEEL_ENV: 'production' })).toBe(false);
  });
});

describeEachDatabase('the development mailbox shows', (db) => {
  it('each person the mail addressed to them, and owners the invitations their organization sent', async () => {
    const harbor = await makeOrganization(db(), 'Harbor', ['owner', 'admin', 'member']);
    const other = await makeOrganization(db(), 'Other', ['owner']);
    const person = (org: typeof harbor, role: 'owner' | 'admin' | 'member') => ({ id: org.byRole(role).id, email: org.byRole(role).email, name: org.byRole(role).email });
    const [owner, admin, member, otherOwner] = [person(harbor, 'owner'), person(harbor, 'admin'), person(harbor, 'member'), person(other, 'owner')];

    await db().withoutTenant((tx) => enqueueEmail(tx, { to: member.email.toUpperCase(), subject: 'For the member', text: 'hello', html: '<p>hello</p>' }));
    await requestPasswordReset(db(), { email: member.email, ip: '198.51.100.1' });
    // One address invited by both organizations; the admin sends Harbor's.
    expect((await runOrgAction(db(), admin.id, harbor.slug, peopleActions.invite, { email: 'new@mailbox.test', role: 'member' })).ok).toBe(true);
    expect((await runOrgAction(db(), otherOwner.id, other.slug, peopleActions.invite, { email: 'new@mailbox.test', role: 'viewer' })).ok).toBe(true);

    const subjects = async (who: typeof owner) => (await listMailbox(db(), who)).map((m) => `${m.to.toLowerCase()}: ${m.subject}`).sort();
    expect(await subjects(member)).toEqual([`${member.email}: For the member`, `${member.email}: Reset your Keel password`]);
    expect(await subjects(owner)).toEqual([`new@mailbox.test: ${admin.email} invited you to Harbor on Keel`]);
    expect(await subjects(otherOwner)).toEqual([`new@mailbox.test: ${otherOwner.email} invited you to Other on Keel`]);
    // Not an owner: not even the invitation this admin sent.
    expect(await subjects(admin)).toEqual([]);

    // Opening a message by its id follows the same rules.
    const [reset] = (await listMailbox(db(), member)).filter((m) => m.subject === 'Reset your Keel password');
    expect(await getMailboxMessage(db(), member, reset!.id)).toMatchObject({ subject: 'Reset your Keel password' });
    expect(await getMailboxMessage(db(), owner, reset!.id)).toBeNull();
    const [harborInvitation] = await listMailbox(db(), owner);
    expect(await getMailboxMessage(db(), otherOwner, harborInvitation!.id)).toBeNull();
    expect(await getMailboxMessage(db(), owner, harborInvitation!.id)).toMatchObject({ to: 'new@mailbox.test' });
    expect(await getMailboxMessage(db(), owner, 'not-an-id')).toBeNull();
  });
});
