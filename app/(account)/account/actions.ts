'use server';

import { revalidatePath } from 'next/cache';
import { publicAction, orgAction } from '@/lib/actions';
import { leaveOrganization } from '@/lib/account/leave';
import { changePassword, updateName } from '@/lib/account/profile';
import { changePasswordSchema, profileNameSchema } from '@/lib/account/schemas';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { ExpectedError } from '@/lib/errors';

function signedIn<T>(user: T | null): T {
  if (!user) throw new ExpectedError('Your session has ended. Sign in again to continue.', undefined, 'unauthenticated');
  return user;
}

export const updateNameAction = publicAction(profileNameSchema, async ({ db, user }, input) => {
  await updateName(db, signedIn(user).id, input.name);
  revalidatePath('/', 'layout');
  return { name: input.name };
});

/** Every other session ends; this browser signs in again with the new password so it stays signed in. */
export const changePasswordAction = publicAction(changePasswordSchema, async ({ db, user }, input) => {
  const { email } = await changePassword(db, signedIn(user).id, input);
  await signInWithPassword(email, input.password, '/account?changed=password');
});

const leave = orgAction(leaveOrganization);

export async function leaveOrganizationAction(slug: string, previous: unknown, raw: unknown) {
  const result = await leave(slug, previous, raw);
  if (result.ok) revalidatePath('/account');
  return result;
}
