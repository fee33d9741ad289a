import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { SeriesChart } from '@/app/_components/charts/series-chart';

import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { getKpiAndMetricStaleness } from '@/lib/kpis/staleness-queries';
import { ExpectedError } from '@/lib/errors';
import { kpiQuality } from '@/lib/kpis/quality';
import { getKpiDetail } from '@/lib/kpis/queries';
import { getKpiResults, type KpiResult } from '@/lib/kpis/results';
import {
  directionLabels,
  formatScore,
  formatTarget,
  formulaParts,
  horizonLabels,
  indicatorLabels,
  rollupMethodLabels,
  stateLabels,
  yearParam,
} from '@/lib/kpis/view';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { aggregationLabels, formatDate, formatValue, frequencyLabels, unitLabel, unitSymbol } from '@/lib/metrics/format';
import { getOrgContext } from '@/lib/organizations/context';
import {
  fiscalYearOf,
  lastCompletedPeriod,
  parsePeriodKey,
  periodContaining,
  periodLabel,
  periodsOfFiscalYear,
  type FiscalCalendar,
  type Period,
  type PeriodKind,
} from '@/lib/periods';
import { can } from '@/lib/permissions';
import { listKpiRevisions } from '@/lib/proposals/inbox';
import { spreadModeForUnit } from '@/lib/scoring';
import { getUnitTree } from '@/lib/units/queries';
import { KpiCheckIns } from '../_check-ins/kpi-check-ins';
import { DeleteKpiButton } from '../_components/delete-kpi';
import { KpiProposals } from '../_components/kpi-proposals';
import { linkButtonClass } from '../_components/link-button';
import { KpiOverdueBadge, OverdueBadge } from '../../_components/overdue-badge';
import { QualityBadges, StateBadge, StatusBadge } from '../_components/kpi-badges';
import { TargetsGrid } from '../_components/targets-grid';
import { ScorecardBreadcrumb } from '../../scorecard/_components/scorecard-header';
import { WhyThisScore } from '../../explain/_components/why-this-score';

export const metadata: Metadata = { title: 'KPI' };

const periodNouns: Record<PeriodKind, string> = { week: 'weeks', month: 'months', quarter: 'quarters', year: 'years' };

/** The units from the company down to the KPI's unit: the scorecards a reader drilled down through. */
function unitPath(unitId: string, unitOf: Map<string, { id: string; parentId: string | null; name: string; kind: 'company' | 'department' | 'team' }>) {
  const path: { id: string; name: string; kind: 'company' | 'department' | 'team' }[] = [];
  for (let u = unitOf.get(unitId); u && path.length <= unitOf.size; u = u.parentId ? unitOf.get(u.parentId) : undefined) path.unshift({ id: u.id, name: u.name, kind: u.kind });
  return path;
}

/** The KPI's review periods in a fiscal year (a yearly KPI has the year alone). */
function periodsOf(kind: PeriodKind, year: number, calendar: FiscalCalendar): Period[] {
  return kind === 'year' ? [parsePeriodKey(String(year), calendar)] : periodsOfFiscalYear(year, kind, calendar);
}

export default async function KpiPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; kpiId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug, kpiId } = await params;
  if (!z.uuid().safeParse(kpiId).success) notFound();
  const query = await searchParams;
  const ctx = await getOrgContext(slug);
  const calendar = { fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth };
  const today = ctx.today;
  const currentYear = fiscalYearOf(today, calendar);
  const year = yearParam(query.year, currentYear);

  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    let kpi;
    try {
      kpi = await getKpiDetail(tx, kpiId);
    } catch (error) {
      // Another organization's KPI reads as missing: the same 404.
      if (error instanceof ExpectedError && error.code === 'not_found') return null;
      throw error;
    }
    const tree = await getUnitTree(tx);
    const parents = new Map(tree.map((u) => [u.id, u.parentId]));
    if (!canSeeKpi(ctx.actor, kpi, parents)) return null;

    const periods = periodsOf(kpi.frequency, year, calendar);
    const yearPeriod = parsePeriodKey(String(year), calendar);
    const previous = periodsOf(kpi.frequency, year - 1, calendar);
    const last = lastCompletedPeriod(kpi.frequency, today, calendar);
    const current = periodContaining(today, kpi.frequency, calendar);
    const ranges = [...new Map([...periods, yearPeriod, ...previous, last, current].map((p) => [p.key, p])).values()];
    const [resultMap, revisions] = await Promise.all([
      getKpiResults(tx, ctx.organization, [{ kpiId, ranges }], ctx.today),
      listKpiRevisions(tx, kpiId),
    ]);
    const results = resultMap.get(kpiId) ?? new Map<string, KpiResult>();
    return { kpi, tree, parents, periods, yearPeriod, previous, last, current, results, revisions };
  });
  if (!data) notFound();
  const { kpi, tree, parents, periods, yearPeriod, previous, last, current, results } = data;
  const staleness = await db.withTenant(ctx.organization.id, (tx) => getKpiAndMetricStaleness(tx, ctx.organization, [kpi.id], today));
  // Proposals are seen by those who may see drafts here; others see only their own.
  const seesProposals = can(ctx.actor, 'kpis.view_drafts', { unitId: kpi.unitId, parents, ownerIds: [kpi.ownerId] });
  const revisions = data.revisions.filter((r) => seesProposals || r.proposerId === ctx.user.id);
  const mayPropose = kpi.state !== 'retired' && can(ctx.actor, 'proposals.submit', { unitId: kpi.unitId, parents });

  const format = (v: number | null | undefined) => formatValue(v ?? null, kpi.unit, kpi.currencyCode);
  const label = (p: Period) => periodLabel(p, calendar);
  const unitOf = new Map(tree.map((u) => [u.id, u]));
  const mayEdit = kpi.state === 'draft' && can(ctx.actor, 'kpis.draft', { unitId: kpi.unitId, parents });
  const checks = kpiQuality(kpi, kpi.targets, { calendar, today, knownMetricKeys: new Set(kpi.metrics.map((m) => m.key)) });
  const lastResult = results.get(last.key);
  const currentResult = results.get(current.key);
  const targetByKey = new Map(kpi.targets.map((t) => [t.periodKey, t]));
  const yearRows = kpi.frequency === 'year' ? periods : [...periods, yearPeriod];
  const thresholds = kpi.statusThresholds ?? ctx.organization.policy.statusThresholds;
  // Drafts among the linked KPIs stay hidden from those who may not see drafts there.
  const seeLinked = (k: { unitId: string; state: string; ownerId: string | null; createdBy: string | null }) => canSeeKpi(ctx.actor, k, parents);

  const chartData = periods.map((p) => {
    const r = results.get(p.key);
    const target = r?.target;
    return {
      label: label(p),
      actual: r?.actual ?? null,
      target: target && 'value' in target ? target.value : null,
      low: target && 'low' in target ? target.low : null,
      high: target && 'high' in target ? target.high : null,
    };
  });
  const hasResults = chartData.some((d) => d.actual !== null || d.target !== null || d.low !== null);

  return (
    <div className="space-y-6">
      <ScorecardBreadcrumb slug={slug} path={unitPath(kpi.unitId, unitOf)} current={kpi.name} />

      <header className="space-y-3">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="space-y-1">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold">{kpi.name}</h1>
              <StateBadge state={kpi.state} />
            </div>
            <p className="text-sm text-slate-600">
              <Link href={`/${slug}/units/${kpi.unitId}`} className="text-brand-700 hover:underline">
                {kpi.unitName}
              </Link>
              {' · '}
              {kpi.goalId ? (
                <>
                  Goal:{' '}
                  <Link href={`/${slug}/goals/${kpi.goalId}`} className="text-brand-700 hover:underline">
                    {kpi.goalTitle}
                  </Link>
                </>
              ) : null}
              {kpi.goalId && ' · '}
              Owner: {kpi.ownerName ?? <span className="text-amber-700">No owner</span>}
            </p>
          </div>
          {mayEdit && (
            <div className="flex flex-wrap gap-2">
              <Link href={`/${slug}/kpis/${kpi.id}/edit`} className={linkButtonClass('secondary')}>
                Edit definition
              </Link>
              <DeleteKpiButton slug={slug} kpiId={kpi.id} version={kpi.version} name={kpi.name} />
            </div>
          )}
        </div>
        {!kpi.goalId && (
          <p role="note" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            <strong>Vanity metric — not linked to a goal.</strong> It measures nothing anyone has committed to.
            {mayEdit && ' Link it to a goal under “Edit definition”.'}
          </p>
        )}
        {kpi.state === 'draft' && (
          <p role="note" className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-900">
            Draft — it goes live when a proposal for it is approved: use “Propose for approval” under Proposals below. Until then it counts in no score and no budget.
          </p>
        )}
        {kpi.state === 'retired' && (
          <p role="note" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
            Retired: kept for its history, no longer part of any score.
          </p>
        )}
      </header>

      <KpiCheckIns ctx={ctx} kpi={kpi} />

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="latest" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="latest" className="text-base font-semibold">
            {label(last)}
          </h2>
          <p className="text-xs text-slate-500">The last completed {kpi.frequency}</p>
          {lastResult ? (
            <>
              <div className="mt-3">
                <StatusBadge status={lastResult.status} />
                <KpiOverdueBadge staleness={staleness.kpis.get(kpi.id)} calendar={calendar} className="ml-1.5" />
              </div>
              <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
                <div>
                  <dt className="text-slate-600">Actual</dt>
                  <dd className="text-lg font-semibold tabular-nums">{format(lastResult.actual)}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Target</dt>
                  <dd className="text-lg font-semibold tabular-nums">{formatTarget(lastResult.target, kpi.unit, kpi.currencyCode)}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Score</dt>
                  <dd className="text-lg font-semibold tabular-nums">{formatScore(lastResult.score)}</dd>
                </div>
              </dl>
              {lastResult.status === 'no_data' && (
                <p className="mt-3 text-sm text-slate-600">
                  {lastResult.actual === null
                    ? kpi.source === 'formula'
                      ? 'No actual: a metric in the formula has no value in this period. Record it on the metric’s page.'
                      : 'No actual: no contributing KPI has a value in this period.'
                    : 'No target for this period: set one below.'}
                </p>
              )}
              {kpi.baselineValue !== null && (
                <p className="mt-3 text-xs text-slate-500">Scored against the baseline {format(kpi.baselineValue)}: (actual − baseline) ÷ (target − baseline).</p>
              )}
            </>
          ) : (
            <p className="mt-3 text-sm text-slate-600">No result.</p>
          )}
        </section>

        <section aria-labelledby="definition" className="rounded-lg border border-slate-200 bg-white p-6 lg:col-span-2">
          <h2 id="definition" className="text-base font-semibold">
            Definition
          </h2>
          {kpi.description ? (
            <p className="mt-2 text-sm whitespace-pre-line text-slate-700">{kpi.description}</p>
          ) : (
            <p className="mt-2 text-sm text-amber-800">No description yet: say what is measured and why.</p>
          )}
          <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <Item term="Direction">{directionLabels[kpi.direction].long}</Item>
            <Item term="Unit">{unitLabel(kpi.unit, kpi.currencyCode)}</Item>
            <Item term="Reviewed">{frequencyLabels[kpi.frequency]}</Item>
            <Item term="Kind">
              {indicatorLabels[kpi.indicator].long}; {horizonLabels[kpi.horizon].long.toLowerCase()}
            </Item>
            <Item term="Baseline">
              {kpi.baselineValue === null ? (
                <span className="text-amber-800">Not set</span>
              ) : (
                <>
                  {format(kpi.baselineValue)}
                  {kpi.baselineDate && <span className="text-slate-500"> on {formatDate(kpi.baselineDate)}</span>}
                </>
              )}
            </Item>
            <Item term="Weight in the unit’s score">{kpi.weight}</Item>
            <Item term="Status bands">
              On track from {formatScore(thresholds.green)} of target, at risk from {formatScore(thresholds.amber)}
              {kpi.statusThresholds ? ' (this KPI’s own)' : ' (the organization’s)'}
            </Item>
          </dl>
        </section>
      </div>

      {kpi.state === 'active' && (
        <WhyThisScore ctx={ctx} slug={slug} kpiId={kpi.id} periodKey={query.period} fallback={last} />
      )}

      <section aria-labelledby="source" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="source" className="text-base font-semibold">
          How it is computed
        </h2>
        {kpi.source === 'formula' && kpi.formula ? (
          <>
            <p className="rounded-md bg-slate-50 px-3 py-2 font-mono text-sm">
              {formulaParts(kpi.formula).map((part, i) => {
                if ('text' in part) return <span key={i}>{part.text}</span>;
                const metric = kpi.metrics.find((m) => m.key === part.key);
                return metric ? (
                  <Link key={i} href={`/${slug}/metrics/${metric.id}`} className="text-brand-700 hover:underline" title={metric.name}>
                    {`{${part.key}}`}
                  </Link>
                ) : (
                  <span key={i}>{`{${part.key}}`}</span>
                );
              })}
            </p>
            <Table caption="The metrics in the formula and their combined values">
              <thead>
                <tr>
                  <Th>Metric</Th>
                  <Th>Values in a period</Th>
                  <Th className="text-right">{label(last)}</Th>
                  <Th className="text-right">{label(current)} (so far)</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {kpi.metrics.map((m) => (
                  <tr key={m.id}>
                    <Td>
                      <Link href={`/${slug}/metrics/${m.id}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                        {m.name}
                      </Link>{' '}
                      <code className="font-mono text-xs text-slate-500">{m.key}</code>
                      <OverdueBadge staleness={staleness.metrics.get(m.id)} calendar={calendar} className="ml-1.5" />
                    </Td>
                    <Td>{aggregationLabels[m.aggregation].label}</Td>
                    <Td className="text-right tabular-nums">{inputOf(lastResult, m.key, m.unit)}</Td>
                    <Td className="text-right tabular-nums">{inputOf(currentResult, m.key, m.unit)}</Td>
                  </tr>
                ))}
                <tr className="bg-slate-50 font-medium">
                  <Td>= {kpi.name}</Td>
                  <Td />
                  <Td className="text-right tabular-nums">{format(lastResult?.actual)}</Td>
                  <Td className="text-right tabular-nums">{format(currentResult?.actual)}</Td>
                </tr>
              </tbody>
            </Table>
          </>
        ) : kpi.source === 'rollup' ? (
          <>
            <p className="text-sm text-slate-700">Roll-up: {kpi.rollupMethod ? rollupMethodLabels[kpi.rollupMethod].toLowerCase() : 'no method set'}.</p>
            <LinkedKpis
              caption="Contributing KPIs"
              slug={slug}
              rows={kpi.contributors.map((c) => ({
                ...c,
                visible: seeLinked(c),
                unitName: unitOf.get(c.unitId)?.name ?? '',
                actual: lastResult?.contributions?.find((x) => x.kpiId === c.kpiId)?.actual ?? null,
              }))}
              actualLabel={label(last)}
            />
            <p className="text-sm text-slate-600">
              Together: <span className="font-medium tabular-nums">{format(lastResult?.actual)}</span> in {label(last)}.
            </p>
          </>
        ) : (
          <p className="text-sm text-amber-800">No source set.</p>
        )}
        {kpi.rollsInto.length > 0 && (
          <div>
            <h3 className="text-sm font-semibold">Rolls into</h3>
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {kpi.rollsInto.map((p) =>
                seeLinked(p) ? (
                  <li key={p.kpiId} className="flex items-center gap-1.5">
                    <Link href={`/${slug}/kpis/${p.kpiId}`} className="text-brand-700 hover:underline">
                      {p.name}
                    </Link>
                    <span className="text-xs text-slate-500">{unitOf.get(p.unitId)?.name}</span>
                    <StateBadge state={p.state} />
                  </li>
                ) : (
                  <li key={p.kpiId} className="text-slate-500">
                    a draft KPI you cannot see
                  </li>
                ),
              )}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="quality" className="rounded-lg border border-slate-200 bg-white p-6">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="quality" className="text-base font-semibold">
            Quality checks
          </h2>
          <span className="flex flex-wrap gap-1.5">
            <QualityBadges checks={checks} vanity={!kpi.goalId} />
          </span>
        </div>
        <p className="mt-1 text-xs text-slate-500">Warnings, not blocks: a good KPI is specific, measurable, assignable, realistic, time-bound and aligned.</p>
        <ul className="mt-3 grid gap-2 sm:grid-cols-2">
          {checks.map((c) => (
            <li key={c.id} className="flex gap-2 text-sm">
              <span aria-hidden className={c.ok ? 'text-emerald-700' : 'text-amber-700'}>
                {c.ok ? '✓' : '⚠'}
              </span>
              <span>
                <span className="font-medium">{c.label}</span>
                <span className="sr-only">{c.ok ? ': passes' : ': fails'}</span>
                {!c.ok && <span className="block text-slate-600">{c.message}</span>}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="results" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="results" className="text-base font-semibold">
            Results and targets, {label(yearPeriod)}
          </h2>
          <YearSwitcher slug={slug} kpiId={kpi.id} year={year} currentYear={currentYear} label={(y) => label(parsePeriodKey(String(y), calendar))} />
        </div>
        {hasResults ? (
          <SeriesChart
            data={chartData}
            unit={kpi.unit}
            currencyCode={kpi.currencyCode}
            unitLabel={unitSymbol(kpi.unit, kpi.currencyCode) || undefined}
            ariaLabel={`${kpi.name}: actual against target per ${kpi.frequency}, ${label(yearPeriod)}`}
          />
        ) : (
          <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
            Nothing to chart for {label(yearPeriod)} yet: {kpi.source === 'formula' ? 'record values of the metrics above' : 'the contributing KPIs have no values'}
            {mayEdit ? ' and set the targets below' : ''}.
          </p>
        )}
        <details open={yearRows.length <= 14} className="group">
          <summary className="cursor-pointer text-sm text-slate-600 hover:text-slate-900 group-open:mb-3">
            Results per {kpi.frequency}
          </summary>
          <Table caption={`Results per ${kpi.frequency}, ${label(yearPeriod)}`}>
            <thead>
              <tr>
                <Th>Period</Th>
                <Th className="text-right">Actual</Th>
                <Th className="text-right">Target</Th>
                <Th className="text-right">Score</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {yearRows.map((p) => {
                const r = results.get(p.key);
                const whole = p.kind === 'year' && kpi.frequency !== 'year';
                const future = p.start > today;
                return (
                  <tr key={p.key} className={whole ? 'bg-slate-50 font-medium' : undefined}>
                    <Td className="whitespace-nowrap">
                      {whole ? `Whole year ${label(p)}` : label(p)}
                      {p.key === current.key && <span className="ml-2 text-xs text-slate-500">in progress</span>}
                    </Td>
                    <Td className="text-right tabular-nums">{future ? '' : format(r?.actual)}</Td>
                    <Td className="text-right tabular-nums">{formatTarget(r?.target, kpi.unit, kpi.currencyCode)}</Td>
                    <Td className="text-right tabular-nums">{formatScore(r?.score)}</Td>
                    <Td>{future ? <span className="text-xs text-slate-500">Not started</span> : r && <StatusBadge status={r.status} />}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </details>
      </section>

      <section aria-labelledby="targets" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <div>
          <h2 id="targets" className="text-base font-semibold">
            Targets, {label(yearPeriod)}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {kpi.direction === 'within' ? 'A band (low to high) per period: on target anywhere inside it.' : `The value to reach in each ${kpi.frequency}.`}{' '}
            {mayEdit
              ? 'Type them, or spread an annual target and adjust; Tab moves from one period to the next.'
              : kpi.state === 'draft'
                ? 'Only the heads and members of its unit can change a draft’s targets.'
                : 'Targets of a live KPI change through an approved proposal.'}
          </p>
        </div>
        {mayEdit ? (
          <TargetsGrid
            key={`${year}`}
            slug={slug}
            kpiId={kpi.id}
            version={kpi.version}
            direction={kpi.direction}
            unit={kpi.unit}
            currencyCode={kpi.currencyCode}
            rows={yearRows.map((p) => {
              const t = targetByKey.get(p.key);
              const text = (x: number | null | undefined) => (x == null ? '' : String(x));
              return { key: p.key, label: label(p), isYear: p.kind === 'year' && kpi.frequency !== 'year', value: text(t?.value), low: text(t?.low), high: text(t?.high) };
            })}
            lastYear={periods.map((_, i) => {
              const p = previous[i];
              return p ? (results.get(p.key)?.actual ?? null) : null;
            })}
            spreadMode={spreadModeForUnit(kpi.unit)}
            periodNoun={periodNouns[kpi.frequency]}
            yearLabel={label(yearPeriod)}
          />
        ) : (
          <div className="max-w-xl">
            <Table caption={`Targets, ${label(yearPeriod)}`}>
              <thead>
                <tr>
                  <Th>Period</Th>
                  <Th className="text-right">Target</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {yearRows.map((p) => {
                  const t = targetByKey.get(p.key);
                  const target = t ? (t.value !== null ? { value: t.value } : t.low !== null && t.high !== null ? { low: t.low, high: t.high } : null) : null;
                  return (
                    <tr key={p.key}>
                      <Td>{p.kind === 'year' && kpi.frequency !== 'year' ? `Whole year ${label(p)}` : label(p)}</Td>
                      <Td className="text-right tabular-nums">{target ? formatTarget(target, kpi.unit, kpi.currencyCode) : <span className="text-slate-400">Not set</span>}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </div>
        )}
      </section>

      <KpiProposals slug={slug} kpi={{ id: kpi.id, state: kpi.state }} revisions={revisions} mayPropose={mayPropose} />
    </div>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

function inputOf(result: KpiResult | undefined, key: string, unit: 'count' | 'currency' | 'percent' | 'ratio' | 'duration') {
  const value = result?.inputs?.[key];
  return value === null || value === undefined ? <span className="text-slate-400">no value</span> : formatValue(value, unit);
}

function LinkedKpis({
  caption,
  slug,
  rows,
  actualLabel,
}: {
  caption: string;
  slug: string;
  rows: { kpiId: string; name: string; unit: 'count' | 'currency' | 'percent' | 'ratio' | 'duration'; unitName: string; state: keyof typeof stateLabels; weight: number; visible: boolean; actual: number | null }[];
  actualLabel: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-amber-800">No contributing KPIs: choose them under “Edit definition”.</p>;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>KPI</Th>
          <Th>Unit</Th>
          <Th className="text-right">Weight</Th>
          <Th className="text-right">{actualLabel}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.kpiId}>
            <Td>
              {r.visible ? (
                <span className="flex items-center gap-2">
                  <Link href={`/${slug}/kpis/${r.kpiId}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                    {r.name}
                  </Link>
                  <StateBadge state={r.state} />
                </span>
              ) : (
                <span className="text-slate-500">A draft KPI you cannot see</span>
              )}
            </Td>
            <Td>{r.unitName}</Td>
            <Td className="text-right tabular-nums">{r.weight}</Td>
            <Td className="text-right tabular-nums">{r.visible ? formatValue(r.actual, r.unit) : '—'}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function YearSwitcher({ slug, kpiId, year, currentYear, label }: { slug: string; kpiId: string; year: number; currentYear: number; label: (year: number) => string }) {
  const href = (y: number) => `/${slug}/kpis/${kpiId}${y === currentYear ? '' : `?year=${y}`}`;
  const link = 'rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm hover:bg-slate-50';
  return (
    <nav aria-label="Fiscal year" className="flex items-center gap-1.5">
      {year > 2000 && (
        <Link href={href(year - 1)} className={link}>
          <span aria-hidden>← </span>
          {label(year - 1)}
        </Link>
      )}
      <span aria-current="page" className="px-2 text-sm font-medium">
        {label(year)}
      </span>
      {year < 2100 && (
        <Link href={href(year + 1)} className={link}>
          {label(year + 1)}
          <span aria-hidden> →</span>
        </Link>
      )}
      {year !== currentYear && (
        <Link href={href(currentYear)} className="px-2 text-sm text-brand-700 hover:underline">
          This year
        </Link>
      )}
    </nav>
  );
}
