import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDatabase } from '@/db';
import { getOrgContext } from '@/lib/organizations/context';
import { parsePeriodKey, periodLabel, safeParsePeriodKey, shiftPeriod, type Period } from '@/lib/periods';
import { explainKpi, explainUnit, type KpiExplanation, type UnitExplanation } from '@/lib/scorecards/explain';
import { explainHref, ScoreExplanation } from '../_components/score-explanation';

export const metadata: Metadata = { title: 'Why this score' };

const queryOf = z.object({
  kpi: z.uuid().optional().catch(undefined),
  unit: z.uuid().optional().catch(undefined),
  period: z.string().optional().catch(undefined),
});

/**
 * "Explain any number" (issue 7): the tree of inputs behind a KPI's score
 * (`?kpi=`) or a unit's rolled-up score (`?unit=`, default the company) for a
 * period (default as the scorecard: the KPI's last completed period, the
 * last completed month for a unit). Every member may read it, viewers too.
 */
export default async function ExplainPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug } = await params;
  const raw = await searchParams;
  const query = queryOf.parse({ kpi: first(raw.kpi), unit: first(raw.unit), period: first(raw.period) });
  if ((first(raw.kpi) && !query.kpi) || (first(raw.unit) && !query.unit)) notFound();
  const ctx = await getOrgContext(slug);
  const organization = { fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth, policy: ctx.organization.policy };

  let period: Period | undefined;
  if (query.period) {
    const parsed = safeParsePeriodKey(query.period, organization);
    if (!parsed.ok) return <BadPeriod slug={slug} message={parsed.error} />;
    period = parsed.period;
  }

  const db = await getDatabase();
  const kpiId = query.kpi;
  const explanation: KpiExplanation | UnitExplanation | null = await db.withTenant(ctx.organization.id, (tx): Promise<KpiExplanation | UnitExplanation | null> =>
    kpiId ? explainKpi(tx, organization, { kpiId, period, today: ctx.today, actor: ctx.actor }) : explainUnit(tx, organization, { unitId: query.unit, period, today: ctx.today }),
  );
  if (!explanation) notFound();

  const shown = parsePeriodKey(explanation.period, organization);
  const label = (p: Period) => periodLabel(p, organization);
  const subject = explanation.kind === 'kpi' ? { kpi: explanation.id } : { unit: explanation.unit.id };
  const unit = explanation.unit;
  const scorecardHref = (unitId: string) => `/${slug}/scorecard/${unitId}?period=${encodeURIComponent(explanation.period)}`;
  const previous = shiftPeriod(shown, -1, organization);
  const following = shiftPeriod(shown, 1, organization);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <ol className="flex flex-wrap items-center gap-1">
          <li>
            <Link href={`/${slug}/scorecard?period=${encodeURIComponent(explanation.period)}`} className="hover:underline">
              Scorecard
            </Link>
          </li>
          {unit && (
            <li>
              <span aria-hidden> / </span>
              <Link href={scorecardHref(unit.id)} className="hover:underline">
                {unit.name}
              </Link>
            </li>
          )}
          {explanation.kind === 'kpi' && (
            <li>
              <span aria-hidden> / </span>
              <Link href={`/${slug}/kpis/${explanation.id}`} className="hover:underline">
                {explanation.name}
              </Link>
            </li>
          )}
          <li aria-current="page">
            <span aria-hidden> / </span>Why this score
          </li>
        </ol>
      </nav>

      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">
            Why {explanation.kind === 'kpi' ? explanation.name : explanation.unit.name} scores {label(shown)}
          </h1>
          <p className="text-sm text-slate-600">
            {explanation.kind === 'kpi'
              ? 'Every input behind this KPI’s score: the calculation, the target and baseline, and the numbers it is computed from, with who entered them.'
              : 'How this unit’s score rolls up from its own KPIs and its child units, with their weights, and which of them have no data.'}
          </p>
        </div>
        <nav aria-label="Period" className="flex items-center gap-1.5 text-sm">
          <Link href={explainHref(slug, subject, previous.key)} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-50">
            <span aria-hidden>← </span>
            {label(previous)}
          </Link>
          <span aria-current="page" className="px-2 font-medium">
            {label(shown)}
          </span>
          <Link href={explainHref(slug, subject, following.key)} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-50">
            {label(following)}
            <span aria-hidden> →</span>
          </Link>
        </nav>
      </header>

      <div className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <ScoreExplanation slug={slug} explanation={explanation} level={2} />
      </div>
      {explanation.kind === 'unit' && explanation.parentId && (
        <p className="text-sm">
          <Link href={explainHref(slug, { unit: explanation.parentId }, explanation.period)} className="text-brand-700 hover:underline">
            How this unit counts in its parent’s score
          </Link>
        </p>
      )}
    </div>
  );
}

function first(x: string | string[] | undefined): string | undefined {
  return Array.isArray(x) ? x[0] : x;
}

function BadPeriod({ slug, message }: { slug: string; message: string }) {
  return (
    <div role="alert" className="mx-auto max-w-lg space-y-3 py-16 text-center">
      <h1 className="text-2xl font-semibold">That is not a period</h1>
      <p className="text-sm text-slate-600">{message}. Use a key such as 2026-W05, 2026-03, 2026-Q1 or 2026.</p>
      <Link href={`/${slug}/scorecard`} className="inline-block text-sm font-medium text-brand-600 hover:underline">
        Back to the scorecard
      </Link>
    </div>
  );
}
