import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge } from '@/app/_components/ui/badge';
import { formatScore, formatTarget } from '@/lib/kpis/view';
import { derivationLabel, reviewedLabel } from '@/lib/results/labels';
import { formatValue } from '@/lib/metrics/format';
import type { ScorecardPage, ScorecardPageKpi, ScorecardPageUnit } from '@/lib/scorecards/scorecard-page';
import { statusLabels } from '@/lib/scoring';
import { GoalProgressBar } from '../../goals/_components/goal-progress';
import { BudgetMeter } from '../../kpis/_components/budget-meter';
import { StatusBadge } from '../../kpis/_components/kpi-badges';
import { explainKpiHref, explainUnitHref, scorecardHref } from './query';
import { Sparkline } from './sparkline';

type ViewProps = { slug: string; data: ScorecardPage; vitalFewMode: 'warn' | 'block'; print?: boolean };

const childNoun = { company: 'Departments', department: 'Teams', team: 'Sub-teams' } as const;
const kindNoun = { company: 'Company', department: 'Department', team: 'Team' } as const;

const fmt = (k: ScorecardPageKpi, v: number | null | undefined) => formatValue(v ?? null, k.measure.unit, k.measure.currencyCode);

/** "+4 pts" / "−3 pts" for a change of score; "—" without one. */
export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—';
  const points = Math.round(change * 100);
  if (points === 0) return '±0 pts';
  return `${points > 0 ? '+' : '−'}${Math.abs(points)} pts`;
}

function formatCoverage(coverage: number | null): string {
  return coverage === null ? '—' : `${Math.round(coverage * 100)}%`;
}

/** Why a KPI has no status: reviewed at a coarser frequency, no value, or no target (and which one is missing). */
function noDataReason(k: ScorecardPageKpi, data: ScorecardPage): string | null {
  if (k.status !== 'no_data') return null;
  if (!k.counted) return data.period.kind === 'ytd' ? `${reviewedLabel(k.frequency)}: none of this year has ended yet` : `${reviewedLabel(k.frequency)}: not in this ${data.period.kind}’s score`;
  if (k.actual === null) return `No value for ${data.period.label}`;
  if (k.target === null) return k.derivation ? `No target: ${derivationLabel(k.derivation, k.frequency)}` : `No target for ${data.period.label}`;
  return null;
}

/** The target, marked when it was derived from the KPI's own-frequency targets ("from 3 monthly targets"). */
function TargetCell({ k }: { k: ScorecardPageKpi }) {
  const from = k.target ? derivationLabel(k.derivation, k.frequency) : null;
  return (
    <>
      {k.counted ? formatTarget(k.target, k.measure.unit, k.measure.currencyCode) : '—'}
      {from && <span className="block text-xs text-slate-500">{from}</span>}
    </>
  );
}

function kpiTrendLabel(k: ScorecardPageKpi, data: ScorecardPage): string {
  const points = k.trend.filter((p) => p.actual !== null);
  const first = data.periods[0]?.label;
  const last = data.periods.at(-1)?.label;
  if (points.length === 0) return `${k.name}: no values from ${first} to ${last}`;
  return `${k.name} from ${first} to ${last}: ${fmt(k, points[0]!.actual)} in ${data.periods.find((p) => p.key === points[0]!.period)?.label}, ${fmt(k, points.at(-1)!.actual)} in ${data.periods.find((p) => p.key === points.at(-1)!.period)?.label}`;
}

function unitTrendLabel(u: ScorecardPageUnit, data: ScorecardPage): string {
  const points = u.trend.filter((p) => p.score !== null);
  if (points.length === 0) return `${u.unit.name}: no score from ${data.periods[0]?.label} to ${data.periods.at(-1)?.label}`;
  const label = (key: string) => data.periods.find((p) => p.key === key)?.label;
  return `${u.unit.name}’s score: ${formatScore(points[0]!.score)} in ${label(points[0]!.period)}, ${formatScore(points.at(-1)!.score)} in ${label(points.at(-1)!.period)}`;
}

function Why({ href, what, print }: { href: string; what: string; print?: boolean }) {
  if (print) return null;
  return (
    <Link href={href} className="text-sm font-medium whitespace-nowrap text-brand-700 hover:underline">
      Why?<span className="sr-only"> Explain {what}</span>
    </Link>
  );
}

function Section({ id, title, aside, children, className = '' }: { id: string; title: string; aside?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section aria-labelledby={id} className={`space-y-3 break-inside-avoid ${className}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-base font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** The shape every scorecard shares: summary, goals, KPIs, units below, and what needs attention. */
export function ScorecardView({ slug, data, vitalFewMode, print = false }: ViewProps) {
  const period = data.period.key;
  return (
    <div className="space-y-8 print:space-y-5">
      <Summary slug={slug} data={data} print={print} />
      {data.goals.length > 0 && <Goals slug={slug} data={data} print={print} />}
      <Section
        id="scorecard-kpis"
        title={`${data.unit.kind === 'company' ? 'Company' : data.unit.name} KPIs`}
        aside={print ? null : <div className="w-full sm:w-auto"><BudgetMeter meter={data.budget} mode={vitalFewMode} /></div>}
      >
        {data.kpis.length === 0 ? (
          <Empty>
            {data.unit.name} has no active KPIs of its own yet{data.children.length > 0 ? '; its score comes from the units below.' : '.'}
          </Empty>
        ) : (
          <KpiList slug={slug} data={data} kpis={data.kpis} print={print} />
        )}
      </Section>
      {data.children.length > 0 && (
        <Section id="scorecard-units" title={childNoun[data.unit.kind]}>
          <UnitList slug={slug} data={data} print={print} />
        </Section>
      )}
      <div className="grid gap-6 lg:grid-cols-3 print:grid-cols-3 print:gap-4">
        <Section id="scorecard-movers" title="Biggest movers" className="rounded-lg border border-slate-200 bg-white p-4">
          <AttentionList
            slug={slug}
            period={period}
            print={print}
            items={data.movers}
            empty="No score changed since the previous period."
            detail={(k) => `${formatChange(k.change)} · now ${formatScore(k.score)}`}
          />
        </Section>
        <Section id="scorecard-red" title={`Off track (${data.red.length})`} className="rounded-lg border border-slate-200 bg-white p-4">
          <AttentionList
            slug={slug}
            period={period}
            print={print}
            items={data.red}
            showCheckIns
            empty="Nothing is off track."
            detail={(k) => `${fmt(k, k.actual)} against ${formatTarget(k.target, k.measure.unit, k.measure.currencyCode)}`}
          />
          {data.atRisk.length > 0 && (
            <>
              <h3 className="border-t border-slate-100 pt-3 text-sm font-semibold">At risk ({data.atRisk.length})</h3>
              <AttentionList
                slug={slug}
                period={period}
                print={print}
                items={data.atRisk}
                empty={null}
                detail={(k) => `${fmt(k, k.actual)} against ${formatTarget(k.target, k.measure.unit, k.measure.currencyCode)}`}
              />
            </>
          )}
        </Section>
        <Section id="scorecard-stale" title={`Stale (${data.stale.length + data.overdueMetrics.length})`} className="rounded-lg border border-slate-200 bg-white p-4">
          <AttentionList
            slug={slug}
            period={period}
            print={print}
            items={data.stale}
            empty={data.overdueMetrics.length ? null : 'Every value is up to date.'}
            detail={() => 'A metric it uses is overdue'}
          />
          {data.overdueMetrics.length > 0 && (
            <ul className="space-y-2 text-sm" aria-label="Overdue metrics">
              {data.overdueMetrics.map((m) => (
                <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-x-2">
                  <Link href={`/${slug}/metrics/${m.id}`} className="font-medium text-ink hover:underline">
                    {m.name}
                  </Link>
                  <span className="text-xs text-slate-600">
                    <Badge tone="red">Overdue</Badge> no value for {m.due}
                    {m.ownerName ? ` · owed by ${m.ownerName}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </div>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{children}</p>;
}

function Summary({ slug, data, print }: { slug: string; data: ScorecardPage; print: boolean }) {
  const r = data.rollup;
  const facts = [
    { label: 'KPIs', value: String(data.kpiCount), note: data.unit.kind === 'team' && data.children.length === 0 ? 'active' : 'active, all levels' },
    { label: 'Coverage', value: formatCoverage(r.coverage), note: `of ${r.counted} KPIs have a score` },
    { label: 'Off track', value: String(data.red.length), note: data.red.length === 1 ? 'KPI' : 'KPIs' },
    { label: 'Stale', value: String(data.stale.length + data.overdueMetrics.length), note: 'overdue' },
  ];
  return (
    <section aria-labelledby="scorecard-summary" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 sm:grid-cols-[auto_1fr] sm:items-center print:p-3">
      <h2 id="scorecard-summary" className="sr-only">
        Summary
      </h2>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-3 sm:border-r sm:border-slate-100 sm:pr-6">
        <div className="whitespace-nowrap">
          <p className="text-sm text-slate-600">{kindNoun[data.unit.kind]} score</p>
          <p className="text-4xl font-semibold tabular-nums" data-testid="unit-score">
            {formatScore(r.score)}
          </p>
        </div>
        <div className="space-y-1.5 whitespace-nowrap">
          <StatusBadge status={r.status} />
          <p className="text-xs text-slate-600 tabular-nums">
            {formatChange(r.change)} <span className="sr-only">since the previous period</span>
            <span aria-hidden> vs prev.</span>
          </p>
          <Why href={explainUnitHref(slug, data.unit.id, data.period.key)} what={`${data.unit.name}’s score for ${data.period.label}`} print={print} />
        </div>
        <Sparkline values={r.trend.map((t) => t.score)} status={r.status} label={unitTrendLabel(r, data)} width={112} height={40} />
      </div>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {facts.map((f) => (
          <div key={f.label}>
            <dt className="text-sm text-slate-600">{f.label}</dt>
            <dd>
              <span className="block text-2xl font-semibold tabular-nums">{f.value}</span>
              <span className="block text-xs text-slate-500">{f.note}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Goals({ data, print }: { slug: string; data: ScorecardPage; print: boolean }) {
  return (
    <Section id="scorecard-goals" title="Goals">
      <ul className={`grid gap-3 ${data.goals.length > 1 ? 'md:grid-cols-2 print:grid-cols-2' : ''}`}>
        {data.goals.map((g) => (
          <li key={g.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="text-sm font-medium">{g.title}</p>
            {g.outcome ? (
              <div className="mt-2 space-y-1">
                <p className="text-sm text-slate-600">{g.outcome.kpiName}, as of today:</p>
                <GoalProgressBar progress={g.outcome.progress} unit={g.outcome.measure.unit} currencyCode={g.outcome.measure.currencyCode} />
              </div>
            ) : (
              <p className="mt-1 text-sm text-slate-600">No outcome KPI: progress is read from its KPIs{print ? '' : ' below'}.</p>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function StatusCell({ k, data }: { k: ScorecardPageKpi; data: ScorecardPage }) {
  const reason = noDataReason(k, data);
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <StatusBadge status={k.status} />
      {k.stale && (
        <span title="A metric it uses is overdue" className="inline-flex">
          <Badge tone="red">Stale</Badge>
        </span>
      )}
      {k.watermelon && <WatermelonBadge />}
      {reason && <span className="text-xs text-slate-500">{reason}</span>}
    </span>
  );
}

/** A KPI tied to no goal measures nothing anyone committed to (product.md §3). */
function VanityBadge() {
  return (
    <span title="Not linked to a goal: it measures nothing anyone has committed to" className="ml-2 inline-flex align-middle">
      <Badge tone="red">Vanity metric</Badge>
    </span>
  );
}

/** Green outside, red inside: the owner's check-in says on track, the numbers say off track. */
function WatermelonBadge() {
  return (
    <span title="The owner’s latest check-in says on track; the numbers say off track" className="inline-flex">
      <Badge tone="amber">Owner says on track</Badge>
    </span>
  );
}

function KpiList({ slug, data, kpis, print }: { slug: string; data: ScorecardPage; kpis: ScorecardPageKpi[]; print: boolean }) {
  const period = data.period.key;
  const caption = `${data.unit.name} KPIs for ${data.period.label}`;
  return (
    <>
      <div className={`${print ? '' : 'hidden md:block'} overflow-x-auto rounded-lg border border-slate-200 bg-white`}>
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="bg-slate-50 text-left text-slate-600">
              <th scope="col" className="px-4 py-2.5 font-medium">KPI</th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">Actual</th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">Target</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">Score</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Trend</th>
              {!print && <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">Explanation</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {kpis.map((k) => (
              <tr key={k.id}>
                <th scope="row" className="px-4 py-2.5 text-left font-medium">
                  <Link href={`/${slug}/kpis/${k.id}`} className="text-ink hover:underline">
                    {k.name}
                  </Link>
                  {k.goalId === null && <VanityBadge />}
                </th>
                <td className="px-4 py-2.5 text-right tabular-nums">{fmt(k, k.actual)}</td>
                <td className="px-4 py-2.5 text-right text-slate-600 tabular-nums"><TargetCell k={k} /></td>
                <td className="px-4 py-2.5"><StatusCell k={k} data={data} /></td>
                <td className="px-4 py-2.5 text-right tabular-nums">{formatScore(k.score)}</td>
                <td className="px-4 py-2.5"><Sparkline values={k.trend.map((p) => p.actual)} status={k.status} label={kpiTrendLabel(k, data)} /></td>
                {!print && <td className="px-4 py-2.5 text-right"><Why href={explainKpiHref(slug, k.id, period)} what={`${k.name} for ${data.period.label}`} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!print && (
        <ul className="space-y-3 md:hidden" aria-label={caption}>
          {kpis.map((k) => (
            <li key={k.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex items-start justify-between gap-3">
                <span>
                  <Link href={`/${slug}/kpis/${k.id}`} className="font-medium text-ink hover:underline">
                    {k.name}
                  </Link>
                  {k.goalId === null && <VanityBadge />}
                </span>
                <Why href={explainKpiHref(slug, k.id, period)} what={`${k.name} for ${data.period.label}`} />
              </div>
              <div className="mt-2"><StatusCell k={k} data={data} /></div>
              <div className="mt-3 flex items-end justify-between gap-3">
                <dl className="grid grid-cols-3 gap-x-4 text-sm">
                  <dt className="text-xs text-slate-500">Actual</dt>
                  <dt className="text-xs text-slate-500">Target</dt>
                  <dt className="text-xs text-slate-500">Score</dt>
                  <dd className="font-medium tabular-nums">{fmt(k, k.actual)}</dd>
                  <dd className="text-slate-600 tabular-nums"><TargetCell k={k} /></dd>
                  <dd className="tabular-nums">{formatScore(k.score)}</dd>
                </dl>
                <Sparkline values={k.trend.map((p) => p.actual)} status={k.status} label={kpiTrendLabel(k, data)} width={72} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function UnitList({ slug, data, print }: { slug: string; data: ScorecardPage; print: boolean }) {
  const period = data.period.key;
  const caption = `${childNoun[data.unit.kind]} of ${data.unit.name}, rolled up for ${data.period.label}`;
  const coverageText = (u: ScorecardPageUnit) => (u.counted === 0 ? (u.kpiCount === 0 ? 'no KPIs' : 'none reviewed') : `${formatCoverage(u.coverage)} of ${u.counted}`);
  return (
    <>
      <div className={`${print ? '' : 'hidden md:block'} overflow-x-auto rounded-lg border border-slate-200 bg-white`}>
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="bg-slate-50 text-left text-slate-600">
              <th scope="col" className="px-4 py-2.5 font-medium">Unit</th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">Score</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">Coverage</th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">Change</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Trend</th>
              {!print && <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">Explanation</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.children.map((u) => (
              <tr key={u.unit.id}>
                <th scope="row" className="px-4 py-2.5 text-left font-medium">
                  <Link href={scorecardHref(slug, u.unit, period)} className="text-ink hover:underline">
                    {u.unit.name}
                  </Link>
                </th>
                <td className="px-4 py-2.5 text-right tabular-nums">{formatScore(u.score)}</td>
                <td className="px-4 py-2.5"><StatusBadge status={u.status} /></td>
                <td className="px-4 py-2.5 text-right text-slate-600 tabular-nums">{coverageText(u)}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{formatChange(u.change)}</td>
                <td className="px-4 py-2.5"><Sparkline values={u.trend.map((t) => t.score)} status={u.status} label={unitTrendLabel(u, data)} /></td>
                {!print && <td className="px-4 py-2.5 text-right"><Why href={explainUnitHref(slug, u.unit.id, period)} what={`${u.unit.name}’s score for ${data.period.label}`} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!print && (
        <ul className="space-y-3 md:hidden" aria-label={caption}>
          {data.children.map((u) => (
            <li key={u.unit.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex items-start justify-between gap-3">
                <Link href={scorecardHref(slug, u.unit, period)} className="font-medium text-ink hover:underline">
                  {u.unit.name}
                </Link>
                <Why href={explainUnitHref(slug, u.unit.id, period)} what={`${u.unit.name}’s score for ${data.period.label}`} />
              </div>
              <div className="mt-2 flex items-end justify-between gap-3">
                <div className="space-y-1.5">
                  <p className="flex items-center gap-2">
                    <span className="text-2xl font-semibold tabular-nums">{formatScore(u.score)}</span>
                    <StatusBadge status={u.status} />
                  </p>
                  <p className="text-xs text-slate-600 tabular-nums">
                    {formatChange(u.change)} · coverage {coverageText(u)}
                  </p>
                </div>
                <Sparkline values={u.trend.map((t) => t.score)} status={u.status} label={unitTrendLabel(u, data)} width={72} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function AttentionList({
  slug,
  period,
  items,
  empty,
  detail,
  print,
  showCheckIns = false,
}: {
  showCheckIns?: boolean;
  slug: string;
  period: string;
  items: ScorecardPageKpi[];
  empty: string | null;
  detail: (k: ScorecardPageKpi) => string;
  print: boolean;
}) {
  if (items.length === 0) return empty ? <p className="text-sm text-slate-600">{empty}</p> : null;
  return (
    <ul className="space-y-2.5 text-sm">
      {items.map((k) => (
        <li key={k.id} className="space-y-0.5">
          <div className="flex flex-wrap items-baseline justify-between gap-x-2">
            <Link href={`/${slug}/kpis/${k.id}`} className="font-medium text-ink hover:underline">
              {k.name}
            </Link>
            <span className="text-xs text-slate-500">{k.unitName}</span>
          </div>
          <div className="flex flex-wrap items-center justify-between gap-x-2 text-xs text-slate-600 tabular-nums">
            <span className="flex items-center gap-1.5">
              <span aria-hidden className={`inline-block size-2 rounded-full ${dot[k.status]}`} />
              <span className={`font-medium whitespace-nowrap ${statusText[k.status]}`}>{statusLabels[k.status]}</span> · {detail(k)}
            </span>
            <Why href={explainKpiHref(slug, k.id, period)} what={`${k.name} for this period`} print={print} />
          </div>
          {showCheckIns && k.watermelon && (
            <div className="rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900">
              <WatermelonBadge />{' '}
              <q>{k.watermelon.comment}</q>
              {k.watermelon.author && <span> — {k.watermelon.author}</span>}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

const statusText = { on_track: 'text-emerald-800', at_risk: 'text-amber-800', off_track: 'text-red-800', no_data: 'text-slate-600' } as const;
const dot = { on_track: 'bg-emerald-500', at_risk: 'bg-amber-500', off_track: 'bg-red-500', no_data: 'bg-slate-400' } as const;
