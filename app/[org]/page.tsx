import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDatabase } from '@/db';
import { getOverview } from '@/lib/organizations/queries';
import { periodPicker } from '@/lib/scorecards/period-param';
import { LiveScorecard } from './scorecard/_components/live-scorecard';
import { BadPeriod, ScorecardHeader } from './scorecard/_components/scorecard-header';
import { loadScorecard, prefetchScorecard, readScorecardRequest } from './scorecard/load';

export const metadata: Metadata = { title: 'Scorecard' };

/** The organization's home: the executive scorecard of the company unit (issue 7). */
export default async function ExecutiveScorecardPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug } = await params;
  const { ctx, organization, today, param, period } = await readScorecardRequest(slug, searchParams);
  const db = await getDatabase();
  const [overview, data] = await Promise.all([
    db.withTenant(organization.id, (tx) => getOverview(tx)),
    param.ok ? loadScorecard(organization, { period, today }) : Promise.resolve(null),
  ]);
  if (param.ok && !data) notFound();
  const companyId = data?.unit.id ?? overview.units.find((u) => u.kind === 'company')?.id;
  if (!companyId) notFound();
  const picker = periodPicker(period, today, organization);
  const empty = data && data.kpiCount === 0 && data.goals.length === 0;

  return (
    <div className="space-y-6">
      <ScorecardHeader
        slug={slug}
        unitId={companyId}
        title={organization.name}
        subtitle={
          <>
            <p>
              Executive scorecard for <strong className="font-semibold text-ink">{picker.current.label}</strong>
            </p>
            <p className="text-xs text-slate-500">
              {overview.memberCount} {overview.memberCount === 1 ? 'person' : 'people'} · fiscal year starts in {monthName(organization.fiscalYearStartMonth)}
            </p>
          </>
        }
        picker={picker}
        basePath={`/${slug}`}
        periodKey={period.key}
      />
      {!param.ok && <BadPeriod message={param.error} href={`/${slug}`} label={picker.current.label} />}
      {empty && (
        <section aria-labelledby="getting-started" className="rounded-lg border border-dashed border-slate-300 bg-white p-6">
          <h2 id="getting-started" className="text-base font-semibold">
            The scorecard fills as KPIs are agreed
          </h2>
          <p className="mt-2 max-w-2xl text-sm text-slate-600">
            Departments and teams, each with a few KPIs of their own, roll up into this company scorecard. Set up the{' '}
            <Link href={`/${slug}/units`} className="font-medium text-brand-700 hover:underline">
              structure
            </Link>
            , the company’s{' '}
            <Link href={`/${slug}/goals`} className="font-medium text-brand-700 hover:underline">
              goals
            </Link>{' '}
            and the{' '}
            <Link href={`/${slug}/kpis`} className="font-medium text-brand-700 hover:underline">
              KPIs
            </Link>{' '}
            that show whether they are met.
            {ctx.can('organization.update') && (
              <>
                {' '}
                Set the fiscal year in the{' '}
                <Link className="font-medium text-brand-700 hover:underline" href={`/${slug}/settings`}>
                  organization settings
                </Link>{' '}
                before adding targets.
              </>
            )}
          </p>
        </section>
      )}
      {data && !empty && (
        <LiveScorecard
          state={await prefetchScorecard(slug, data)}
          slug={slug}
          unitId={data.unit.id}
          periodKey={data.period.key}
          vitalFewMode={organization.policy.vitalFew.mode}
          timeZone={organization.timeZone}
        />
      )}
    </div>
  );
}

function monthName(month: number) {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
}
