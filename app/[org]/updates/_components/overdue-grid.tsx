'use client';

import { useState } from 'react';
import { SubmitButton } from '@/app/_components/ui/button';
import { FormError } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { formatDate, formatValue } from '@/lib/metrics/format';
import type { MeasureUnit } from '@/lib/metrics/schemas';
import { recordMeasurementAction } from '../../metrics/actions';
import { useRefreshMyUpdateCounts } from './counts-query';

export type OverdueRow = {
  metricId: string;
  name: string;
  unit: MeasureUnit;
  currencyCode: string | null;
  dueLabel: string;
  /** The date the value is recorded at: the due period's last day. */
  date: string;
  overdueSince: string | null;
  history: { date: string; value: number; note: string | null }[];
};

const control = 'block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-sm focus:outline-2 focus:outline-brand-500';

/**
 * One form per row, each with its own state: saving one row keeps what was
 * typed in the others, and Enter in a row's fields saves that row. A saved
 * row leaves the list (the page re-renders without it) and is confirmed below.
 */
export function OverdueGrid({ slug, rows }: { slug: string; rows: OverdueRow[] }) {
  const [saved, setSaved] = useState<{ metricId: string; text: string }[]>([]);
  // Saving re-renders the page without the saved row, in the same update as the action's result: keep the
  // rows first shown until their own form confirms, so the confirmation is not lost with the row.
  const [firstShown] = useState(rows);
  const savedIds = new Set(saved.map((s) => s.metricId));
  const shownIds = new Set(firstShown.map((r) => r.metricId));
  const open = [...firstShown, ...rows.filter((r) => !shownIds.has(r.metricId))].filter((r) => !savedIds.has(r.metricId));
  return (
    <div className="space-y-3">
      {open.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <div aria-hidden className="hidden grid-cols-[minmax(10rem,1.2fr)_minmax(12rem,1.4fr)_minmax(7rem,0.7fr)_minmax(9rem,1fr)_auto] gap-3 bg-slate-50 px-4 py-2.5 text-sm font-medium text-slate-600 md:grid">
            <span>Metric</span>
            <span>Last values</span>
            <span>Value</span>
            <span>Note</span>
            <span className="w-16" />
          </div>
          <ul className="divide-y divide-slate-100" aria-label="Overdue values">
            {open.map((row) => (
              <li key={row.metricId}>
                <OverdueRowForm slug={slug} row={row} onSaved={(text) => setSaved((s) => [...s, { metricId: row.metricId, text }])} />
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">No values overdue.</p>
      )}
      <div role="status" aria-live="polite">
        {saved.length > 0 && (
          <ul className="space-y-1 text-sm text-emerald-800">
            {saved.map((s) => (
              <li key={s.metricId}>✓ Saved — {s.text}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function OverdueRowForm({ slug, row, onSaved }: { slug: string; row: OverdueRow; onSaved: (text: string) => void }) {
  const refreshCounts = useRefreshMyUpdateCounts(slug);
  const { failed, formAction } = useActionForm(recordMeasurementAction.bind(null, slug), {
    onSuccess: (r) => {
      onSaved(`${row.name}, ${row.dueLabel}: ${formatValue(r.value, row.unit, row.currencyCode)}`);
      refreshCounts();
    },
  });
  const id = (field: string) => `${row.metricId}-${field}`;
  const valueError = failed?.fieldErrors?.value?.[0] ?? failed?.fieldErrors?.date?.[0];
  const noteError = failed?.fieldErrors?.note?.[0];
  return (
    <form
      action={formAction}
      noValidate
      aria-label={`${row.name}, ${row.dueLabel}`}
      className="grid gap-3 px-4 py-3 text-sm md:grid-cols-[minmax(10rem,1.2fr)_minmax(12rem,1.4fr)_minmax(7rem,0.7fr)_minmax(9rem,1fr)_auto] md:items-start"
      key={JSON.stringify(failed?.values ?? null)}
    >
      <input type="hidden" name="metricId" value={row.metricId} />
      <input type="hidden" name="date" value={row.date} />
      <div>
        <p className="font-medium text-ink">{row.name}</p>
        <p className="text-xs text-slate-500">
          Due: {row.dueLabel} (recorded on {formatDate(row.date)})
          {row.overdueSince && <span className="block text-amber-700">Overdue since {formatDate(row.overdueSince)}</span>}
        </p>
      </div>
      <div id={id('history')} className="text-xs text-slate-600">
        <span className="sr-only">Last values of {row.name}: </span>
        {row.history.length === 0 ? (
          'No values yet.'
        ) : (
          <ul className="space-y-0.5">
            {row.history.map((h) => (
              <li key={h.date}>
                <span className="tabular-nums">
                  {formatDate(h.date)}: {formatValue(h.value, row.unit, row.currencyCode)}
                </span>
                {h.note && <span className="text-slate-500"> — “{h.note}”</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="space-y-1">
        <label htmlFor={id('value')} className="sr-only">{`Value of ${row.name} for ${row.dueLabel}`}</label>
        <input
          id={id('value')}
          name="value"
          inputMode="decimal"
          autoComplete="off"
          placeholder={row.currencyCode ?? 'Value'}
          defaultValue={failed?.values?.value ?? ''}
          aria-invalid={valueError ? true : undefined}
          aria-describedby={[id('history'), valueError ? id('value-error') : null].filter(Boolean).join(' ')}
          className={`${control} ${valueError ? 'border-red-500' : 'border-slate-300'}`}
        />
        {valueError && (
          <p id={id('value-error')} className="text-xs text-red-700">
            {valueError}
          </p>
        )}
      </div>
      <div className="space-y-1">
        <label htmlFor={id('note')} className="sr-only">{`Note for ${row.name} (optional)`}</label>
        <input
          id={id('note')}
          name="note"
          autoComplete="off"
          maxLength={1000}
          placeholder="Note (optional)"
          defaultValue={failed?.values?.note ?? ''}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? id('note-error') : undefined}
          className={`${control} ${noteError ? 'border-red-500' : 'border-slate-300'}`}
        />
        {noteError && (
          <p id={id('note-error')} className="text-xs text-red-700">
            {noteError}
          </p>
        )}
      </div>
      <div>
        <SubmitButton pendingLabel="Saving…" aria-label={`Save ${row.name}`}>
          Save
        </SubmitButton>
      </div>
      {failed && !failed.fieldErrors && (
        <div className="md:col-span-5">
          <FormError>{failed.error}</FormError>
        </div>
      )}
    </form>
  );
}
