'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { passwordHint } from '@/lib/auth/password-rules';
import { signUpAction } from '../actions';

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, null);
  if (state?.ok) {
    return (
      <p role="status" className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        Check your inbox at <strong>{state.data.email}</strong>: we sent you a link to finish creating your organization. It works for
        24 hours.
      </p>
    );
  }
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} className="mt-6" aria-label="Create your organization">
      <Field label="Your name" name="name" autoComplete="name" required maxLength={200} defaultValue={failed?.values?.name} errors={failed?.fieldErrors?.name} />
      <Field
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        maxLength={128}
        hint={passwordHint}
        errors={failed?.fieldErrors?.password}
      />
      <Field
        label="Organization name"
        name="organizationName"
        autoComplete="organization"
        required
        maxLength={200}
        defaultValue={failed?.values?.organizationName}
        errors={failed?.fieldErrors?.organizationName}
      />
      <SubmitButton className="w-full" pendingLabel="Creating…">
        Create organization
      </SubmitButton>
    </Form>
  );
}
