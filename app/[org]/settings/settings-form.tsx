'use client';

import { useActionState, useEffect } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field, SelectField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useToast } from '@/app/_components/ui/toast';
import { updateOrganizationSettingsAction } from './actions';
import { TimeZoneField } from './time-zone-field';

const months = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2000, i, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' }),
);

export function SettingsForm({
  slug,
  editable,
  values,
}: {
  slug: string;
  editable: boolean;
  values: { name: string; fiscalYearStartMonth: number; timeZone: string };
}) {
  const [state, action] = useActionState(updateOrganizationSettingsAction.bind(null, slug), null);
  const toast = useToast();
  useEffect(() => {
    if (state?.ok) toast('Settings saved');
  }, [state, toast]);
  const failed = state && !state.ok ? state : null;
  return (
    <Form action={action} error={failed?.error} aria-label="Organization settings">
      <fieldset disabled={!editable} className="space-y-4">
        <Field
          label="Organization name"
          name="name"
          required
          maxLength={200}
          defaultValue={failed?.values?.name ?? values.name}
          errors={failed?.fieldErrors?.name}
        />
        <SelectField
          label="Fiscal year starts in"
          name="fiscalYearStartMonth"
          defaultValue={failed?.values?.fiscalYearStartMonth ?? String(values.fiscalYearStartMonth)}
          errors={failed?.fieldErrors?.fiscalYearStartMonth}
          hint="Quarters and years in targets and scorecards follow this month."
        >
          {months.map((m, i) => (
            <option key={m} value={i + 1}>
              {m}
            </option>
          ))}
        </SelectField>
        <TimeZoneField defaultValue={failed?.values?.timeZone ?? values.timeZone} errors={failed?.fieldErrors?.timeZone} />
        {editable && <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>}
      </fieldset>
    </Form>
  );
}
