'use client';

import { useRef } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field, SelectField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { archiveUnitAction, createUnitAction, moveUnitAction, setUnitPersonAction, updateUnitAction } from '../actions';

type Option = { id: string; label: string };

export function AddUnitForm({ slug, parentId, label }: { slug: string; parentId: string; label: string }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(createUnitAction.bind(null, slug), {
    success: (unit) => `${unit.name} created`,
    onSuccess: () => form.current?.reset(),
  });
  return (
    <Form ref={form} action={formAction} error={failed?.error} aria-label={label}>
      <input type="hidden" name="parentId" value={parentId} />
      <Field label="Name" name="name" required maxLength={120} defaultValue={failed?.values?.name} errors={failed?.fieldErrors?.name} />
      <SubmitButton pendingLabel="Creating…">{label}</SubmitButton>
    </Form>
  );
}

export function EditUnitForm({ slug, unit }: { slug: string; unit: { id: string; name: string; weight: number } }) {
  const { failed, formAction } = useActionForm(updateUnitAction.bind(null, slug), { success: 'Unit saved' });
  return (
    <Form action={formAction} error={failed?.error} aria-label="Edit unit">
      <input type="hidden" name="unitId" value={unit.id} />
      <Field label="Name" name="name" required maxLength={120} defaultValue={failed?.values?.name ?? unit.name} errors={failed?.fieldErrors?.name} />
      <Field
        label="Weight in roll-ups"
        name="weight"
        inputMode="decimal"
        defaultValue={failed?.values?.weight ?? String(unit.weight)}
        errors={failed?.fieldErrors?.weight}
        hint="How much this unit counts in its parent's score. 1 is normal."
      />
      <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
    </Form>
  );
}

export function MoveUnitForm({ slug, unitId, parents, currentParentId }: { slug: string; unitId: string; parents: Option[]; currentParentId: string }) {
  const { failed, formAction } = useActionForm(moveUnitAction.bind(null, slug), { success: 'Unit moved' });
  return (
    <Form action={formAction} error={failed?.error} aria-label="Move unit">
      <input type="hidden" name="unitId" value={unitId} />
      <SelectField label="Move under" name="parentId" defaultValue={failed?.values?.parentId ?? currentParentId} errors={failed?.fieldErrors?.parentId}>
        {parents.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </SelectField>
      <SubmitButton variant="secondary" pendingLabel="Moving…">
        Move
      </SubmitButton>
    </Form>
  );
}

export function UnitPersonForm({ slug, unitId, people }: { slug: string; unitId: string; people: Option[] }) {
  const { failed, formAction } = useActionForm(setUnitPersonAction.bind(null, slug), {
    success: (r) => (r.role === 'none' ? 'Removed from the unit' : r.role === 'head' ? 'Head assigned' : 'Member added'),
  });
  return (
    <Form action={formAction} error={failed?.error} aria-label="Unit people">
      <input type="hidden" name="unitId" value={unitId} />
      <SelectField label="Person" name="userId" defaultValue={failed?.values?.userId ?? ''} errors={failed?.fieldErrors?.userId}>
        <option value="" disabled>
          Choose a person…
        </option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Role in this unit"
        name="role"
        defaultValue={failed?.values?.role ?? 'member'}
        errors={failed?.fieldErrors?.role}
        hint="Viewers can be members of a unit, not heads: they only read."
      >
        <option value="head">Head (department head or team lead)</option>
        <option value="member">Member</option>
        <option value="none">Not in this unit</option>
      </SelectField>
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save
      </SubmitButton>
    </Form>
  );
}

export function ArchiveUnitButton({ slug, unitId, name }: { slug: string; unitId: string; name: string }) {
  const { failed, formAction } = useActionForm(archiveUnitAction.bind(null, slug), { success: `${name} archived` });
  return (
    <Form action={formAction} error={failed?.error} aria-label="Archive unit">
      <input type="hidden" name="unitId" value={unitId} />
      <p className="text-sm text-slate-600">Archived units keep their history but take no new KPIs or people.</p>
      <SubmitButton variant="danger" pendingLabel="Archiving…">
        Archive {name}
      </SubmitButton>
    </Form>
  );
}
