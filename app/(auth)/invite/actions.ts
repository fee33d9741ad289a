'use server';

import { redirect } from 'next/navigation';
import { publicAction } from '@/lib/actions';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { ExpectedError } from '@/lib/errors';
import { acceptInvitation, acceptWithNewAccount, type AcceptOutcome } from '@/lib/invitations/mutations';
import { acceptInvitationSchema, acceptWithNewAccountSchema } from '@/lib/invitations/schemas';

const refusals: Record<Extract<AcceptOutcome, { ok: false }>['reason'], string> = {
  invalid: 'This invitation link is not valid.',
  expired: 'This invitation has expired. Ask for a new one.',
  revoked: 'This invitation was revoked.',
  accepted: 'This invitation was already used.',
  wrong_account: 'This invitation is for a different email address.',
  account_exists: 'An account with this email already exists: sign in to accept.',
};

export const acceptInvitationAction = publicAction(acceptInvitationSchema, async ({ db, user }, { token }) => {
  if (!user) throw new ExpectedError('Sign in to accept this invitation.', undefined, 'unauthenticated');
  const outcome = await acceptInvitation(db, token, user);
  if (!outcome.ok) throw new ExpectedError(refusals[outcome.reason], undefined, 'conflict');
  redirect(`/${outcome.slug}`);
});

export const acceptWithNewAccountAction = publicAction(acceptWithNewAccountSchema, async ({ db }, input) => {
  const outcome = await acceptWithNewAccount(db, input);
  if (!outcome.ok) throw new ExpectedError(refusals[outcome.reason], undefined, 'conflict');
  await signInWithPassword(outcome.email!, input.password, `/${outcome.slug}`);
});
