'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { passwordHint } from '@/lib/auth/password-rules';
import { acceptInvitationAction, acceptWithNewAccountAction } from '../actions';

export function AcceptForm({ token }: { token: string }) {
  const [state, action] = useActionState(acceptInvitationAction, null);
  return (
    <Form action={action} error={state && !state.ok ? state.error : null} aria-label="Accept invitation" className="mt-6">
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingLabel="Joining…">
        Accept invitation
      </SubmitButton>
    </Form>
  );
}

export function NewAccountForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(acceptWithNewAccountAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} aria-label="Create your account" className="mt-6">
      <input type="hidden" name="token" value={token} />
      <Field label="Email" name="email" type="email" value={email} readOnly hint="Invitations are bound to the address they were sent to." />
      <Field label="Your name" name="name" autoComplete="name" required maxLength={200} defaultValue={failed?.values?.name} errors={failed?.fieldErrors?.name} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={passwordHint}
        errors={failed?.fieldErrors?.password}
      />
      <SubmitButton className="w-full" pendingLabel="Joining…">
        Create account and join
      </SubmitButton>
    </Form>
  );
}
