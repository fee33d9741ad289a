'use client';

import { useRef } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field, SelectField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { roleLabels, type OrgRole } from '@/lib/permissions';
import { changeRoleAction, createInvitationAction, removeMemberAction, resendInvitationAction, revokeInvitationAction } from '../actions';

export function InviteForm({ slug, roles, units, unitRequired }: { slug: string; roles: OrgRole[]; units: { id: string; label: string }[]; unitRequired: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(createInvitationAction.bind(null, slug), {
    success: (r) => `Invitation sent to ${r.email}`,
    onSuccess: () => form.current?.reset(),
  });
  return (
    <Form ref={form} action={formAction} error={failed?.error} aria-label="Invite someone">
      <Field label="Email" name="email" type="email" required defaultValue={failed?.values?.email} errors={failed?.fieldErrors?.email} />
      <SelectField label="Role in the organization" name="role" defaultValue={failed?.values?.role ?? 'member'} errors={failed?.fieldErrors?.role}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={unitRequired ? 'Unit' : 'Unit (optional)'}
        name="unitId"
        defaultValue={failed?.values?.unitId ?? (unitRequired ? units[0]?.id : '')}
        errors={failed?.fieldErrors?.unitId}
      >
        {!unitRequired && <option value="">No unit</option>}
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Role in the unit"
        name="unitRole"
        defaultValue={failed?.values?.unitRole ?? 'member'}
        errors={failed?.fieldErrors?.unitRole}
        hint="Viewers join a unit as members: they only read, so they cannot head it."
      >
        <option value="member">Member</option>
        <option value="head">Head (department head or team lead)</option>
      </SelectField>
      <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
    </Form>
  );
}

export function RoleForm({ slug, userId, name, role, roles }: { slug: string; userId: string; name: string; role: OrgRole; roles: OrgRole[] }) {
  const { failed, formAction } = useActionForm(changeRoleAction.bind(null, slug), { success: (m) => `${name} is now ${roleLabels[m.role]}` });
  const error = failed?.fieldErrors?.role?.[0];
  const errorId = `role-${userId}-error`;
  return (
    <Form action={formAction} error={failed?.error} aria-label={`Role of ${name}`} className="flex flex-wrap items-end gap-2 space-y-0">
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {name}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={`rounded-md border ${error ? 'border-red-500' : 'border-slate-300'} bg-white px-2 py-1.5 text-sm`}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" className="px-2.5 py-1.5" pendingLabel="…">
        Change
      </SubmitButton>
      {error && (
        <p id={errorId} className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </Form>
  );
}

export function RemoveMemberButton({ slug, userId, name }: { slug: string; userId: string; name: string }) {
  const { failed, formAction } = useActionForm(removeMemberAction.bind(null, slug), { success: `${name} was removed` });
  return (
    <Form
      action={formAction}
      error={failed?.error}
      aria-label={`Remove ${name}`}
      onSubmit={(e) => {
        if (!window.confirm(`Remove ${name} from the organization? Their unit roles end too.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton variant="ghost" className="px-2 py-1 text-red-700" pendingLabel="Removing…">
        Remove<span className="sr-only"> {name}</span>
      </SubmitButton>
    </Form>
  );
}

export function InvitationButtons({ slug, invitationId, email }: { slug: string; invitationId: string; email: string }) {
  const resend = useActionForm(resendInvitationAction.bind(null, slug), { success: `Sent again to ${email}` });
  const revoke = useActionForm(revokeInvitationAction.bind(null, slug), { success: `Invitation to ${email} revoked` });
  const error = resend.failed?.error ?? revoke.failed?.error;
  return (
    <div className="flex flex-wrap items-center gap-1">
      <form action={resend.formAction}>
        <input type="hidden" name="invitationId" value={invitationId} />
        <SubmitButton variant="ghost" className="px-2 py-1" pendingLabel="Sending…">
          Resend<span className="sr-only"> to {email}</span>
        </SubmitButton>
      </form>
      <form action={revoke.formAction}>
        <input type="hidden" name="invitationId" value={invitationId} />
        <SubmitButton variant="ghost" className="px-2 py-1 text-red-700" pendingLabel="Revoking…">
          Revoke<span className="sr-only"> invitation to {email}</span>
        </SubmitButton>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
