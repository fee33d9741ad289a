'use server';

import { headers } from 'next/headers';
import { publicAction } from '@/lib/actions';
import { requestPasswordReset, resetPassword } from '@/lib/account/password-reset';
import { forgotPasswordSchema, resetPasswordSchema } from '@/lib/account/schemas';
import { clientIp } from '@/lib/auth/client-ip';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { ExpectedError } from '@/lib/errors';
import { resetLinkProblems } from './reset-password/[token]/problems';

/** Always the same answer for a known and an unknown email (only a rate limit says more, and it says it for both). */
export const forgotPasswordAction = publicAction(forgotPasswordSchema, async ({ db }, input) => {
  const result = await requestPasswordReset(db, { email: input.email, ip: clientIp(await headers()) });
  if (!result.ok) {
    const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 60_000));
    throw new ExpectedError(`Too many reset requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, 'forbidden');
  }
  return { email: input.email };
});

/** Sets the new password, which ends every other session, then signs this browser in. */
export const resetPasswordAction = publicAction(resetPasswordSchema, async ({ db }, input) => {
  const result = await resetPassword(db, { token: input.token, password: input.password });
  if (!result.ok) throw new ExpectedError(resetLinkProblems[result.state].title, undefined, 'conflict');
  await signInWithPassword(result.email, input.password, '/');
});
