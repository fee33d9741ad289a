'use client';

import { useState } from 'react';
import { Button, SubmitButton } from '@/app/_components/ui/button';
import { Form } from '@/app/_components/ui/form';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { unitSymbol } from '@/lib/metrics/format';
import { spreadTarget, type SpreadMode } from '@/lib/scoring';
import { setKpiTargetsAction } from '../actions';

type MeasureUnit = 'count' | 'currency' | 'percent' | 'ratio' | 'duration';

export type TargetRowInput = { key: string; label: string; isYear: boolean; value: string; low: string; high: string };

export type TargetsGridProps = {
  slug: string;
  kpiId: string;
  version: number;
  direction: 'up' | 'down' | 'within';
  unit: MeasureUnit;
  currencyCode: string | null;
  /** The KPI's periods of the fiscal year, then the year itself. */
  rows: TargetRowInput[];
  /** Last fiscal year's actual per period, aligned with the rows (the year row excluded). */
  lastYear: (number | null)[];
  spreadMode: SpreadMode;
  periodNoun: string;
  yearLabel: string;
};

const parseNumber = (text: string) => {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
};

/**
 * The targets of a draft KPI for one fiscal year: a value (or a band for
 * `within`) per period and for the year, with a tool that spreads an annual
 * target over the periods for the person to adjust before saving.
 */
export function TargetsGrid(props: TargetsGridProps) {
  const { slug, kpiId, version, direction, unit, currencyCode, rows: initialRows, lastYear, spreadMode, periodNoun, yearLabel } = props;
  const [rows, setRows] = useState(initialRows);
  const { failed, formAction } = useActionForm(setKpiTargetsAction.bind(null, slug), {
    success: (r) => `Targets saved${r.set || r.cleared ? `: ${r.set} set${r.cleared ? `, ${r.cleared} cleared` : ''}` : ''}`,
  });
  const errors = failed?.fieldErrors;
  const band = direction === 'within';
  const symbol = unitSymbol(unit, currencyCode);
  const periods = rows.filter((r) => !r.isYear);
  const serialized = JSON.stringify(rows.map((r) => ({ periodKey: r.key, value: band ? '' : r.value, low: band ? r.low : '', high: band ? r.high : '' })));
  const update = (index: number, field: 'value' | 'low' | 'high', text: string) =>
    setRows((current) => current.map((r, i) => (i === index ? { ...r, [field]: text } : r)));
  const cellErrors = (index: number, field: string) => [...(errors?.[`targets.${index}.${field}`] ?? []), ...(field === 'value' || field === 'low' ? (errors?.[`targets.${index}.periodKey`] ?? []) : [])];

  const cell = (index: number, field: 'value' | 'low' | 'high', label: string) => {
    const id = `target-${rows[index]!.key}-${field}`;
    const messages = cellErrors(index, field);
    return (
      <td className="px-3 py-1.5 align-top">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          value={rows[index]![field]}
          onChange={(e) => update(index, field, e.target.value)}
          aria-invalid={messages.length ? true : undefined}
          aria-describedby={messages.length ? `${id}-error` : undefined}
          className={`w-32 rounded-md border px-2 py-1 text-right text-sm tabular-nums focus:outline-2 focus:outline-brand-500 ${messages.length ? 'border-red-500' : 'border-slate-300'}`}
        />
        {messages.length > 0 && (
          <p id={`${id}-error`} className="mt-1 max-w-40 text-xs text-red-700">
            {messages[0]}
          </p>
        )}
      </td>
    );
  };

  return (
    <div className="space-y-4">
      {!band && periods.length > 1 && (
        <SpreadTool
          periods={periods.length}
          periodNoun={periodNoun}
          lastYear={lastYear}
          mode={spreadMode}
          decimals={unit === 'count' ? 0 : 2}
          initialAnnual={rows.find((r) => r.isYear)?.value ?? ''}
          onSpread={(annual, values) =>
            setRows((current) => {
              let i = 0;
              return current.map((r) => (r.isYear ? { ...r, value: annual } : { ...r, value: String(values[i++] ?? '') }));
            })
          }
        />
      )}
      <Form action={formAction} error={failed?.error} aria-label={`Targets for ${yearLabel}`}>
        <input type="hidden" name="kpiId" value={kpiId} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="targets" value={serialized} />
        <div className={`max-w-xl overflow-auto rounded-lg border border-slate-200 ${rows.length > 14 ? 'max-h-[32rem]' : ''}`}>
          <table className="min-w-full text-sm">
            <caption className="sr-only">Targets per period for {yearLabel}</caption>
            <thead className="sticky top-0 bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                  Period
                </th>
                {band ? (
                  <>
                    <th scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                      Low{symbol && ` (${symbol})`}
                    </th>
                    <th scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                      High{symbol && ` (${symbol})`}
                    </th>
                  </>
                ) : (
                  <th scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                    Target{symbol && ` (${symbol})`}
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r, i) => (
                <tr key={r.key} className={r.isYear ? 'bg-slate-50 font-medium' : undefined}>
                  <th scope="row" className="px-3 py-1.5 text-left font-normal whitespace-nowrap text-slate-800">
                    {r.isYear ? `Whole year ${r.label}` : r.label}
                  </th>
                  {band ? (
                    <>
                      {cell(i, 'low', `Low target for ${r.label}`)}
                      {cell(i, 'high', `High target for ${r.label}`)}
                    </>
                  ) : (
                    cell(i, 'value', `Target for ${r.isYear ? `the whole year ${r.label}` : r.label}`)
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pendingLabel="Saving…">Save targets</SubmitButton>
          <p className="text-xs text-slate-500">A blank cell clears that period’s target.</p>
        </div>
      </Form>
    </div>
  );
}

function SpreadTool({
  periods,
  periodNoun,
  lastYear,
  mode,
  decimals,
  initialAnnual,
  onSpread,
}: {
  periods: number;
  periodNoun: string;
  lastYear: (number | null)[];
  mode: SpreadMode;
  decimals: number;
  initialAnnual: string;
  onSpread: (annual: string, values: number[]) => void;
}) {
  const [annual, setAnnual] = useState(initialAnnual);
  const [shape, setShape] = useState<'even' | 'last_year'>('even');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const hasHistory = lastYear.some((x) => x !== null);

  const spread = () => {
    const value = parseNumber(annual);
    if (value === null) {
      setMessage({ tone: 'error', text: 'Enter the annual target as a number, e.g. 1200' });
      return;
    }
    const result = spreadTarget({ annual: value, periods, mode, shape, lastYear: shape === 'last_year' ? lastYear : undefined, decimals });
    onSpread(annual.trim(), result.values);
    const how = result.fellBack ? 'evenly — last year has no usable actuals to follow' : shape === 'last_year' ? 'in the shape of last year' : 'evenly';
    setMessage({ tone: 'ok', text: `Filled ${periods} ${periodNoun} ${how}. Adjust them by hand if needed, then save.` });
  };

  return (
    <fieldset className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">Spread an annual target</legend>
      <p className="text-xs text-slate-600">
        {mode === 'total'
          ? `The ${periodNoun} add up to the annual value.`
          : `Each of the ${periodNoun} gets the annual value (a level, not a sum)${hasHistory ? ', or last year’s pattern around it' : ''}.`}
      </p>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="spread-annual" className="block text-sm font-medium text-slate-800">
            Annual target
          </label>
          <input
            id="spread-annual"
            inputMode="decimal"
            autoComplete="off"
            value={annual}
            onChange={(e) => setAnnual(e.target.value)}
            onKeyDown={(e) => {
              // Enter spreads rather than submitting the targets form.
              if (e.key === 'Enter') {
                e.preventDefault();
                spread();
              }
            }}
            aria-describedby="spread-message"
            className="w-36 rounded-md border border-slate-300 px-2 py-1.5 text-right text-sm tabular-nums focus:outline-2 focus:outline-brand-500"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="spread-shape" className="block text-sm font-medium text-slate-800">
            Shape
          </label>
          <select
            id="spread-shape"
            value={shape}
            onChange={(e) => setShape(e.target.value as 'even' | 'last_year')}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-brand-500"
          >
            <option value="even">Even</option>
            <option value="last_year">Like last year{hasHistory ? '' : ' (no data last year)'}</option>
          </select>
        </div>
        <Button variant="secondary" onClick={spread}>
          Fill the {periodNoun}
        </Button>
      </div>
      <p id="spread-message" aria-live="polite" className={`mt-2 text-sm ${message?.tone === 'error' ? 'text-red-700' : 'text-slate-700'}`}>
        {message?.text}
      </p>
    </fieldset>
  );
}
