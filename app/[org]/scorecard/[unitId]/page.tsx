import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { periodPicker } from '@/lib/scorecards/period-param';
import { LiveScorecard } from '../_components/live-scorecard';
import { BadPeriod, ScorecardBreadcrumb, ScorecardHeader } from '../_components/scorecard-header';
import { isUnitId, loadScorecard, prefetchScorecard, readScorecardRequest } from '../load';

export const metadata: Metadata = { title: 'Scorecard' };

const kindLabel = { company: 'Company', department: 'Department', team: 'Team' } as const;

/** A unit's scorecard: the executive scorecard's shape for a department or team, with a breadcrumb back up. */
export default async function UnitScorecardPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; unitId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug, unitId } = await params;
  if (!isUnitId(unitId)) notFound();
  const { organization, today, param, period } = await readScorecardRequest(slug, searchParams);
  // A bad period still shows whose scorecard this is: the default period's, under the message.
  const data = await loadScorecard(organization, { unitId, period, today });
  if (!data) notFound();
  if (data.unit.kind === 'company') redirect(`/${slug}?period=${period.key}`);
  const picker = periodPicker(period, today, organization);
  const basePath = `/${slug}/scorecard/${unitId}`;

  return (
    <div className="space-y-6">
      <ScorecardHeader
        slug={slug}
        unitId={unitId}
        title={data.unit.name}
        subtitle={
          <p>
            {kindLabel[data.unit.kind]} scorecard for <strong className="font-semibold text-ink">{picker.current.label}</strong>
          </p>
        }
        breadcrumb={<ScorecardBreadcrumb slug={slug} path={data.path} periodKey={period.key} />}
        picker={picker}
        basePath={basePath}
        periodKey={period.key}
      />
      {param.ok ? (
        <LiveScorecard
          state={await prefetchScorecard(slug, data)}
          slug={slug}
          unitId={unitId}
          periodKey={period.key}
          vitalFewMode={organization.policy.vitalFew.mode}
          timeZone={organization.timeZone}
        />
      ) : (
        <BadPeriod message={param.error} href={basePath} label={picker.current.label} />
      )}
    </div>
  );
}
