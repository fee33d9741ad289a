'use client';

import { useRef, useState } from 'react';
import { Button, SubmitButton } from '@/app/_components/ui/button';
import { Field, SelectField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { createApiTokenAction } from '../actions';

/** Creates a token and shows it once, with a copy button; it cannot be shown again. */
export function NewApiTokenForm({ slug }: { slug: string }) {
  const form = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const { failed, formAction } = useActionForm(createApiTokenAction.bind(null, slug), {
    success: (data) => `Token "${data.name}" created`,
    onSuccess: (data) => {
      setCreated({ name: data.name, token: data.token });
      setCopied(false);
      form.current?.reset();
    },
  });
  const errors = failed?.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      {created && (
        <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">
            Copy the token &ldquo;{created.name}&rdquo; now: it is shown only this once.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor="created-token" className="sr-only">
              The new token
            </label>
            <input
              id="created-token"
              readOnly
              value={created.token}
              onFocus={(e) => e.currentTarget.select()}
              className="min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-sm"
            />
            <Button
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(created.token).catch(() => {});
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <p aria-live="polite" className="text-xs text-emerald-900">
            {copied ? 'Copied to the clipboard.' : 'Send it as Authorization: Bearer <token>.'}
          </p>
        </div>
      )}
      <Form ref={form} action={formAction} error={failed && !failed.fieldErrors ? failed.error : null} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end sm:space-y-0">
        <Field label="Name" name="name" errors={errors.name} defaultValue={failed?.values?.name} placeholder="e.g. Data warehouse" maxLength={100} />
        <SelectField label="Scope" name="scope" errors={errors.scope} defaultValue={failed?.values?.scope ?? 'write'}>
          <option value="read">Read</option>
          <option value="write">Write (and read)</option>
        </SelectField>
        <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
      </Form>
    </div>
  );
}
