import Link from 'next/link';
import type { ReactNode } from 'react';
import type { PeriodPicker as Picker } from '@/lib/scorecards/period-param';
import type { ScorecardUnit } from '@/lib/scorecards/org-scorecard';
import { linkButtonClass } from '../../kpis/_components/link-button';
import { PeriodPicker } from './period-picker';
import { scorecardHref } from './query';

/** The breadcrumb of a scorecard or KPI: Scorecard › company › department › team, each a link to its scorecard. */
export function ScorecardBreadcrumb({ slug, path, periodKey, current }: { slug: string; path: ScorecardUnit[]; periodKey?: string; current?: string }) {
  const href = (u: ScorecardUnit) => (periodKey ? scorecardHref(slug, u, periodKey) : u.kind === 'company' ? `/${slug}` : `/${slug}/scorecard/${u.id}`);
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-500 print:hidden">
      <ol className="flex flex-wrap items-center gap-x-1.5">
        {path.map((u, i) => (
          <li key={u.id} className="flex items-center gap-x-1.5">
            {i > 0 && <span aria-hidden>/</span>}
            <Link href={href(u)} className="hover:underline" aria-current={!current && i === path.length - 1 ? 'page' : undefined}>
              {u.name}
            </Link>
          </li>
        ))}
        {current && (
          <li className="flex items-center gap-x-1.5">
            <span aria-hidden>/</span>
            <span aria-current="page" className="text-slate-700">
              {current}
            </span>
          </li>
        )}
      </ol>
    </nav>
  );
}

/** Title, period picker and the export and print links that every scorecard page shares. */
export function ScorecardHeader({
  slug,
  unitId,
  title,
  subtitle,
  breadcrumb,
  picker,
  basePath,
  periodKey,
}: {
  slug: string;
  unitId: string;
  title: string;
  subtitle: ReactNode;
  breadcrumb?: ReactNode;
  picker: Picker;
  basePath: string;
  periodKey: string;
}) {
  const query = `?period=${encodeURIComponent(periodKey)}`;
  return (
    <div className="space-y-4">
      {breadcrumb}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{title}</h1>
          <div className="mt-1 text-sm text-slate-600">{subtitle}</div>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          <a href={`/${slug}/scorecard/${unitId}/export${query}`} className={linkButtonClass('secondary')} download>
            Export CSV
          </a>
          <Link href={`/${slug}/scorecard/${unitId}/print${query}`} className={linkButtonClass('secondary')}>
            Print view
          </Link>
        </div>
      </div>
      <PeriodPicker picker={picker} basePath={basePath} />
    </div>
  );
}

/** A period the URL names that cannot be shown: the reason, and the way back to the default. */
export function BadPeriod({ message, href, label }: { message: string; href: string; label: string }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
      <p className="font-medium">{message}</p>
      <p className="mt-1">
        Choose a period above, or{' '}
        <Link href={href} className="font-medium underline">
          show {label}
        </Link>
        .
      </p>
    </div>
  );
}
