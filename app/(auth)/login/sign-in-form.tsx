'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/app/_components/ui/button';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';

type Failure = { error?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string> };

/**
 * Posts to /login/submit, which can answer 429 with Retry-After when sign-in
 * is throttled (a server action could not); the answer's sentence says when
 * to try again. Without a script the browser posts the same form there itself.
 */
export function SignInForm({ next, initialError }: { next: string; initialError?: string }) {
  const [failed, setFailed] = useState<Failure | null>(initialError ? { error: initialError } : null);
  const [attempt, setAttempt] = useState(0);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = new FormData(event.currentTarget);
    startTransition(async () => {
      const response = await fetch('/login/submit', { method: 'POST', body, headers: { accept: 'application/json' } }).catch(() => null);
      const answer = (await response?.json().catch(() => null)) as (Failure & { redirectTo?: string }) | null;
      if (response?.ok && answer?.redirectTo) {
        // A full load, so every server component reads the new session.
        window.location.assign(answer.redirectTo);
        return;
      }
      setFailed(answer?.error ? answer : { error: 'Keel could not be reached. Check your connection and try again.' });
      setAttempt((n) => n + 1);
    });
  }

  return (
    <Form action="/login/submit" method="post" onSubmit={submit} error={failed?.error} className="mt-6" aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <Field
        key={`email-${attempt}`}
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <Field
        key={`password-${attempt}`}
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={failed?.fieldErrors?.password}
      />
      <Button type="submit" className="w-full" disabled={pending} aria-disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </Form>
  );
}
