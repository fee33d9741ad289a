'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, useTransition } from 'react';
import { Button, SubmitButton } from '@/app/_components/ui/button';
import { closeDialogOf, Dialog } from '@/app/_components/ui/dialog';
import { Field, SelectField, TextAreaField } from '@/app/_components/ui/field';
import { Form, FormError } from '@/app/_components/ui/form';
import { useToast } from '@/app/_components/ui/toast';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { measureUnits, type KpiDefinition } from '@/lib/kpis/schemas';
import { directionLabels, horizonLabels, indicatorLabels } from '@/lib/kpis/view';
import { frequencyLabels, unitLabels } from '@/lib/metrics/format';
import type { VoteChoice } from '@/lib/proposals/rules';
import type { TargetRollup } from '@/lib/scoring/target-rollup';
import { TargetRollupField } from '../../kpis/_components/fields';
import {
  approveProposalAction,
  commentOnProposalAction,
  createProposalAction,
  editProposalAction,
  rejectProposalAction,
  reviseProposalAction,
  submitProposalAction,
  voteOnProposalAction,
  withdrawProposalAction,
} from '../actions';
import { useRefreshProposalCounts } from './counts-query';

type Target = { slug: string; proposalId: string; version: number };

function Hidden({ proposalId, version }: { proposalId: string; version?: number }) {
  return (
    <>
      <input type="hidden" name="proposalId" value={proposalId} />
      {version !== undefined && <input type="hidden" name="version" value={version} />}
    </>
  );
}

const choices: { value: VoteChoice; label: string; hint: string }[] = [
  { value: 'agree', label: 'Agree', hint: 'This KPI should go live as proposed.' },
  { value: 'object', label: 'Object', hint: 'Something must change first: explain what below.' },
  { value: 'abstain', label: 'Abstain', hint: 'You neither support nor block it.' },
];

/** A reviewer's vote; casting it again replaces the current one (the old one stays in the history). */
export function VoteForm({ slug, proposalId, version, current }: Target & { current: VoteChoice | null }) {
  const refresh = useRefreshProposalCounts(slug);
  const { failed, formAction } = useActionForm(voteOnProposalAction.bind(null, slug), { success: 'Vote recorded', onSuccess: refresh });
  const errors = failed?.fieldErrors;
  const legendId = useId();
  const choiceError = errors?.choice?.[0];
  return (
    <Form action={formAction} error={failed && !errors ? failed.error : null} aria-label="Your vote">
      <Hidden proposalId={proposalId} version={version} />
      <fieldset aria-describedby={choiceError ? `${legendId}-error` : undefined} className="space-y-2">
        <legend id={legendId} className="text-sm font-medium text-slate-800">
          {current ? 'Change your vote' : 'Your vote'}
        </legend>
        {choices.map((c) => (
          <label key={c.value} className="flex gap-2 rounded-md border border-slate-200 p-2.5 text-sm has-checked:border-brand-500 has-checked:bg-brand-50">
            <input type="radio" name="choice" value={c.value} defaultChecked={(failed?.values?.choice ?? current) === c.value} className="mt-0.5" />
            <span>
              <span className="font-medium">{c.label}</span>
              <span className="block text-slate-600">{c.hint}</span>
            </span>
          </label>
        ))}
        {choiceError && (
          <p id={`${legendId}-error`} className="text-sm text-red-700">
            {choiceError}
          </p>
        )}
      </fieldset>
      <TextAreaField label="Comment" name="comment" errors={errors?.comment} hint="Required when you object." defaultValue={failed?.values?.comment ?? ''} />
      <SubmitButton pendingLabel="Saving…">{current ? 'Change vote' : 'Cast vote'}</SubmitButton>
    </Form>
  );
}

/** Approve (only with consensus) and reject (with a reason) for the approver. */
export function DecisionForms({ slug, proposalId, version, approveBlocked }: Target & { approveBlocked: string | null }) {
  const refresh = useRefreshProposalCounts(slug);
  const approve = useActionForm(approveProposalAction.bind(null, slug), { success: 'Approved: the definition is live', onSuccess: refresh });
  const rejectForm = useRef<HTMLFormElement>(null);
  const reject = useActionForm(rejectProposalAction.bind(null, slug), {
    success: 'Proposal rejected',
    onSuccess: () => {
      closeDialogOf(rejectForm.current);
      refresh();
    },
  });
  const hintId = useId();
  return (
    <div className="space-y-3">
      {approve.failed && <FormError>{approve.failed.error}</FormError>}
      <div className="flex flex-wrap items-start gap-2">
        <form action={approve.formAction}>
          <Hidden proposalId={proposalId} version={version} />
          <SubmitButton pendingLabel="Approving…" disabled={approveBlocked !== null} aria-describedby={approveBlocked ? hintId : undefined}>
            Approve revision
          </SubmitButton>
        </form>
        <Dialog title="Reject this proposal?" triggerLabel="Reject…" triggerVariant="secondary">
          <Form ref={rejectForm} action={reject.formAction} error={reject.failed && !reject.failed.fieldErrors ? reject.failed.error : null}>
            <Hidden proposalId={proposalId} version={version} />
            <TextAreaField
              label="Reason"
              name="reason"
              required
              errors={reject.failed?.fieldErrors?.reason}
              hint="Everyone involved receives it; the proposer can revise and submit again."
              defaultValue={reject.failed?.values?.reason ?? ''}
            />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => closeDialogOf(rejectForm.current)}>
                Cancel
              </Button>
              <SubmitButton variant="danger" pendingLabel="Rejecting…">
                Reject
              </SubmitButton>
            </div>
          </Form>
        </Dialog>
      </div>
      {approveBlocked && (
        <p id={hintId} className="text-sm text-slate-600">
          {approveBlocked}
        </p>
      )}
    </div>
  );
}

/** A one-button action (withdraw, revise) with its failure shown next to it. */
function ButtonAction({
  slug,
  proposalId,
  version,
  action,
  label,
  pendingLabel,
  success,
  variant = 'secondary',
}: Target & {
  action: typeof withdrawProposalAction;
  label: string;
  pendingLabel: string;
  success: string;
  variant?: 'secondary' | 'primary' | 'ghost';
}) {
  const refresh = useRefreshProposalCounts(slug);
  const { failed, formAction } = useActionForm(action.bind(null, slug), { success, onSuccess: refresh });
  return (
    <form action={formAction} className="space-y-2">
      {failed && <FormError>{failed.error}</FormError>}
      <Hidden proposalId={proposalId} version={version} />
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
    </form>
  );
}

export function WithdrawButton(props: Target) {
  return <ButtonAction {...props} action={withdrawProposalAction} label="Withdraw proposal" pendingLabel="Withdrawing…" success="Proposal withdrawn" variant="ghost" />;
}

export function ReviseButton(props: Target) {
  return <ButtonAction {...props} action={reviseProposalAction} label="Revise and resubmit" pendingLabel="Reopening…" success="Back to draft: change it, then submit again" variant="primary" />;
}

export type ReviewerOption = { userId: string; name: string; why: string | null };

/** Sends a draft for review: the reviewers (suggested ones first and preselected) and an optional deadline. */
/** `blocked`: why it cannot be submitted (the server refuses it too); the button is disabled and points to it (id submit-blocked). */
export function SubmitForm({ slug, proposalId, version, options, blocked = null }: Target & { options: ReviewerOption[]; blocked?: string | null }) {
  const refresh = useRefreshProposalCounts(slug);
  const { failed, formAction } = useActionForm(submitProposalAction.bind(null, slug), { success: 'Sent to the reviewers', onSuccess: refresh });
  const errors = failed?.fieldErrors;
  const legendId = useId();
  const reviewerError = errors?.reviewerIds?.[0];
  // Controlled, so a refused submission (React resets uncontrolled fields) keeps the choices made.
  const [chosen, setChosen] = useState(() => new Set(options.filter((o) => o.why !== null).map((o) => o.userId)));
  const [deadline, setDeadline] = useState('');
  const toggle = (userId: string, on: boolean) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(userId);
      else next.delete(userId);
      return next;
    });
  return (
    <Form action={formAction} error={failed && !errors ? failed.error : null} aria-label="Submit for review">
      <Hidden proposalId={proposalId} version={version} />
      <fieldset aria-describedby={`${legendId}-hint${reviewerError ? ` ${legendId}-error` : ''}`} className="space-y-2">
        <legend id={legendId} className="text-sm font-medium text-slate-800">
          Reviewers
        </legend>
        <p id={`${legendId}-hint`} className="text-xs text-slate-500">
          The stakeholders who vote. Suggested: the KPI’s owner, the unit’s heads and heads of units it rolls up from or into.
        </p>
        {reviewerError && (
          <p id={`${legendId}-error`} className="text-sm text-red-700">
            {reviewerError}
          </p>
        )}
        <ul className="max-h-72 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
          {options.map((o) => (
            <li key={o.userId}>
              <label className="flex items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-slate-50">
                <input type="checkbox" name="reviewerIds" value={o.userId} checked={chosen.has(o.userId)} onChange={(e) => toggle(o.userId, e.target.checked)} />
                <span>{o.name}</span>
                {o.why && <span className="text-xs text-brand-700">suggested: {o.why}</span>}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Field
        label="Review deadline (optional)"
        name="deadline"
        type="date"
        errors={errors?.deadline}
        hint="Leave empty for five working days from now. Reviewers who have not voted are reminded halfway."
        value={deadline}
        onChange={(e) => setDeadline(e.target.value)}
        className="max-w-48"
      />
      <SubmitButton pendingLabel="Submitting…" disabled={blocked !== null} aria-describedby={blocked ? 'submit-blocked' : undefined}>
        Submit for review
      </SubmitButton>
    </Form>
  );
}

/** A comment in the proposal's thread; the field empties after posting. */
export function CommentForm({ slug, proposalId }: { slug: string; proposalId: string }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(commentOnProposalAction.bind(null, slug), { success: 'Comment posted', onSuccess: () => form.current?.reset() });
  return (
    <Form ref={form} action={formAction} error={failed && !failed.fieldErrors ? failed.error : null} aria-label="Add a comment">
      <Hidden proposalId={proposalId} />
      <TextAreaField label="Add a comment" name="body" errors={failed?.fieldErrors?.body} defaultValue={failed?.values?.body ?? ''} />
      <SubmitButton variant="secondary" pendingLabel="Posting…">
        Post comment
      </SubmitButton>
    </Form>
  );
}

/**
 * "Propose for approval" / "Propose a change" / "Propose retirement" on the
 * KPI page: opens the proposal, then goes to it.
 */
export function ProposeButton({ slug, kpiId, kind, label }: { slug: string; kpiId: string; kind: 'create' | 'change' | 'retire'; label: string }) {
  const router = useRouter();
  const toast = useToast();
  const refresh = useRefreshProposalCounts(slug);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const open = () =>
    startTransition(async () => {
      const form = new FormData();
      form.set('kpiId', kpiId);
      form.set('kind', kind);
      const result = await createProposalAction(slug, null, form);
      if (!result.ok) return setError(result.error);
      refresh();
      toast(`Revision ${result.data.number} opened`);
      router.push(`/${slug}/proposals/${result.data.id}`);
    });
  return (
    <div className="space-y-2">
      <Button variant={kind === 'retire' ? 'secondary' : 'primary'} onClick={open} disabled={pending} aria-disabled={pending}>
        {pending ? 'Opening…' : label}
      </Button>
      {error && <FormError>{error}</FormError>}
    </div>
  );
}

type Cell = { periodKey: string; value: number | null; low: number | null; high: number | null };
type TextCell = { periodKey: string; value: string; low: string; high: string };
const text = (n: number | null | undefined) => (n == null ? '' : String(n));

type MeasureUnit = (typeof measureUnits)[number];
type Direction = KpiDefinition['direction'];
export type GoalOption = { id: string; title: string; unitName: string };

/** Goals come ordered by unit, so consecutive ones share an optgroup. */
function groupGoals(goals: GoalOption[]) {
  const groups: { unitName: string; goals: GoalOption[] }[] = [];
  for (const goal of goals) {
    const last = groups.at(-1);
    if (last && last.unitName === goal.unitName) last.goals.push(goal);
    else groups.push({ unitName: goal.unitName, goals: [goal] });
  }
  return groups;
}

/**
 * Edits a draft or in-review proposal: the whole definition and the targets of
 * each period. The org unit, the source and the roll-up contributors travel
 * unchanged as hidden inputs: they are changed on the draft KPI itself.
 */
export function EditProposalForm({
  slug,
  proposalId,
  version,
  summary,
  definition,
  targets,
  people,
  goals,
  orgThresholds,
  inferredTargetRollup,
  inReview = false,
}: Target & {
  summary: string;
  definition: KpiDefinition;
  /** What "Automatic" infers for the proposed definition. */
  inferredTargetRollup: TargetRollup | null;
  targets: Cell[];
  people: { userId: string; name: string }[];
  goals: GoalOption[];
  orgThresholds: { green: number; amber: number };
  inReview?: boolean;
}) {
  const refresh = useRefreshProposalCounts(slug);
  const { failed, formAction } = useActionForm(editProposalAction.bind(null, slug), { success: 'Proposal saved', onSuccess: refresh });
  const errors = failed?.fieldErrors;
  const v = (key: string, fallback: string) => failed?.values?.[key] ?? fallback;
  const [cells, setCells] = useState<TextCell[]>(() => targets.map((t) => ({ periodKey: t.periodKey, value: text(t.value), low: text(t.low), high: text(t.high) })));
  // Controlled, so the currency field and the target cells follow the choice and survive a refused save.
  const [unit, setUnit] = useState<MeasureUnit>(definition.unit);
  const [direction, setDirection] = useState<Direction>(definition.direction);
  const band = direction === 'within';
  const setCell = (i: number, key: 'value' | 'low' | 'high', value: string) => setCells((all) => all.map((c, j) => (j === i ? { ...c, [key]: value } : c)));
  const hidden: Record<string, string> = {
    unitId: definition.unitId,
    source: definition.source,
    rollupMethod: definition.rollupMethod ?? '',
    contributors: JSON.stringify(definition.contributors),
  };
  const cellsError = errors?.targets?.[0];
  // "targets.3.value" → the message shown under that period's input.
  const cellError = (i: number, key: string) => errors?.[`targets.${i}.${key}`]?.[0];
  return (
    <Form action={formAction} error={failed && !errors ? failed.error : null} aria-label="Edit the proposal">
      <Hidden proposalId={proposalId} version={version} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="targets" value={JSON.stringify(cells.map((c) => (band ? { periodKey: c.periodKey, low: c.low, high: c.high } : { periodKey: c.periodKey, value: c.value })))} />
      {inReview && <p className="text-sm text-amber-800">Editing during review asks the reviewers to vote again.</p>}
      <TextAreaField label="Why (summary for the reviewers)" name="summary" errors={errors?.summary} defaultValue={v('summary', summary)} />
      <Field label="Name" name="name" errors={errors?.name} defaultValue={v('name', definition.name)} />
      <TextAreaField label="Description" name="description" errors={errors?.description} defaultValue={v('description', definition.description)} />
      <div className="space-y-1.5">
        <label htmlFor="ownerId" className="block text-sm font-medium text-slate-800">
          Owner
        </label>
        <select id="ownerId" name="ownerId" defaultValue={v('ownerId', definition.ownerId ?? '')} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          <option value="">No owner</option>
          {people.map((p) => (
            <option key={p.userId} value={p.userId}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <SelectField
        label="Goal"
        name="goalId"
        defaultValue={v('goalId', definition.goalId ?? '')}
        errors={errors?.goalId}
        hint={goals.length === 0 ? 'No goals yet: without one this KPI counts as a vanity metric.' : 'A KPI without a goal is a vanity metric.'}
      >
        <option value="">No goal (vanity metric)</option>
        {groupGoals(goals).map((g) => (
          <optgroup key={g.unitName} label={g.unitName}>
            {g.goals.map((goal) => (
              <option key={goal.id} value={goal.id}>
                {goal.title}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Unit of measure" name="unit" value={unit} onChange={(e) => setUnit(e.target.value as MeasureUnit)} errors={errors?.unit}>
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
            defaultValue={v('currencyCode', definition.currencyCode ?? '')}
            errors={errors?.currencyCode}
          />
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Direction" name="direction" value={direction} onChange={(e) => setDirection(e.target.value as Direction)} errors={errors?.direction}>
          {Object.entries(directionLabels).map(([d, label]) => (
            <option key={d} value={d}>
              {label.short}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Review frequency"
          name="frequency"
          defaultValue={v('frequency', definition.frequency)}
          errors={errors?.frequency}
          hint="Targets and results are set per period of this length."
        >
          {Object.entries(frequencyLabels).map(([f, label]) => (
            <option key={f} value={f}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <TargetRollupField inferred={inferredTargetRollup} errors={errors?.targetRollup} defaultValue={v('targetRollup', definition.targetRollup ?? '')} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Leading or lagging" name="indicator" defaultValue={v('indicator', definition.indicator)} errors={errors?.indicator}>
          {Object.entries(indicatorLabels).map(([i, label]) => (
            <option key={i} value={i}>
              {label.short}
            </option>
          ))}
        </SelectField>
        <SelectField label="Operational or strategic" name="horizon" defaultValue={v('horizon', definition.horizon)} errors={errors?.horizon}>
          {Object.entries(horizonLabels).map(([h, label]) => (
            <option key={h} value={h}>
              {label.short}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="text-xs text-slate-500">The org unit, the source and the roll-up contributors travel unchanged: change them on the draft KPI itself.</p>
      {definition.source === 'formula' && (
        <Field label="Formula" name="formula" errors={errors?.formula} defaultValue={v('formula', definition.formula ?? '')} className="font-mono" />
      )}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Baseline value" name="baselineValue" inputMode="decimal" errors={errors?.baselineValue} defaultValue={v('baselineValue', text(definition.baselineValue))} />
        <Field label="Baseline date" name="baselineDate" type="date" errors={errors?.baselineDate} defaultValue={v('baselineDate', definition.baselineDate ?? '')} />
        <Field label="Weight" name="weight" inputMode="decimal" errors={errors?.weight} defaultValue={v('weight', text(definition.weight))} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Status bands for this KPI</legend>
        <p className="text-xs text-slate-500">
          Leave both empty to use the organization’s: on track at a score of {orgThresholds.green} or more, at risk from {orgThresholds.amber}.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="On track at a score of at least"
            name="greenAt"
            inputMode="decimal"
            autoComplete="off"
            placeholder={String(orgThresholds.green)}
            defaultValue={v('greenAt', text(definition.greenAt))}
            errors={errors?.greenAt}
            hint="1 means 100% of target."
          />
          <Field
            label="At risk at a score of at least"
            name="amberAt"
            inputMode="decimal"
            autoComplete="off"
            placeholder={String(orgThresholds.amber)}
            defaultValue={v('amberAt', text(definition.amberAt))}
            errors={errors?.amberAt}
            hint="Below this it is off track."
          />
        </div>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Targets {band ? '(low – high)' : ''}</legend>
        {(cellsError || Object.keys(errors ?? {}).some((k) => k.startsWith('targets.'))) && (
          <p role="alert" className="text-sm text-red-700">
            {cellsError ?? 'Some targets are not valid: see the periods marked below.'}
          </p>
        )}
        {cells.length === 0 ? (
          <p className="text-sm text-slate-600">This KPI has no target periods yet: set them on the draft KPI’s page first.</p>
        ) : (
          <div className="grid max-h-80 gap-2 overflow-y-auto sm:grid-cols-2">
            {cells.map((c, i) =>
              band ? (
                <div key={c.periodKey} className="text-sm">
                  <span className="flex items-center gap-2">
                    <span className="w-20 shrink-0">{c.periodKey}</span>
                    {(['low', 'high'] as const).map((key) => (
                      <input
                        key={key}
                        aria-label={`${key === 'low' ? 'Low' : 'High'} target ${c.periodKey}`}
                        inputMode="decimal"
                        value={c[key]}
                        onChange={(e) => setCell(i, key, e.target.value)}
                        aria-invalid={cellError(i, key) ? true : undefined}
                        aria-describedby={cellError(i, key) ? `target-${i}-error` : undefined}
                        className={`w-24 rounded-md border px-2 py-1 ${cellError(i, key) ? 'border-red-500' : 'border-slate-300'}`}
                      />
                    ))}
                  </span>
                  {(cellError(i, 'low') || cellError(i, 'high')) && (
                    <span id={`target-${i}-error`} className="block text-red-700">
                      {cellError(i, 'low') ?? cellError(i, 'high')}
                    </span>
                  )}
                </div>
              ) : (
                <div key={c.periodKey} className="text-sm">
                  <label className="flex items-center gap-2">
                    <span className="w-20 shrink-0">{c.periodKey}</span>
                    <input
                      inputMode="decimal"
                      value={c.value}
                      onChange={(e) => setCell(i, 'value', e.target.value)}
                      aria-invalid={cellError(i, 'value') ? true : undefined}
                      aria-describedby={cellError(i, 'value') ? `target-${i}-error` : undefined}
                      className={`w-32 rounded-md border px-2 py-1 ${cellError(i, 'value') ? 'border-red-500' : 'border-slate-300'}`}
                    />
                  </label>
                  {cellError(i, 'value') && (
                    <span id={`target-${i}-error`} className="block text-red-700">
                      {cellError(i, 'value')}
                    </span>
                  )}
                </div>
              ),
            )}
          </div>
        )}
      </fieldset>
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save proposal
      </SubmitButton>
    </Form>
  );
}
