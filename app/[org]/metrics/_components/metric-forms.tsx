'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { closeDialogOf, Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, SelectField, TextAreaField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { aggregationLabels, formatDate, formatValue, frequencyLabels, unitLabels } from '@/lib/metrics/format';
import type { MeasureUnit } from '@/lib/metrics/schemas';
import { suggestMetricKey } from '@/lib/metrics/suggest-key';
import { createMetricAction, recordMeasurementAction, updateMetricAction } from '../actions';

type Option = { id: string; label: string };
type Errors = Record<string, string[]> | undefined;
type Values = Record<string, string> | undefined;
export type EditableMetric = {
  id: string;
  key: string;
  name: string;
  description: string;
  unit: MeasureUnit;
  currencyCode: string | null;
  aggregation: keyof typeof aggregationLabels;
  frequency: keyof typeof frequencyLabels;
  ownerId: string | null;
};


/**
 * React resets a form after its action, and a select goes back to the option
 * it was mounted with. Remounting the fields whenever the submitted values
 * change makes that option the one submitted (or, after saving, the saved one).
 */
function fieldsKey(values: Values, fallback: unknown) {
  return JSON.stringify(values ?? fallback);
}

/** The fields a metric's creator and its editors share; the key is the creator's alone. */
function DefinitionFields({ metric, people, errors, values }: { metric?: EditableMetric; people: Option[]; errors: Errors; values: Values }) {
  const [unit, setUnit] = useState<string>(values?.unit ?? metric?.unit ?? 'count');
  return (
    <>
      <TextAreaField
        label="Description (optional)"
        name="description"
        maxLength={2000}
        defaultValue={values?.description ?? metric?.description}
        errors={errors?.description}
        hint="What is counted, where the number comes from."
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Unit" name="unit" defaultValue={unit} onChange={(e) => setUnit(e.target.value)} errors={errors?.unit}>
          {Object.entries(unitLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        {unit === 'currency' && (
          <Field
            label="Currency code"
            name="currencyCode"
            maxLength={3}
            placeholder="EUR"
            autoCapitalize="characters"
            defaultValue={values?.currencyCode ?? metric?.currencyCode ?? ''}
            errors={errors?.currencyCode}
          />
        )}
      </div>
      <SelectField
        label="Values in a period"
        name="aggregation"
        defaultValue={values?.aggregation ?? metric?.aggregation ?? 'sum'}
        errors={errors?.aggregation}
        hint="Flows such as sign-ups add up; stocks such as headcount take the last value."
      >
        {Object.entries(aggregationLabels).map(([value, { explanation }]) => (
          <option key={value} value={value}>
            {explanation}
          </option>
        ))}
      </SelectField>
      <SelectField label="Updated" name="frequency" defaultValue={values?.frequency ?? metric?.frequency ?? 'month'} errors={errors?.frequency}>
        {Object.entries(frequencyLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Owner"
        name="ownerId"
        defaultValue={values?.ownerId ?? metric?.ownerId ?? ''}
        errors={errors?.ownerId}
        hint="The owner records the values and is reminded when one is due."
      >
        <option value="">No owner</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </SelectField>
    </>
  );
}

export function NewMetricDialog({ slug, people }: { slug: string; people: Option[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyEdited, setKeyEdited] = useState(false);
  // A new generation starts the next metric from the defaults.
  const [generation, setGeneration] = useState(0);
  const { failed, formAction } = useActionForm(createMetricAction.bind(null, slug), {
    success: (metric) => `${metric.name} created`,
    onSuccess: (metric) => {
      closeDialogOf(form.current);
      setName('');
      setKey('');
      setKeyEdited(false);
      setGeneration((g) => g + 1);
      router.push(`/${slug}/metrics/${metric.id}`);
    },
  });
  return (
    <Dialog title="New metric" triggerLabel="New metric" triggerVariant="primary">
      <Form ref={form} action={formAction} error={failed?.error} aria-label="New metric">
        <Field
          label="Name"
          name="name"
          required
          maxLength={120}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (!keyEdited) setKey(suggestMetricKey(e.target.value));
          }}
          errors={failed?.fieldErrors?.name}
          placeholder="Paid sign-ups"
        />
        <Field
          label="Key"
          name="key"
          required
          maxLength={64}
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            // Clearing the key lets it follow the name again.
            setKeyEdited(e.target.value !== '');
          }}
          className="font-mono"
          spellCheck={false}
          autoComplete="off"
          errors={failed?.fieldErrors?.key}
          hint="Formulas ({paid_signups}), CSV files and the API use it. It cannot change later."
        />
        <DefinitionFields key={fieldsKey(failed?.values, generation)} people={people} errors={failed?.fieldErrors} values={failed?.values} />
        <DialogActions form={form} submit="Create metric" pending="Creating…" />
      </Form>
    </Dialog>
  );
}

export function EditMetricDialog({ slug, metric, people }: { slug: string; metric: EditableMetric; people: Option[] }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(updateMetricAction.bind(null, slug), {
    success: 'Metric saved',
    onSuccess: () => closeDialogOf(form.current),
  });
  return (
    <Dialog title={`Edit ${metric.name}`} triggerLabel="Edit metric">
      <Form ref={form} action={formAction} error={failed?.error} aria-label="Edit metric">
        <input type="hidden" name="metricId" value={metric.id} />
        <p className="text-sm text-slate-600">
          Key <code className="rounded bg-slate-100 px-1 font-mono">{metric.key}</code> stays the same: formulas, CSV files and the API use it.
        </p>
        <Field label="Name" name="name" required maxLength={120} defaultValue={failed?.values?.name ?? metric.name} errors={failed?.fieldErrors?.name} />
        <DefinitionFields key={fieldsKey(failed?.values, metric)} metric={metric} people={people} errors={failed?.fieldErrors} values={failed?.values} />
        <p className="text-xs text-slate-500">Changing the unit does not convert values already recorded.</p>
        <DialogActions form={form} submit="Save" pending="Saving…" />
      </Form>
    </Dialog>
  );
}

const valueHints: Record<MeasureUnit, string> = {
  count: 'A plain number, e.g. 1234 or 1234.5 (no thousands separators).',
  currency: 'An amount, e.g. 1234.50 (no currency sign or separators).',
  percent: 'In percent: 3.2 means 3.2%.',
  ratio: 'A ratio, e.g. 2.35.',
  duration: 'In minutes, e.g. 45.',
};

export function RecordValueForm({
  slug,
  metricId,
  unit,
  currencyCode,
  today,
  maxDate,
}: {
  slug: string;
  metricId: string;
  unit: MeasureUnit;
  currencyCode: string | null;
  today: string;
  maxDate: string;
}) {
  const { failed, formAction } = useActionForm(recordMeasurementAction.bind(null, slug), {
    success: (r) => {
      const value = formatValue(r.value, unit, currencyCode);
      const date = formatDate(r.date);
      if (r.outcome === 'updated') return `${date}: replaced ${formatValue(r.previousValue, unit, currencyCode)} with ${value}`;
      if (r.outcome === 'unchanged') return `${date} already had ${value}: nothing changed`;
      return `Recorded ${value} for ${date}`;
    },
  });
  return (
    <Form action={formAction} error={failed?.error} aria-label="Record a value">
      <input type="hidden" name="metricId" value={metricId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Date" name="date" type="date" required max={maxDate} defaultValue={failed?.values?.date ?? today} errors={failed?.fieldErrors?.date} />
        <Field
          label={currencyCode ? `Value (${currencyCode})` : 'Value'}
          name="value"
          required
          inputMode="decimal"
          autoComplete="off"
          defaultValue={failed?.values?.value}
          errors={failed?.fieldErrors?.value}
          hint={valueHints[unit]}
        />
      </div>
      <TextAreaField
        label="Note (optional)"
        name="note"
        maxLength={1000}
        rows={2}
        defaultValue={failed?.values?.note}
        errors={failed?.fieldErrors?.note}
        hint="What explains this number. Recording a date again replaces its value; the audit log keeps the old one."
      />
      <SubmitButton pendingLabel="Saving…">Record value</SubmitButton>
    </Form>
  );
}
