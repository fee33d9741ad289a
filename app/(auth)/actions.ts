'use server';

import { headers } from 'next/headers';
import { getDatabase } from '@/db';
import { publicAction } from '@/lib/actions';
import { auth, signOut } from '@/lib/auth/config';
import { endSession, signOutEverywhere } from '@/lib/auth/mutations';
import { getCurrentUser } from '@/lib/auth/session';
import { clientIp } from '@/lib/auth/client-ip';
import { confirmSignUpSchema, signUpSchema } from '@/lib/auth/schemas';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { ExpectedError } from '@/lib/errors';
import { confirmSignUp, requestSignUp } from '@/lib/organizations/sign-up';
import { signUpLinkProblems } from './signup/confirm/[token]/problems';

/** The same answer for a new and an existing email: both get an email (a link to finish, or "you have an account"). */
export const signUpAction = publicAction(signUpSchema, async ({ db }, input) => {
  const result = await requestSignUp(db, { ...input, ip: clientIp(await headers()) });
  if (!result.ok) {
    const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 60_000));
    throw new ExpectedError(`Too many sign-up requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, 'forbidden');
  }
  return { email: result.email };
});

/** The emailed link: creates the account and organization, then signs the person in with the password they chose. */
export const confirmSignUpAction = publicAction(confirmSignUpSchema, async ({ db }, input) => {
  const result = await confirmSignUp(db, input);
  if (!result.ok) throw new ExpectedError(signUpLinkProblems[result.state].title, undefined, 'conflict');
  await signInWithPassword(result.email, input.password, `/${result.slug}`);
});

/**
 * Takes no input, so there is nothing to validate. Clearing the cookie is not
 * enough (a request still in flight may renew it), so the session ends in the
 * database first; signOut then redirects.
 */
export async function signOutAction(): Promise<void> {
  const session = await auth();
  if (session?.sessionId) await endSession(await getDatabase(), session.sessionId);
  await signOut({ redirectTo: '/login' });
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await signOutEverywhere(await getDatabase(), user.id);
  await signOut({ redirectTo: '/login?signedOut=everywhere' });
}
