import Link from 'next/link';
import { getDatabase } from '@/db';
import type { OrgContext } from '@/lib/organizations/context';
import { periodLabel, safeParsePeriodKey, type Period } from '@/lib/periods';
import { explainKpi } from '@/lib/scorecards/explain';
import { explainHref, KpiScoreExplanation } from '../../_components/score-explanation';

/**
 * The KPI page's "Why this score" section: the same tree as the explain page
 * for one period, loaded on its own so the page's other reads stay as they are.
 * Drafts and retired KPIs have no score to explain: nothing is rendered.
 */
export async function WhyThisScore({
  ctx,
  slug,
  kpiId,
  periodKey,
  fallback,
}: {
  ctx: OrgContext;
  slug: string;
  kpiId: string;
  /** The page's `?period=`, when it names a period; else `fallback` (the last completed one). */
  periodKey: string | string[] | undefined;
  fallback: Period;
}) {
  const organization = { fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth, policy: ctx.organization.policy };
  const parsed = typeof periodKey === 'string' ? safeParsePeriodKey(periodKey, organization) : null;
  const period = parsed?.ok ? parsed.period : fallback;
  const db = await getDatabase();
  const explanation = await db.withTenant(ctx.organization.id, (tx) => explainKpi(tx, organization, { kpiId, period, today: ctx.today, actor: ctx.actor }));
  if (!explanation) return null;
  return (
    <section aria-labelledby="why-this-score" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="why-this-score" className="text-base font-semibold">
          Why this score, {periodLabel(period, organization)}
        </h2>
        <Link href={explainHref(slug, { kpi: kpiId }, period.key)} className="text-sm text-brand-700 hover:underline">
          Open the full explanation
        </Link>
      </div>
      <KpiScoreExplanation slug={slug} node={explanation} level={3} />
    </section>
  );
}
