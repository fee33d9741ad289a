'use client';

import { useState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { Form } from '@/app/_components/ui/form';
import { SelectField, TextAreaField } from '@/app/_components/ui/field';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { RadioGroup } from '../_components/fields';
import { confidenceLabels, confidences } from '@/lib/check-ins/rules';
import { COMMENT_MAX_LENGTH, valueFieldName } from '@/lib/check-ins/schemas';
import { formatDate, formatValue } from '@/lib/metrics/format';
import type { MeasureUnit } from '@/lib/metrics/schemas';
import { checkInAction } from './actions';

export type CheckInPeriod = { key: string; label: string; statusLabel: string };
export type CheckInField = {
  id: string;
  name: string;
  unit: MeasureUnit;
  currencyCode: string | null;
  /** The last values up to the newest offered period, newest first. */
  history: { date: string; value: number; note: string | null }[];
  /** Per period key: where a value goes, or why the field is read-only, and what the period holds now. */
  byPeriod: Record<string, { editable: boolean; date: string | null; readOnlyReason: string | null; current: number | null }>;
};

const confidenceOptions = confidences.map((c) => ({ value: c, label: confidenceLabels[c] }));

/** The owner's check-in: the period, its values beside their history, what happened and what comes next, and a confidence. */
export function CheckInForm({ slug, kpiId, periods, fields }: { slug: string; kpiId: string; periods: CheckInPeriod[]; fields: CheckInField[] }) {
  const [reset, setReset] = useState(0);
  const { failed, formAction } = useActionForm(checkInAction.bind(null, slug), {
    success: (r) => (r.watermelon ? 'Checked in — note: the numbers say off track while you say on track' : 'Checked in'),
    onSuccess: () => setReset((n) => n + 1),
  });
  const values = failed?.values;
  const errors = failed?.fieldErrors;
  const [periodKey, setPeriodKey] = useState(values?.periodKey ?? periods[0]?.key ?? '');
  const period = periods.find((p) => p.key === periodKey) ?? periods[0];

  return (
    <Form action={formAction} error={failed?.error} aria-label="Check in" key={`${reset}|${JSON.stringify(values ?? null)}`}>
      <input type="hidden" name="kpiId" value={kpiId} />
      <SelectField
        label="Period"
        name="periodKey"
        value={periodKey}
        onChange={(e) => setPeriodKey(e.target.value)}
        errors={errors?.periodKey}
        hint={period ? `Numbers say: ${period.statusLabel}` : undefined}
      >
        {periods.map((p) => (
          <option key={p.key} value={p.key}>
            {p.label}
          </option>
        ))}
      </SelectField>

      {fields.length > 0 && (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">Values for {period?.label}</legend>
          {fields.map((f) => {
            const name = valueFieldName(f.id);
            const slot = f.byPeriod[periodKey];
            const fieldErrors = errors?.[name];
            const describedBy = [`${name}-history`, fieldErrors ? `${name}-error` : null].filter(Boolean).join(' ');
            return (
              <div key={f.id} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
                <div className="space-y-1.5">
                  <label htmlFor={name} className="block text-sm font-medium text-slate-800">
                    {f.name}
                    {f.currencyCode ? ` (${f.currencyCode})` : ''}
                  </label>
                  {slot?.editable ? (
                    <input
                      id={name}
                      name={name}
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder={slot.current === null ? 'No value yet' : `Now ${formatValue(slot.current, f.unit, f.currencyCode)}`}
                      defaultValue={values?.[name] ?? ''}
                      aria-invalid={fieldErrors ? true : undefined}
                      aria-describedby={describedBy}
                      className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-500 ${fieldErrors ? 'border-red-500' : 'border-slate-300'}`}
                    />
                  ) : (
                    <p id={name} className="rounded-md bg-slate-50 px-3 py-2 text-sm tabular-nums text-slate-700">
                      {formatValue(slot?.current ?? null, f.unit, f.currencyCode)} <span className="text-xs text-slate-500">(combined, read-only)</span>
                    </p>
                  )}
                  {fieldErrors && (
                    <p id={`${name}-error`} className="text-sm text-red-700">
                      {fieldErrors[0]}
                    </p>
                  )}
                  <p className="text-xs text-slate-500">
                    {slot?.editable
                      ? `Recorded on ${formatDate(slot.date!)}${slot.current !== null ? `, replacing ${formatValue(slot.current, f.unit, f.currencyCode)}` : ''}. Leave empty to keep it.`
                      : slot?.readOnlyReason}
                  </p>
                </div>
                <div id={`${name}-history`} className="text-xs text-slate-600">
                  <p className="font-medium text-slate-700">Last values</p>
                  {f.history.length === 0 ? (
                    <p>None yet.</p>
                  ) : (
                    <ul className="mt-1 space-y-1">
                      {f.history.map((h) => (
                        <li key={h.date}>
                          <span className="tabular-nums">{formatDate(h.date)}: {formatValue(h.value, f.unit, f.currencyCode)}</span>
                          {h.note && <span className="block text-slate-500">“{h.note}”</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
            );
          })}
        </fieldset>
      )}

      <TextAreaField
        label="Comment"
        name="comment"
        rows={3}
        maxLength={COMMENT_MAX_LENGTH}
        defaultValue={values?.comment ?? ''}
        errors={errors?.comment}
        hint="What happened and what comes next. Required when the KPI is off track."
      />
      <RadioGroup
        legend="Confidence"
        name="confidence"
        options={confidenceOptions}
        defaultValue={values?.confidence}
        errors={errors?.confidence}
      />
      <SubmitButton pendingLabel="Checking in…">Check in</SubmitButton>
    </Form>
  );
}
