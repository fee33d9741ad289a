import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';

import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { getKpiStaleness } from '@/lib/kpis/staleness-queries';
import { groupBy } from '@/lib/collections';
import { kpiQuality } from '@/lib/kpis/quality';
import { listKpis, listTargets } from '@/lib/kpis/queries';
import { getLatestCheckIns } from '@/lib/check-ins/queries';
import { getKpiResults } from '@/lib/kpis/results';
import { budgetMeter, formatTarget, horizonLabels, indicatorLabels } from '@/lib/kpis/view';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { formatValue, frequencyLabels } from '@/lib/metrics/format';
import { getOrgContext } from '@/lib/organizations/context';
import { lastCompletedPeriod, periodLabel } from '@/lib/periods';
import { isVanity } from '@/lib/scoring';
import { getUnitTree } from '@/lib/units/queries';
import { subtreeIds } from '@/lib/units/tree';
import { layerLabel } from '../units/layer';
import { BudgetMeter } from './_components/budget-meter';
import { linkButtonClass } from './_components/link-button';
import { WatermelonBadge } from './_check-ins/watermelon-flag';
import { KpiOverdueBadge } from '../_components/overdue-badge';
import { QualityBadges, StateBadge, StatusBadge } from './_components/kpi-badges';

export const metadata: Metadata = { title: 'KPIs' };

export default async function KpisPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug } = await params;
  const query = await searchParams;
  const ctx = await getOrgContext(slug);
  const calendar = { fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth };
  const today = ctx.today;
  const policy = ctx.organization.policy;
  const unitParam = z.uuid().safeParse(Array.isArray(query.unit) ? query.unit[0] : query.unit);

  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    const [tree, all] = await Promise.all([getUnitTree(tx), listKpis(tx)]);
    const parents = new Map(tree.map((u) => [u.id, u.parentId]));
    const filterUnit = unitParam.success ? tree.find((u) => u.id === unitParam.data) : undefined;
    const inScope = filterUnit ? subtreeIds(filterUnit.id, tree) : null;
    const visible = all.filter((k) => canSeeKpi(ctx.actor, k, parents) && (!inScope || inScope.has(k.unitId)));
    const periodOf = new Map(visible.map((k) => [k.id, lastCompletedPeriod(k.frequency, today, calendar)]));
    const [targets, results, checkIns] = await Promise.all([
      listTargets(
        tx,
        visible.map((k) => k.id),
      ),
      getKpiResults(
        tx,
        ctx.organization,
        visible.map((k) => ({ kpiId: k.id, ranges: [periodOf.get(k.id)!] })),
        ctx.today,
      ),
      getLatestCheckIns(tx, visible.map((k) => ({ kpiId: k.id, periodKey: periodOf.get(k.id)!.key }))),
    ]);
    return { tree, all, visible, periodOf, targets, results, checkIns, filterUnit, inScope };
  });
  const { tree, all, visible, periodOf, targets, results, checkIns, filterUnit, inScope } = data;
  const staleness = await db.withTenant(ctx.organization.id, (tx) => getKpiStaleness(tx, ctx.organization, visible.map((k) => k.id), today));

  const targetsByKpi = groupBy(targets, (t) => t.kpiId);
  const byUnit = groupBy(visible, (k) => k.unitId);
  const activeByUnit = groupBy(
    all.filter((k) => k.state === 'active'),
    (k) => k.unitId,
  );
  const groups = tree.filter((u) => byUnit.has(u.id) || (filterUnit && u.id === filterUnit.id));
  const mayDraft = ctx.can('kpis.draft');
  const newHref = `/${slug}/kpis/new${filterUnit ? `?unit=${filterUnit.id}` : ''}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">KPIs</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            The few measures that show whether each unit is reaching its goals, with the result of the last completed period.
          </p>
        </div>
        {mayDraft && (
          <Link href={newHref} className={linkButtonClass('primary')}>
            New KPI
          </Link>
        )}
      </div>

      {all.length > 0 && (
        <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter KPIs">
          <div className="space-y-1.5">
            <label htmlFor="unit-filter" className="block text-sm font-medium text-slate-800">
              Unit
            </label>
            <select
              id="unit-filter"
              name="unit"
              defaultValue={filterUnit?.id ?? ''}
              className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-500"
            >
              <option value="">All units</option>
              {tree
                .filter((u) => !u.archivedAt)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {`${'\u2003'.repeat(u.depth)}${u.name}`}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit" className={linkButtonClass('secondary')}>
            Show
          </button>
          {filterUnit && (
            <Link href={`/${slug}/kpis`} className="px-2 py-2 text-sm text-slate-600 hover:underline">
              Show all units
            </Link>
          )}
        </form>
      )}

      {visible.length === 0 && !filterUnit ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-base font-semibold">No KPIs yet</h2>
          <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">
            A KPI is a measure computed from your metrics — such as <code className="font-mono">{'{paid_signups} / {visitors} * 100'}</code> — tied
            to a goal, with a target per period and an owner. Keep them few: at most {policy.vitalFew.company} for the company,{' '}
            {policy.vitalFew.department} per department and {policy.vitalFew.teamPerGoal} per team and goal.
          </p>
          <p className="mt-2 text-sm text-slate-600">
            {mayDraft ? 'Start with the one number that tells you whether your most important goal is on track.' : 'Owners, admins and unit members can draft the first one.'}
          </p>
          {mayDraft && (
            <Link href={newHref} className={`${linkButtonClass('primary')} mt-4`}>
              New KPI
            </Link>
          )}
        </div>
      ) : (
        groups.map((unit) => {
          const rows = byUnit.get(unit.id) ?? [];
          const meter = budgetMeter(unit, activeByUnit.get(unit.id) ?? [], policy.vitalFew);
          const headingId = `unit-${unit.id}`;
          return (
            <section key={unit.id} aria-labelledby={headingId} className="space-y-3">
              <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
                <h2 id={headingId} className="text-lg font-semibold">
                  <Link href={`/${slug}/units/${unit.id}`} className="hover:underline">
                    {unit.name}
                  </Link>{' '}
                  <span className="text-sm font-normal text-slate-500">{layerLabel(unit.kind)}</span>
                </h2>
                <BudgetMeter meter={meter} mode={policy.vitalFew.mode} />
              </div>
              {rows.length === 0 ? (
                <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
                  {unit.name} has no KPIs yet{inScope && inScope.size > 1 ? ' of its own' : ''}.{' '}
                  {mayDraft && (
                    <Link href={`/${slug}/kpis/new?unit=${unit.id}`} className="text-brand-700 underline">
                      Draft one
                    </Link>
                  )}
                </p>
              ) : (
                <Table caption={`KPIs of ${unit.name}`}>
                  {/* The same widths in every unit's table, so the groups line up. */}
                  <colgroup>
                    <col className="lg:w-[30%]" />
                    <col className="lg:w-[18%]" />
                    <col className="lg:w-[13%]" />
                    <col className="lg:w-[10%]" />
                    <col className="lg:w-[11%]" />
                    <col className="lg:w-[18%]" />
                  </colgroup>
                  <thead>
                    <tr>
                      <Th>KPI</Th>
                      <Th>Last period</Th>
                      <Th>Owner</Th>
                      <Th>Reviewed</Th>
                      <Th>Kind</Th>
                      <Th>Quality</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {rows.map((k) => {
                      const period = periodOf.get(k.id)!;
                      const result = results.get(k.id)?.get(period.key);
                      const checks = kpiQuality({ ...k, formula: null, contributors: result?.contributions ?? [] }, targetsByKpi.get(k.id) ?? [], {
                        calendar,
                        today,
                        // The list does not load formulas: saving checked the stored one against the metrics.
                        sourceValid: k.source === 'formula' || (result?.contributions?.length ?? 0) > 0,
                      });
                      return (
                        <tr key={k.id} className="align-top">
                          <Td>
                            <span className="flex flex-wrap items-center gap-2">
                              <Link href={`/${slug}/kpis/${k.id}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                                {k.name}
                              </Link>
                              <StateBadge state={k.state} />
                            </span>
                            {k.goalTitle && <span className="mt-0.5 block text-xs text-slate-500">Goal: {k.goalTitle}</span>}
                          </Td>
                          <Td className="whitespace-nowrap">
                            {result ? (
                              <>
                                <StatusBadge status={result.status} />{' '}
                                <WatermelonBadge confidence={checkIns.get(`${k.id}|${period.key}`)?.confidence} status={result.status} />
                                <KpiOverdueBadge staleness={staleness.get(k.id)} calendar={calendar} className="ml-1.5" />
                                <span className="mt-1 block text-sm tabular-nums">
                                  {result.actual === null && result.target === null ? (
                                    <span className="text-slate-500">No actual, no target</span>
                                  ) : (
                                    <>
                                      {formatValue(result.actual, k.unit, k.currencyCode)}
                                      {result.target ? (
                                        <>
                                          <span className="text-slate-500"> of </span>
                                          {formatTarget(result.target, k.unit, k.currencyCode)}
                                        </>
                                      ) : (
                                        <span className="text-slate-500">, no target</span>
                                      )}
                                    </>
                                  )}
                                </span>
                              </>
                            ) : (
                              <span className="text-slate-500">—</span>
                            )}
                            <span className="block text-xs text-slate-500">{periodLabel(period, calendar)}</span>
                          </Td>
                          <Td>{k.ownerName ?? <span className="text-amber-700">No owner</span>}</Td>
                          <Td>{frequencyLabels[k.frequency]}</Td>
                          <Td className="whitespace-nowrap">
                            {indicatorLabels[k.indicator].short}
                            <span className="block text-xs text-slate-500">{horizonLabels[k.horizon].short}</span>
                          </Td>
                          <Td>
                            <span className="flex flex-wrap gap-1.5">
                              <QualityBadges checks={checks} vanity={isVanity(k)} />
                            </span>
                          </Td>
                        </tr>
                      );
                    })}
                  </tbody>
                </Table>
              )}
            </section>
          );
        })
      )}
    </div>
  );
}
