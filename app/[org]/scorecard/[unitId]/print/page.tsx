import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { formatDate } from '@/lib/metrics/format';
import { ScorecardView } from '../../_components/scorecard-view';
import { BadPeriod, ScorecardBreadcrumb } from '../../_components/scorecard-header';
import { isUnitId, loadScorecard, readScorecardRequest } from '../../load';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Scorecard for print' };

/**
 * A scorecard laid out for a board pack: A4 portrait, no navigation (the
 * layout hides it in print), tables rather than cards, statuses in words so
 * it reads in black and white. Not live: it is a snapshot with its date.
 */
export default async function PrintScorecardPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; unitId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug, unitId } = await params;
  if (!isUnitId(unitId)) notFound();
  const { organization, today, param, period } = await readScorecardRequest(slug, searchParams);
  const data = await loadScorecard(organization, { unitId, period, today });
  if (!data) notFound();
  const backHref = data.unit.kind === 'company' ? `/${slug}?period=${period.key}` : `/${slug}/scorecard/${unitId}?period=${period.key}`;

  return (
    <article className="mx-auto max-w-[190mm] space-y-5 bg-white p-6 print:max-w-none print:p-0">
      {/* Every size is in rem: a smaller root in print shrinks the whole board-pack page to fit one A4 sheet. */}
      <style>{'@page { size: A4 portrait; margin: 12mm; } @media print { html { font-size: 10.5px; } }'}</style>
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <ScorecardBreadcrumb slug={slug} path={data.path} periodKey={period.key} current="Print view" />
        <div className="flex gap-2">
          <a href={backHref} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
            Back to the scorecard
          </a>
          <PrintButton />
        </div>
      </div>
      <header className="border-b border-slate-300 pb-3">
        <p className="text-sm text-slate-600">{data.path.map((u) => u.name).join(' / ')}</p>
        <h1 className="text-2xl font-semibold">
          {data.unit.name} scorecard — {data.period.label}
        </h1>
        <p className="text-xs text-slate-600">
          {organization.name} · printed {formatDate(today)} · scores are the share of target reached (100% = on target); statuses in words
        </p>
      </header>
      {param.ok ? <ScorecardView slug={slug} data={data} vitalFewMode={organization.policy.vitalFew.mode} print /> : <BadPeriod message={param.error} href={backHref} label={data.period.label} />}
    </article>
  );
}
