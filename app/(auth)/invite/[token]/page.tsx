import type { Metadata } from 'next';
import Link from 'next/link';
import { signOutAction } from '@/app/(auth)/actions';
import { getDatabase } from '@/db';
import { getCurrentUser } from '@/lib/auth/session';
import { findInvitation } from '@/lib/invitations/queries';
import { roleLabels } from '@/lib/permissions';
import { AcceptForm, NewAccountForm } from './accept-forms';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([findInvitation(await getDatabase(), token), getCurrentUser()]);

  if (!invitation) {
    return <Notice title="This invitation link is not valid">Check that you copied the whole link from the email, or ask for a new invitation.</Notice>;
  }
  const from = `${invitation.inviterName} invited ${invitation.email} to ${invitation.organizationName}`;
  if (invitation.state === 'expired') {
    return <Notice title="This invitation has expired">{from}, but invitations last seven days. Ask {invitation.inviterName} to send it again.</Notice>;
  }
  if (invitation.state === 'revoked') {
    return <Notice title="This invitation was revoked">{from}, then withdrew it. Ask an owner or admin of {invitation.organizationName} if this is a mistake.</Notice>;
  }
  if (invitation.state === 'accepted') {
    return (
      <Notice title="This invitation was already used">
        Each invitation works once. If it was you, <Link href={`/login?next=${encodeURIComponent(`/${invitation.organizationSlug}`)}` } className="font-medium text-brand-600 hover:underline">sign in</Link> to open {invitation.organizationName}.
      </Notice>
    );
  }
  if (user && user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <Notice title="You are signed in as someone else">
        You are signed in as <strong>{user.email}</strong>, but this invitation is for <strong>{invitation.email}</strong>. Sign out, then open the link again.
        <form action={signOutAction} className="mt-4">
          <button type="submit" className="font-medium text-brand-600 hover:underline">
            Sign out
          </button>
        </form>
      </Notice>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Join {invitation.organizationName}</h1>
      <p className="mt-2 text-sm text-slate-600">
        {invitation.inviterName} invited <strong>{invitation.email}</strong> to join as <strong>{roleLabels[invitation.role]}</strong>
        {invitation.unitName && (
          <>
            {' '}in <strong>{invitation.unitName}</strong>
          </>
        )}
        .
      </p>
      {user ? (
        <AcceptForm token={token} />
      ) : invitation.hasAccount ? (
        <p className="mt-6 text-sm">
          You already have a Keel account.{' '}
          <Link href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`} className="font-medium text-brand-600 hover:underline">
            Sign in to accept
          </Link>
        </p>
      ) : (
        <NewAccountForm token={token} email={invitation.email} />
      )}
    </>
  );
}

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="mt-2 text-sm text-slate-600">{children}</div>
    </>
  );
}
