'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Dialog, DialogCancel } from '@/app/_components/ui/dialog';
import { Field, SelectField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import { changeSlugAction, deleteOrganizationAction, updateApprovalPolicyAction } from './self-service-actions';

export function SlugForm({ slug, editable, origin }: { slug: string; editable: boolean; origin: string }) {
  const [state, action] = useActionState(changeSlugAction.bind(null, slug), null);
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} aria-label="Web address">
      <fieldset disabled={!editable} className="space-y-4">
        <Field
          label="Web address"
          name="slug"
          required
          maxLength={48}
          defaultValue={failed?.values?.slug ?? slug}
          errors={failed?.fieldErrors?.slug}
          hint={`${origin}/${slug}. Old links keep working: they redirect to the new address.`}
        />
        {editable && <SubmitButton pendingLabel="Saving…">Change address</SubmitButton>}
      </fieldset>
    </Form>
  );
}

export function ApprovalPolicyForm({ slug, editable, policy }: { slug: string; editable: boolean; policy: OrganizationPolicy }) {
  const { failed, formAction } = useActionForm(updateApprovalPolicyAction.bind(null, slug), { success: 'Approval rules saved' });
  return (
    <Form action={formAction} error={failed?.error} aria-label="Approval">
      <fieldset disabled={!editable} className="space-y-4">
        <SelectField
          label="Consensus"
          name="consensus"
          defaultValue={failed?.values?.consensus ?? policy.consensus}
          errors={failed?.fieldErrors?.consensus}
          hint="Unanimous: every reviewer voted, no objection, at least one agrees. Majority: every reviewer voted, more agree than object."
        >
          <option value="unanimous">Unanimous</option>
          <option value="majority">Majority</option>
        </SelectField>
        <div className="flex items-start gap-2">
          <input
            id="allowSelfApproval"
            name="allowSelfApproval"
            type="checkbox"
            defaultChecked={failed ? failed.values?.allowSelfApproval === 'on' : policy.allowSelfApproval}
            aria-describedby="allowSelfApproval-hint"
            className="mt-0.5 size-4"
          />
          <div>
            <label htmlFor="allowSelfApproval" className="text-sm font-medium text-slate-800">
              Proposers may approve their own proposals
            </label>
            <p id="allowSelfApproval-hint" className="text-xs text-slate-500">
              Off by default: someone other than the proposer approves.
            </p>
          </div>
        </div>
        {editable && <SubmitButton pendingLabel="Saving…">Save approval rules</SubmitButton>}
      </fieldset>
    </Form>
  );
}

export function DeleteOrganization({ slug, name }: { slug: string; name: string }) {
  const [state, action] = useActionState(deleteOrganizationAction.bind(null, slug), null);
  const failed = state && !state.ok ? state : null;
  return (
    <Dialog title={`Delete ${name}?`} triggerLabel="Delete organization" triggerVariant="danger">
      <p className="text-sm text-slate-600">
        This removes every goal, KPI, metric, value, proposal and the audit log of {name}, for everyone, and cannot be undone. Members are
        told by email; their Keel accounts remain. Download the export first if you may need the data.
      </p>
      <Form action={action} error={failed?.error} aria-label={`Delete ${name}`}>
        <Field label={`Type ${name} to confirm`} name="confirmName" autoComplete="off" required errors={failed?.fieldErrors?.confirmName} />
        <div className="flex justify-end">
          <SubmitButton variant="danger" pendingLabel="Deleting…">
            Delete for good
          </SubmitButton>
        </div>
      </Form>
      <div className="flex justify-end">
        <DialogCancel />
      </div>
    </Dialog>
  );
}
