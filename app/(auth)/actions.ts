'use server';

import { getDatabase } from '@/db';
import { publicAction } from '@/lib/actions';
import { signOut } from '@/lib/auth/config';
import { signOutEverywhere } from '@/lib/auth/mutations';
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

/** Takes no input, so there is nothing to validate; signOut redirects. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await signOutEverywhere(await getDatabase(), user.id);
  await signOut({ redirectTo: '/login?signedOut=everywhere' });
}
