'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { confirmSignUpAction } from '../../../actions';

export function ConfirmSignUpForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(confirmSignUpAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} className="mt-6" aria-label="Finish creating your organization">
      <input type="hidden" name="token" value={token} />
      {/* Tells password managers which account the password belongs to. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={failed?.fieldErrors?.password} />
      <SubmitButton className="w-full" pendingLabel="Creating…">
        Create organization
      </SubmitButton>
    </Form>
  );
}
