'use client';

import { useRef } from 'react';
import { NewPasswordFields } from '@/app/_components/new-password-fields';
import { SubmitButton } from '@/app/_components/ui/button';
import { Dialog, DialogCancel } from '@/app/_components/ui/dialog';
import { Field } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { changePasswordAction, leaveOrganizationAction, updateNameAction } from './actions';

export function NameForm({ name }: { name: string }) {
  const { failed, formAction } = useActionForm(updateNameAction, { success: 'Your name was saved' });
  return (
    <Form action={formAction} error={failed?.error} aria-label="Profile" className="max-w-md">
      <Field label="Name" name="name" autoComplete="name" required defaultValue={failed?.values?.name ?? name} errors={failed?.fieldErrors?.name} />
      <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
    </Form>
  );
}

export function ChangePasswordForm({ email }: { email: string }) {
  const { failed, formAction } = useActionForm(changePasswordAction);
  return (
    <Form action={formAction} error={failed?.error} aria-label="Change password" className="max-w-md">
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={failed?.fieldErrors?.currentPassword} />
      <NewPasswordFields email={email} fieldErrors={failed?.fieldErrors} />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </Form>
  );
}

export function LeaveOrganizationButton({ slug, name, isOwner }: { slug: string; name: string; isOwner: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(leaveOrganizationAction.bind(null, slug), { success: `You left ${name}` });
  return (
    <Dialog title={`Leave ${name}?`} triggerLabel="Leave" triggerVariant="ghost">
      <p className="text-sm text-slate-600">
        You lose access to its goals and KPIs. What you own stays, with no owner, until a head hands it to someone else.
        {isOwner && ' As an owner you can leave only if another owner remains.'}
      </p>
      <Form ref={form} action={formAction} error={failed?.error} aria-label={`Leave ${name}`}>
        <input type="hidden" name="confirm" value="leave" />
        <div className="flex justify-end gap-2">
          <SubmitButton variant="danger" pendingLabel="Leaving…">
            Leave {name}
          </SubmitButton>
        </div>
      </Form>
      <div className="flex justify-end">
        <DialogCancel />
      </div>
    </Dialog>
  );
}
