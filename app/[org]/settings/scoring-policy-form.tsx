'use client';

import { useActionState, useEffect } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Field, SelectField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useToast } from '@/app/_components/ui/toast';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import { updateScoringPolicyAction } from './actions';

/** Status bands, the score cap and the vital-few limits (product.md §3). */
export function ScoringPolicyForm({ slug, editable, policy }: { slug: string; editable: boolean; policy: OrganizationPolicy }) {
  const [state, action] = useActionState(updateScoringPolicyAction.bind(null, slug), null);
  const toast = useToast();
  useEffect(() => {
    if (state?.ok) toast('Scoring and guardrails saved');
  }, [state, toast]);
  const failed = state && !state.ok ? state : null;
  const value = (name: string, fallback: string | number) => failed?.values?.[name] ?? String(fallback);
  const number = (name: string, label: string, fallback: number, hint?: string, step = 'any') => (
    <Field
      label={label}
      name={name}
      type="number"
      inputMode="decimal"
      step={step}
      required
      defaultValue={value(name, fallback)}
      errors={failed?.fieldErrors?.[name]}
      hint={hint}
    />
  );
  return (
    <Form action={action} error={failed?.error} aria-label="Scoring and guardrails">
      <fieldset disabled={!editable} className="space-y-6">
        <div className="space-y-4">
          <legend className="text-base font-semibold">Status bands</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            {number('green', 'On track at score ≥', policy.statusThresholds.green, '1 means the target is met.')}
            {number('amber', 'At risk at score ≥', policy.statusThresholds.amber, 'Below this a KPI is off track.')}
            {number('scoreCap', 'Score cap', policy.scoreCap, 'Over-achievement counts up to this.')}
          </div>
        </div>
        <div className="space-y-4">
          <h3 className="text-base font-semibold">Vital few</h3>
          <p className="text-sm text-slate-600">
            The seeds advise 3–5 KPIs on the CEO&apos;s dashboard, about 10 per department head and no more than 2 per team per goal.
            Live KPIs count against these limits.
          </p>
          <div className="grid gap-4 sm:grid-cols-3">
            {number('vitalFewCompany', 'Company KPIs at most', policy.vitalFew.company, undefined, '1')}
            {number('vitalFewDepartment', 'KPIs per department', policy.vitalFew.department, undefined, '1')}
            {number('vitalFewTeamPerGoal', 'KPIs per team per goal', policy.vitalFew.teamPerGoal, undefined, '1')}
          </div>
          <SelectField
            label="When a unit goes over its limit"
            name="vitalFewMode"
            defaultValue={value('vitalFewMode', policy.vitalFew.mode)}
            errors={failed?.fieldErrors?.vitalFewMode}
          >
            <option value="warn">Warn, but allow it</option>
            <option value="block">Block new KPIs</option>
          </SelectField>
        </div>
        <div className="space-y-4">
          <h3 className="text-base font-semibold">Overdue values</h3>
          <div className="grid gap-4 sm:grid-cols-3">
            {number(
              'overdueGraceDays',
              'Grace days',
              policy.overdueGraceDays,
              'Days after a period ends before its missing value shows as overdue (0–90).',
              '1',
            )}
          </div>
        </div>
        {editable && <SubmitButton pendingLabel="Saving…">Save scoring and guardrails</SubmitButton>}
      </fieldset>
    </Form>
  );
}
