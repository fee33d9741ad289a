'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useRef, useState, useTransition, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/app/_components/ui/button';
import { Field, SelectField, TextAreaField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { checkFormula, describeFormulaError, FORMULA_MAX_LENGTH, formulaUnitHint } from '@/lib/formula';
import { measureUnits, rollupMethods } from '@/lib/kpis/schemas';
import { directionLabels, horizonLabels, indicatorLabels, inferredTargetRollup, rollupMethodLabels, stateLabels, type KpiFormValues } from '@/lib/kpis/view';
import { frequencyLabels, unitLabels } from '@/lib/metrics/format';
import type { Aggregation } from '@/lib/scoring/types';
import { createKpiAction, updateKpiAction } from '../actions';
import { FieldError, RadioGroup, TargetRollupField } from './fields';

type MeasureUnit = (typeof measureUnits)[number];
type Option = { id: string; label: string };

export type KpiFormProps = {
  slug: string;
  initial: KpiFormValues;
  units: Option[];
  goalGroups: { unitName: string; goals: { id: string; title: string }[] }[];
  people: Option[];
  metrics: { key: string; name: string; unit: MeasureUnit; aggregation: Aggregation }[];
  contributorOptions: { id: string; name: string; unitName: string; unit: MeasureUnit; state: keyof typeof stateLabels }[];
  orgThresholds: { green: number; amber: number };
  /** Editing an existing draft: its id and the version the editor saw. */
  editing?: { kpiId: string; version: number };
};

type Errors = Record<string, string[]> | undefined;

/** The KPI definition form, for a new draft and for editing one. */
export function KpiForm({ slug, initial, units, goalGroups, people, metrics, contributorOptions, orgThresholds, editing }: KpiFormProps) {
  const router = useRouter();
  const action = editing ? updateKpiAction : createKpiAction;
  const { failed, formAction, pending } = useActionForm(action.bind(null, slug), {
    success: 'Draft saved',
    onSuccess: (kpi) => router.push(`/${slug}/kpis/${kpi.id}`),
  });
  const errors = failed?.fieldErrors;
  const values = failed?.values;
  const value = <K extends keyof KpiFormValues>(key: K) => (values?.[key] as string | undefined) ?? (initial[key] as string);

  const [unit, setUnit] = useState<MeasureUnit>(initial.unit);
  const [source, setSource] = useState<KpiFormValues['source']>(initial.source);
  // Held here, not in their fields: what "Automatic" infers for the targets follows them as they are edited.
  const [formula, setFormula] = useState(initial.formula);
  const [rollupMethod, setRollupMethod] = useState<KpiFormValues['rollupMethod']>(initial.rollupMethod);
  const aggregationOf = useMemo(() => new Map(metrics.map((m) => [m.key, m.aggregation])), [metrics]);
  const inferred = inferredTargetRollup({ unit, source, rollupMethod, formula }, aggregationOf);
  const [, startTransition] = useTransition();
  // Submitted by hand rather than through the form's action: React resets a
  // form after its action, which would undo the controlled radios and
  // checkboxes (source, contributors) while their state stayed as chosen.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };

  return (
    <Form onSubmit={submit} error={failed?.error} aria-label={editing ? 'Edit KPI' : 'New KPI'} className="max-w-3xl">
      {editing && (
        <>
          <input type="hidden" name="kpiId" value={editing.kpiId} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      )}
      <Section title="What it measures">
        <Field
          label="Name"
          name="name"
          required
          maxLength={160}
          defaultValue={value('name')}
          errors={errors?.name}
          placeholder="Website conversion rate"
        />
        <TextAreaField
          label="Description"
          name="description"
          maxLength={4000}
          defaultValue={value('description')}
          errors={errors?.description}
          hint="Say what is measured and why, in a sentence or two — the Specific check asks for it."
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Unit (team or department)" name="unitId" defaultValue={value('unitId')} errors={errors?.unitId} required>
            <option value="" disabled>
              Choose a unit…
            </option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Goal"
            name="goalId"
            defaultValue={value('goalId')}
            errors={errors?.goalId}
            hint={goalGroups.length === 0 ? 'No goals yet: without one this KPI counts as a vanity metric.' : 'A KPI without a goal is a vanity metric.'}
          >
            <option value="">No goal (vanity metric)</option>
            {goalGroups.map((g) => (
              <optgroup key={g.unitName} label={g.unitName}>
                {g.goals.map((goal) => (
                  <option key={goal.id} value={goal.id}>
                    {goal.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
        </div>
        <SelectField label="Owner" name="ownerId" defaultValue={value('ownerId')} errors={errors?.ownerId} hint="Who answers for this KPI.">
          <option value="">No owner</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </SelectField>
      </Section>

      <Section title="How it is read">
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Unit of measure"
            name="unit"
            value={unit}
            onChange={(e) => setUnit(e.target.value as MeasureUnit)}
            errors={errors?.unit}
          >
            {measureUnits.map((u) => (
              <option key={u} value={u}>
                {unitLabels[u]}
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
              defaultValue={value('currencyCode')}
              errors={errors?.currencyCode}
            />
          )}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Direction" name="direction" defaultValue={value('direction')} errors={errors?.direction}>
            {Object.entries(directionLabels).map(([d, label]) => (
              <option key={d} value={d}>
                {label.short}
              </option>
            ))}
          </SelectField>
          <SelectField label="Review frequency" name="frequency" defaultValue={value('frequency')} errors={errors?.frequency} hint="Targets and results are set per period of this length.">
            {Object.entries(frequencyLabels).map(([f, label]) => (
              <option key={f} value={f}>
                {label}
              </option>
            ))}
          </SelectField>
        </div>
        <RadioGroup
          legend="Leading or lagging"
          name="indicator"
          defaultValue={value('indicator')}
          errors={errors?.indicator}
          options={[
            { value: 'lagging', label: indicatorLabels.lagging.short, hint: 'Reports a result, e.g. revenue' },
            { value: 'leading', label: indicatorLabels.leading.short, hint: 'Predicts a result, e.g. pipeline' },
          ]}
        />
        <RadioGroup
          legend="Operational or strategic"
          name="horizon"
          defaultValue={value('horizon')}
          errors={errors?.horizon}
          options={[
            { value: 'strategic', label: horizonLabels.strategic.short, hint: 'Reviewed monthly to quarterly' },
            { value: 'operational', label: horizonLabels.operational.short, hint: 'Reviewed daily to weekly' },
          ]}
        />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label="Baseline value"
            name="baselineValue"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={value('baselineValue')}
            errors={errors?.baselineValue}
            hint="Where it stands today, per period."
          />
          <Field label="Baseline date" name="baselineDate" type="date" defaultValue={value('baselineDate')} errors={errors?.baselineDate} />
          <Field
            label="Weight in the unit’s score"
            name="weight"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={value('weight')}
            errors={errors?.weight}
            hint="1 is normal; 2 counts double."
          />
        </div>
      </Section>

      <Section title="How it is computed">
        <RadioGroup
          legend="Source"
          name="source"
          value={source}
          onChange={(v) => setSource(v as KpiFormValues['source'])}
          errors={errors?.source}
          options={[
            { value: 'formula', label: 'A formula over metrics', hint: 'e.g. {paid_signups} / {visitors} * 100' },
            { value: 'rollup', label: 'A roll-up of other KPIs', hint: 'e.g. the sum of the teams’ sales' },
          ]}
        />
        {source === 'formula' ? (
          <FormulaField slug={slug} formula={formula} onFormulaChange={setFormula} metrics={metrics} kpiUnit={unit} onUseUnit={setUnit} errors={errors?.formula} />
        ) : (
          <RollupFields initial={initial} options={contributorOptions} errors={errors} rollupMethod={rollupMethod} onRollupMethodChange={setRollupMethod} />
        )}
        <TargetRollupField inferred={inferred} errors={errors?.targetRollup} defaultValue={value('targetRollup')} />
      </Section>

      <details className="rounded-lg border border-slate-200 bg-white p-4" open={Boolean(errors?.greenAt || errors?.amberAt || initial.greenAt)}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Advanced: status bands for this KPI</summary>
        <p className="mt-2 text-sm text-slate-600">
          Leave both empty to use the organization’s: on track at a score of {orgThresholds.green} or more, at risk from {orgThresholds.amber}.
        </p>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <Field
            label="On track at a score of at least"
            name="greenAt"
            inputMode="decimal"
            autoComplete="off"
            placeholder={String(orgThresholds.green)}
            defaultValue={value('greenAt')}
            errors={errors?.greenAt}
            hint="1 means 100% of target."
          />
          <Field
            label="At risk at a score of at least"
            name="amberAt"
            inputMode="decimal"
            autoComplete="off"
            placeholder={String(orgThresholds.amber)}
            defaultValue={value('amberAt')}
            errors={errors?.amberAt}
            hint="Below this it is off track."
          />
        </div>
      </details>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" />}
          {pending ? 'Saving…' : editing ? 'Save draft' : 'Create draft'}
        </Button>
        <Link href={editing ? `/${slug}/kpis/${editing.kpiId}` : `/${slug}/kpis`} className="text-sm text-slate-600 hover:underline">
          Cancel
        </Link>
        <p className="text-xs text-slate-500">A KPI starts as a draft: it counts once it is approved.</p>
      </div>
    </Form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

const unitWords: Record<MeasureUnit, string> = { count: 'a count', currency: 'an amount of money', percent: 'a percent', ratio: 'a ratio', duration: 'a duration' };

/** The formula input, checked as it is typed, with the metrics to insert. */
function FormulaField({
  slug,
  formula,
  onFormulaChange: setFormula,
  metrics,
  kpiUnit,
  onUseUnit,
  errors,
}: {
  slug: string;
  formula: string;
  onFormulaChange: (formula: string) => void;
  metrics: KpiFormProps['metrics'];
  kpiUnit: MeasureUnit;
  onUseUnit: (unit: MeasureUnit) => void;
  errors?: string[];
}) {
  const [filter, setFilter] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const known = useMemo(() => new Set(metrics.map((m) => m.key)), [metrics]);
  const unitOf = useMemo(() => new Map(metrics.map((m) => [m.key, m.unit])), [metrics]);
  const check = formula.trim() === '' ? null : checkFormula(formula, known);
  const hint = check?.ok ? formulaUnitHint(check.ast, (key) => unitOf.get(key)) : null;
  const shown = metrics.filter((m) => !filter || `${m.key} ${m.name}`.toLowerCase().includes(filter.toLowerCase()));

  const insert = (key: string) => {
    const el = input.current;
    const token = `{${key}}`;
    const start = el?.selectionStart ?? formula.length;
    const end = el?.selectionEnd ?? formula.length;
    const before = formula.slice(0, start);
    const spaced = before && !/[\s(]$/.test(before) ? `${before} ` : before;
    const next = `${spaced}${token}${formula.slice(end)}`;
    setFormula(next);
    const caret = spaced.length + token.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const error = errors?.[0];
  return (
    <div className="space-y-3">
      <div className="space-y-1.5">
        <label htmlFor="formula" className="block text-sm font-medium text-slate-800">
          Formula
        </label>
        <input
          ref={input}
          id="formula"
          name="formula"
          value={formula}
          onChange={(e) => setFormula(e.target.value)}
          maxLength={FORMULA_MAX_LENGTH}
          spellCheck={false}
          autoComplete="off"
          placeholder="{paid_signups} / {visitors} * 100"
          aria-invalid={error || (check && !check.ok) ? true : undefined}
          aria-describedby={['formula-check', error ? 'formula-error' : null, 'formula-hint'].filter(Boolean).join(' ')}
          className={`block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm focus:outline-2 focus:outline-brand-500 ${error || (check && !check.ok) ? 'border-red-500' : 'border-slate-300'}`}
        />
        <FieldError id="formula-error" errors={errors} />
        <div id="formula-check">
          {check === null ? null : check.ok ? (
            <p className="text-sm text-emerald-800">
              ✓ The formula reads well
              {hint ? `. This formula gives ${unitWords[hint]}` : ''}.
              {hint && hint !== kpiUnit && (
                <>
                  {' '}
                  The KPI’s unit is {unitLabels[kpiUnit].toLowerCase()}.{' '}
                  <button type="button" onClick={() => onUseUnit(hint)} className="font-medium text-brand-700 underline">
                    Use {unitLabels[hint].toLowerCase()}
                  </button>
                </>
              )}
            </p>
          ) : (
            <pre className="overflow-x-auto rounded-md border border-red-200 bg-red-50 p-2 font-mono text-xs text-red-900">
              {check.errors.map((e) => describeFormulaError(formula, e)).join('\n\n')}
            </pre>
          )}
        </div>
        <p id="formula-hint" className="text-xs text-slate-500">
          Metrics in braces, numbers, + − × ÷ as <code>+ - * /</code> and parentheses. A division by zero gives no value.
        </p>
      </div>
      <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="text-sm font-medium text-slate-800" id="metric-keys">
            Metrics you can use
          </h3>
          {metrics.length > 8 && (
            <label className="flex items-center gap-2 text-xs text-slate-600">
              Filter
              <input
                type="search"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                className="rounded border border-slate-300 px-2 py-1 text-xs"
              />
            </label>
          )}
        </div>
        {metrics.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            No metrics yet. Define the numbers this KPI is computed from on the{' '}
            <Link href={`/${slug}/metrics`} className="text-brand-700 underline">
              Metrics page
            </Link>
            , then come back.
          </p>
        ) : (
          <ul aria-labelledby="metric-keys" className="mt-2 flex max-h-40 flex-wrap gap-1.5 overflow-y-auto">
            {shown.map((m) => (
              <li key={m.key}>
                <button
                  type="button"
                  onClick={() => insert(m.key)}
                  title={`${m.name} (${unitLabels[m.unit]})`}
                  aria-label={`Insert ${m.key}: ${m.name}`}
                  className="rounded border border-slate-300 bg-white px-2 py-0.5 font-mono text-xs text-slate-800 hover:border-brand-500 hover:text-brand-700 focus:outline-2 focus:outline-brand-500"
                >
                  {`{${m.key}}`}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** The roll-up method and the contributing KPIs with their weights, sent as one JSON field. */
function RollupFields({
  initial,
  options,
  errors,
  rollupMethod,
  onRollupMethodChange,
}: {
  initial: KpiFormValues;
  options: KpiFormProps['contributorOptions'];
  errors: Errors;
  rollupMethod: KpiFormValues['rollupMethod'];
  onRollupMethodChange: (method: KpiFormValues['rollupMethod']) => void;
}) {
  const [chosen, setChosen] = useState(initial.contributors);
  const [filter, setFilter] = useState('');
  const weightOf = new Map(chosen.map((c) => [c.kpiId, c.weight]));
  const indexOf = new Map(chosen.map((c, i) => [c.kpiId, i]));
  const shown = options.filter((o) => !filter || `${o.name} ${o.unitName}`.toLowerCase().includes(filter.toLowerCase()) || weightOf.has(o.id));
  // A blank weight is left out so the default (1) applies; anything else goes as typed, for the server's message.
  const serialized = JSON.stringify(chosen.map((c) => (c.weight.trim() === '' ? { kpiId: c.kpiId } : c)));
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => (on ? [...current, { kpiId: id, weight: '1' }] : current.filter((c) => c.kpiId !== id)));
  const setWeight = (id: string, weight: string) => setChosen((current) => current.map((c) => (c.kpiId === id ? { ...c, weight } : c)));
  const listError = errors?.contributors?.[0];

  return (
    <div className="space-y-4">
      <SelectField
        label="How contributors combine"
        name="rollupMethod"
        value={rollupMethod}
        onChange={(e) => onRollupMethodChange(e.target.value as KpiFormValues['rollupMethod'])}
        errors={errors?.rollupMethod}
      >
        {rollupMethods.map((m) => (
          <option key={m} value={m}>
            {rollupMethodLabels[m]}
          </option>
        ))}
      </SelectField>
      <input type="hidden" name="contributors" value={serialized} />
      <fieldset className="space-y-2" aria-describedby={listError ? 'contributors-error' : 'contributors-hint'}>
        <legend className="text-sm font-medium text-slate-800">Contributing KPIs</legend>
        <p id="contributors-hint" className="text-xs text-slate-500">
          Usually the KPIs of the teams below. {chosen.length} chosen. Weights count in a weighted average.
        </p>
        <FieldError id="contributors-error" errors={errors?.contributors} />
        {options.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-600">
            No other KPIs yet. Create the contributing KPIs first, or compute this one from a formula.
          </p>
        ) : (
          <>
            {options.length > 8 && (
              <label className="flex items-center gap-2 text-xs text-slate-600">
                Filter KPIs
                <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} className="rounded border border-slate-300 px-2 py-1 text-xs" />
              </label>
            )}
            <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
              {shown.map((o) => {
                const index = indexOf.get(o.id);
                const on = index !== undefined;
                const weightErrors = index === undefined ? undefined : errors?.[`contributors.${index}.weight`];
                const rowError = index === undefined ? undefined : errors?.[`contributors.${index}.kpiId`];
                return (
                  <li key={o.id} className="flex flex-wrap items-center gap-3 px-3 py-2">
                    <label className="flex min-w-0 flex-1 items-center gap-2 text-sm">
                      <input type="checkbox" checked={on} onChange={(e) => toggle(o.id, e.target.checked)} className="accent-brand-600" />
                      <span className="min-w-0">
                        <span className="font-medium">{o.name}</span>{' '}
                        <span className="text-xs text-slate-500">
                          {o.unitName} · {unitLabels[o.unit]}
                          {o.state !== 'active' && ` · ${stateLabels[o.state]}`}
                        </span>
                      </span>
                    </label>
                    {on && (
                      <span className="flex items-center gap-2">
                        <label htmlFor={`weight-${o.id}`} className="text-xs text-slate-600">
                          Weight<span className="sr-only"> for {o.name}</span>
                        </label>
                        <input
                          id={`weight-${o.id}`}
                          inputMode="decimal"
                          autoComplete="off"
                          value={weightOf.get(o.id) ?? ''}
                          onChange={(e) => setWeight(o.id, e.target.value)}
                          aria-invalid={weightErrors ? true : undefined}
                          aria-describedby={weightErrors ? `weight-${o.id}-error` : undefined}
                          className={`w-20 rounded-md border px-2 py-1 text-sm ${weightErrors ? 'border-red-500' : 'border-slate-300'}`}
                        />
                      </span>
                    )}
                    {(weightErrors || rowError) && (
                      <p id={`weight-${o.id}-error`} className="w-full text-sm text-red-700">
                        {(weightErrors ?? rowError)![0]}
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
            {chosen.length > 0 && (
              <Button variant="ghost" className="text-xs" onClick={() => setChosen([])}>
                Clear the choice
              </Button>
            )}
          </>
        )}
      </fieldset>
    </div>
  );
}
