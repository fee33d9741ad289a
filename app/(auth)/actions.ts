'use server';

import { getDatabase } from '@/db';
import { publicAction } from '@/lib/actions';
import { auth, signOut } from '@/lib/auth/config';
import { endSession, signOutEverywhere } from '@/lib/auth/mutations';
import { getCurrentUser } from '@/lib/auth/session';
import { safeReturnPath } from '@/lib/auth/return-path';
import { signInSchema, signUpSchema } from '@/lib/auth/schemas';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { signUp } from '@/lib/organizations/mutations';

export const signInAction = publicAction(signInSchema, async (_ctx, input) => {
  await signInWithPassword(input.email, input.password, safeReturnPath(input.next));
});

export const signUpAction = publicAction(signUpSchema, async ({ db }, input) => {
  const { slug } = await signUp(db, input);
  await signInWithPassword(input.email, input.password, `/${slug}`);
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
