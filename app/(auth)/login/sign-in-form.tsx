'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { signInAction } from '../actions';

export function SignInForm({ next }: { next: string }) {
  const [state, action] = useActionState(signInAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} className="mt-6" aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={failed?.fieldErrors?.password}
      />
      <SubmitButton className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </Form>
  );
}
