import Link from 'next/link';
import type { PeriodPicker as Picker } from '@/lib/scorecards/period-param';

/**
 * The scorecard's period, kept in the URL (`?period=2026-10`): the kind of
 * period, the previous and next one, and a list of recent ones. Plain links
 * and a GET form, so it works before any script has loaded.
 */
export function PeriodPicker({ picker, basePath }: { picker: Picker; basePath: string }) {
  const href = (key: string) => `${basePath}?period=${encodeURIComponent(key)}`;
  const arrow = 'inline-flex items-center rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-ink hover:bg-slate-50';
  return (
    <div className="flex flex-wrap items-center gap-3 print:hidden">
      <nav aria-label="Kind of period" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {picker.kinds.map((k) => (
          <Link
            key={k.kind}
            href={href(k.key)}
            aria-current={k.kind === picker.kind ? 'true' : undefined}
            className={`rounded px-2.5 py-1 text-sm font-medium ${k.kind === picker.kind ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {k.label}
          </Link>
        ))}
      </nav>
      <div className="flex items-center gap-1.5">
        <Link href={href(picker.previous.key)} className={arrow}>
          <span aria-hidden>←</span>
          <span className="sr-only">Previous period: {picker.previous.label}</span>
        </Link>
        <form method="get" action={basePath} className="flex items-center gap-1.5">
          <label htmlFor="scorecard-period" className="sr-only">
            Period
          </label>
          <select
            id="scorecard-period"
            name="period"
            defaultValue={picker.current.key}
            key={picker.current.key}
            className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:outline-2 focus:outline-brand-500"
          >
            {picker.recent.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </select>
          <button type="submit" className={arrow}>
            Show
          </button>
        </form>
        {picker.next ? (
          <Link href={href(picker.next.key)} className={arrow}>
            <span aria-hidden>→</span>
            <span className="sr-only">Next period: {picker.next.label}</span>
          </Link>
        ) : (
          <span aria-hidden className={`${arrow} cursor-not-allowed text-slate-300`}>
            →
          </span>
        )}
      </div>
    </div>
  );
}
