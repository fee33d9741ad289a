'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { closeDialogOf, Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, SelectField, TextAreaField } from '@/app/_components/ui/field';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { isStrictAncestorUnit, wouldCreateCycle } from '@/lib/goals/tree';
import { createGoalAction, updateGoalAction } from '../actions';

type Option = { id: string; label: string };

/** What the goal form offers; the page computes it from what the viewer may manage and see. */
export type GoalFormOptions = {
  /** Active units the viewer may manage goals in, in tree order. */
  units: Option[];
  /** Every unit's parent, to offer only goals of units above the chosen one. */
  unitParents: [string, string | null][];
  people: Option[];
  goals: { id: string; title: string; unitId: string; unitName: string; parentGoalId: string | null }[];
  kpis: { id: string; name: string; unitName: string }[];
};

export type EditableGoal = {
  id: string;
  unitId: string;
  title: string;
  description: string;
  ownerId: string | null;
  startDate: string;
  dueDate: string;
  parentGoalId: string | null;
  outcomeKpiId: string | null;
  outcomeTarget: number | null;
};

type Errors = Record<string, string[]> | undefined;
type Values = Record<string, string> | undefined;


function GoalFields({ options, goal, errors, values }: { options: GoalFormOptions; goal?: EditableGoal; errors: Errors; values: Values }) {
  const [unitId, setUnitId] = useState(values?.unitId ?? goal?.unitId ?? options.units[0]?.id ?? '');
  const [parentGoalId, setParentGoalId] = useState(values?.parentGoalId ?? goal?.parentGoalId ?? '');
  // Selects are controlled: React's reset after a failed submit would not restore a changed defaultValue on them.
  const [ownerId, setOwnerId] = useState(values?.ownerId ?? goal?.ownerId ?? '');
  const [outcomeKpiId, setOutcomeKpiId] = useState(values?.outcomeKpiId ?? goal?.outcomeKpiId ?? '');
  const parents = useMemo(() => new Map(options.unitParents), [options.unitParents]);
  // Only goals one layer up or higher, never this goal or one aligned below it.
  const candidates = options.goals.filter(
    (g) => isStrictAncestorUnit(g.unitId, unitId, parents) && !(goal && wouldCreateCycle(goal.id, g.id, options.goals)),
  );
  const parentValue = candidates.some((g) => g.id === parentGoalId) ? parentGoalId : '';
  const unitName = options.units.find((u) => u.id === unitId)?.label.replace(/^(— )+/, '');
  const str = (n: number | null | undefined) => (n == null ? '' : String(n));
  return (
    <>
      <SelectField label="Unit" name="unitId" value={unitId} onChange={(e) => setUnitId(e.target.value)} errors={errors?.unitId}>
        {options.units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.label}
          </option>
        ))}
      </SelectField>
      <Field
        label="Title"
        name="title"
        required
        maxLength={200}
        placeholder="2,000 new paying members by 31 December"
        defaultValue={values?.title ?? goal?.title}
        errors={errors?.title}
        hint="The outcome you want, in a sentence."
      />
      <TextAreaField
        label="Description (optional)"
        name="description"
        maxLength={4000}
        defaultValue={values?.description ?? goal?.description ?? ''}
        errors={errors?.description}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Start date" name="startDate" type="date" required defaultValue={values?.startDate ?? goal?.startDate} errors={errors?.startDate} />
        <Field label="Due date" name="dueDate" type="date" required defaultValue={values?.dueDate ?? goal?.dueDate} errors={errors?.dueDate} />
      </div>
      <SelectField label="Owner" name="ownerId" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} errors={errors?.ownerId}>
        <option value="">No owner</option>
        {options.people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Aligned to"
        name="parentGoalId"
        value={parentValue}
        onChange={(e) => setParentGoalId(e.target.value)}
        errors={errors?.parentGoalId}
        hint={
          candidates.length === 0
            ? `No goals in the units above ${unitName ?? 'this unit'} yet.`
            : 'A goal of a unit above this one that this goal helps reach.'
        }
      >
        <option value="">Not aligned to another goal</option>
        {candidates.map((g) => (
          <option key={g.id} value={g.id}>
            {g.title} · {g.unitName}
          </option>
        ))}
      </SelectField>
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-800">Outcome (optional)</legend>
        <p className="text-xs text-slate-500">With a KPI and the value it should reach by the due date, the goal shows its progress and whether it is on pace.</p>
        <SelectField
          label="Outcome KPI"
          name="outcomeKpiId"
          value={outcomeKpiId}
          onChange={(e) => setOutcomeKpiId(e.target.value)}
          errors={errors?.outcomeKpiId}
        >
          <option value="">No outcome KPI</option>
          {options.kpis.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name} · {k.unitName}
            </option>
          ))}
        </SelectField>
        <Field
          label="Target by the due date"
          name="outcomeTarget"
          inputMode="decimal"
          placeholder="2000"
          defaultValue={values?.outcomeTarget ?? str(goal?.outcomeTarget)}
          errors={errors?.outcomeTarget}
          hint="A plain number in the KPI's unit, e.g. 2000 (no separators)."
        />
      </fieldset>
    </>
  );
}


export function NewGoalDialog({ slug, options }: { slug: string; options: GoalFormOptions }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(createGoalAction.bind(null, slug), {
    success: (goal) => `${goal.title} created`,
    onSuccess: (goal) => {
      closeDialogOf(form.current);
      form.current?.reset();
      router.push(`/${slug}/goals/${goal.id}`);
    },
  });
  return (
    <Dialog title="New goal" triggerLabel="New goal" triggerVariant="primary">
      <Form ref={form} action={formAction} error={failed?.error} aria-label="New goal">
        <GoalFields options={options} errors={failed?.fieldErrors} values={failed?.values} />
        <DialogActions form={form} submit="Create goal" pending="Creating…" />
      </Form>
    </Dialog>
  );
}

export function EditGoalDialog({ slug, goal, options }: { slug: string; goal: EditableGoal; options: GoalFormOptions }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(updateGoalAction.bind(null, slug), {
    success: 'Goal saved',
    onSuccess: () => closeDialogOf(form.current),
  });
  return (
    <Dialog title="Edit goal" triggerLabel="Edit goal">
      <Form ref={form} action={formAction} error={failed?.error} aria-label="Edit goal">
        <input type="hidden" name="goalId" value={goal.id} />
        <GoalFields options={options} goal={goal} errors={failed?.fieldErrors} values={failed?.values} />
        <DialogActions form={form} submit="Save" pending="Saving…" />
      </Form>
    </Dialog>
  );
}
