'use client';

import { useActionState } from 'react';
import { NewPasswordFields } from '@/app/_components/new-password-fields';
import { SubmitButton } from '@/app/_components/ui/button';
import { Form } from '@/app/_components/ui/form';
import { resetPasswordAction } from '../../password-actions';

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(resetPasswordAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} className="mt-6" aria-label="Choose a new password">
      <input type="hidden" name="token" value={token} />
      <NewPasswordFields email={email} fieldErrors={failed?.fieldErrors} />
      <SubmitButton className="w-full" pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </Form>
  );
}
