import { AuthError, CredentialsSignin } from 'next-auth';
import { redirect } from 'next/navigation';
import { ExpectedError } from '@/lib/errors';
import { signIn } from './config';

export type SignInOutcome = { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'rate_limited'; retryAt: Date };

const rateLimitedCode = /^rate_limited:(\d+)$/;

/** The instant a throttled sign-in may be tried again, from the code authorize() gave it (SignInRateLimited). */
export function rateLimitedUntil(code: string | null | undefined): Date | null {
  const match = code ? rateLimitedCode.exec(code) : null;
  return match ? new Date(Number(match[1])) : null;
}

/** Whole seconds until `retryAt`, at least 1: the Retry-After header. */
export function retryAfterSeconds(retryAt: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}

/** What the form says to a throttled sign-in: how long, and until when. */
export function throttledMessage(retryAt: Date, now = new Date()): string {
  const seconds = retryAfterSeconds(retryAt, now);
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;
  return `Too many failed sign-in attempts. Try again in ${wait} (at ${retryAt.toISOString().slice(11, 19)} UTC).`;
}

/** Signs in through Auth.js (so the limits and timing rules apply), setting the session cookie on success. */
export async function trySignIn(email: string, password: string): Promise<SignInOutcome> {
  try {
    await signIn('credentials', { email, password, redirect: false });
    return { ok: true };
  } catch (error) {
    const retryAt = error instanceof CredentialsSignin ? rateLimitedUntil(error.code) : null;
    if (retryAt) return { ok: false, reason: 'rate_limited', retryAt };
    if (error instanceof AuthError) return { ok: false, reason: 'invalid' };
    throw error;
  }
}

/**
 * Signs in right after setting a password (sign-up, reset, invitation) and
 * redirects; a refusal becomes an ExpectedError the form can show.
 */
export async function signInWithPassword(email: string, password: string, redirectTo: string) {
  const outcome = await trySignIn(email, password);
  if (!outcome.ok) {
    throw outcome.reason === 'rate_limited'
      ? new ExpectedError(throttledMessage(outcome.retryAt), undefined, 'forbidden')
      : new ExpectedError('Invalid email or password');
  }
  redirect(redirectTo);
}
