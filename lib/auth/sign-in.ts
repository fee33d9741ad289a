import { AuthError, CredentialsSignin } from 'next-auth';
import { redirect } from 'next/navigation';
import { ExpectedError } from '@/lib/errors';
import { signIn } from './config';

/**
 * Signs in through Auth.js (so the rate limit and timing rules apply) and
 * redirects; a refusal becomes an ExpectedError the form can show.
 */
export async function signInWithPassword(email: string, password: string, redirectTo: string) {
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
