'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { redirect } from 'next/navigation';
import { getDatabase } from '@/db';
import { publicAction } from '@/lib/actions';
import { signIn, signOut } from '@/lib/auth/config';
import { signOutEverywhere } from '@/lib/auth/mutations';
import { getCurrentUser } from '@/lib/auth/session';
import { safeReturnPath } from '@/lib/auth/return-path';
import { signInSchema, signUpSchema } from '@/lib/auth/schemas';
import { ExpectedError } from '@/lib/errors';
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

async function signInWithPassword(email: string, password: string, redirectTo: string) {
  try {
    await signIn('credentials', { email, password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code.startsWith('rate_limited:')) {
      const retryAt = new Date(Number(error.code.split(':')[1]));
      const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
      throw new ExpectedError(
        `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${retryAt.toISOString().slice(11, 16)} UTC).`,
        undefined,
        'forbidden',
      );
    }
    if (error instanceof AuthError) throw new ExpectedError('Invalid email or password');
    throw error;
  }
  redirect(redirectTo);
}
