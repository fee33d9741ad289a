'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { passwordRules } from '@/lib/auth/password-rules';
import { resetPasswordAction } from '../../password-actions';

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(resetPasswordAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} className="mt-6" aria-label="Choose a new password">
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={`${passwordRules.min} to ${passwordRules.max} characters.`}
        errors={failed?.fieldErrors?.password}
      />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" required errors={failed?.fieldErrors?.confirmPassword} />
      <SubmitButton className="w-full" pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </Form>
  );
}
