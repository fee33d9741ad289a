'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { forgotPasswordAction } from '../password-actions';

export function ForgotPasswordForm() {
  const [state, action] = useActionState(forgotPasswordAction, null);
  if (state?.ok) {
    return (
      <p role="status" className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        If an account exists for <strong>{state.data.email}</strong>, we sent it a link to reset the password. The link works for 30 minutes.
      </p>
    );
  }
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} className="mt-6" aria-label="Reset password">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <SubmitButton className="w-full" pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
    </Form>
  );
}
