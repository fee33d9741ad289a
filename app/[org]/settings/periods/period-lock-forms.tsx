'use client';

import { useActionState, useRef, useState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Dialog, DialogActions, closeDialogOf } from '@/app/_components/ui/dialog';
import { Field, SelectField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useToast } from '@/app/_components/ui/toast';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import type { ActionResult } from '@/lib/action-runner';
import { lockPeriodAction, unlockPeriodAction } from './actions';

export type PeriodChoice = { key: string; label: string };
export type PeriodChoices = { kind: string; label: string; periods: PeriodChoice[] }[];

const OTHER = 'other';

/**
 * Lock a closed period: pick a kind, then one of its recent ended periods, or
 * type any period key. Either way the server checks it (and says why not).
 */
export function LockPeriodForm({ slug, choices }: { slug: string; choices: PeriodChoices }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(lockPeriodAction.bind(null, slug), {
    success: (lock) => `${lock.label} is locked`,
  });
  const [kind, setKind] = useState(choices[0]?.kind ?? OTHER);
  const errors = failed?.fieldErrors?.periodKey;
  const periods = choices.find((c) => c.kind === kind)?.periods ?? [];
  // The kind only picks which periods to offer: it sits outside the form, so the reset after submitting leaves it alone.
  return (
    <div className="max-w-md space-y-4">
      <SelectField label="Kind of period" name="periodKind" value={kind} onChange={(e) => setKind(e.target.value)}>
        {choices.map((c) => (
          <option key={c.kind} value={c.kind}>
            {c.label}
          </option>
        ))}
        <option value={OTHER}>Another period (type its key)</option>
      </SelectField>
      <Form ref={form} action={formAction} error={failed?.error} aria-label="Lock a period">
        {kind === OTHER ? (
          <Field
            key="typed"
            label="Period"
            name="periodKey"
            defaultValue={failed?.values?.periodKey ?? ''}
            placeholder="2026-10"
            autoComplete="off"
            errors={errors}
            hint="2026-10 (month), 2026-Q3 (quarter), 2026 (fiscal year, named by the year it ends in) or 2026-W40 (week)."
          />
        ) : (
          <SelectField key={kind} label="Period" name="periodKey" defaultValue={failed?.values?.periodKey} errors={errors} hint="Recent periods that have ended.">
            {periods.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </SelectField>
        )}
        <SubmitButton pendingLabel="Locking…">Lock period</SubmitButton>
      </Form>
    </div>
  );
}

/** Unlock, after a confirmation: values in the period may change again. */
export function UnlockPeriodButton({ slug, periodKey, label }: { slug: string; periodKey: string; label: string }) {
  const form = useRef<HTMLFormElement>(null);
  const toast = useToast();
  // The row (and this component) leaves the page as soon as the unlock lands, so announce it from the action itself.
  const [state, formAction] = useActionState(async (previous: ActionResult<{ label: string }> | null, data: FormData) => {
    const result = await unlockPeriodAction(slug, previous, data);
    if (result.ok) {
      toast(`${result.data.label} is unlocked`);
      closeDialogOf(form.current);
    }
    return result;
  }, null);
  const failed = state && !state.ok ? state : null;
  return (
    <Dialog title={`Unlock ${label}?`} triggerLabel="Unlock">
      <Form ref={form} action={formAction} error={failed?.error} aria-label={`Unlock ${label}`}>
        <input type="hidden" name="periodKey" value={periodKey} />
        <p className="text-sm text-slate-700">Values dated in {label} can be changed again from every path: forms, CSV imports and the API.</p>
        <DialogActions form={form} submit="Unlock" pending="Unlocking…" />
      </Form>
    </Dialog>
  );
}
