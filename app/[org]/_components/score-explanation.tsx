import Link from 'next/link';
import type { ReactNode } from 'react';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { directionLabels, formatScore, formatTarget, rollupMethodLabels } from '@/lib/kpis/view';
import { aggregationLabels, formatDate, formatValue } from '@/lib/metrics/format';
import type { ExplainedMetric, KpiExplanation, Measure, UnitEntry, UnitExplanation } from '@/lib/scorecards/explain';
import { formatNumber } from '@/lib/scorecards/explain';
import { StatusBadge } from '../kpis/_components/kpi-badges';

/*
 * The tree of inputs behind a score (lib/scorecards/explain.ts), the same on
 * the explain page and the KPI page: nested lists with headings, so a screen
 * reader can walk it level by level, and the values per date folded away in
 * <details> until asked for.
 */

type Level = 2 | 3 | 4 | 5 | 6;
const next = (level: Level): Level => Math.min(level + 1, 6) as Level;

/** Where each score links: its own explanation for the same period. */
export const explainHref = (slug: string, what: { kpi: string } | { unit: string }, period: string) =>
  `/${slug}/explain?${'kpi' in what ? `kpi=${what.kpi}` : `unit=${what.unit}`}&period=${encodeURIComponent(period)}`;

function Heading({ level, id, children, small = false }: { level: Level; id?: string; children: ReactNode; small?: boolean }) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className={`font-semibold text-ink ${small ? 'text-sm' : level <= 2 ? 'text-lg' : 'text-base'}`}>
      {children}
    </Tag>
  );
}

const value = (x: number | null | undefined, measure: Measure) => formatValue(x ?? null, measure.unit, measure.currencyCode);
const sourceLabels = { manual: 'entered by hand', csv: 'CSV import', api: 'API' } as const;

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6">
      {items.map(([term, detail]) => (
        <div key={term}>
          <dt className="text-slate-600">{term}</dt>
          <dd className="font-semibold tabular-nums text-slate-900">{detail}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A KPI's score: the calculation, then its formula's metrics or its contributors, each a KPI node again. */
export function KpiScoreExplanation({ slug, node, level = 2, weight }: { slug: string; node: KpiExplanation; level?: Level; weight?: number }) {
  const headingId = `explain-kpi-${node.id}-${level}`;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Heading level={level} id={headingId}>
          <Link href={`/${slug}/kpis/${node.id}`} className="hover:text-brand-700 hover:underline">
            {node.name}
          </Link>
        </Heading>
        {node.state === 'active' ? <StatusBadge status={node.status} /> : <span className="text-xs text-slate-500">{node.state === 'draft' ? 'Draft' : 'Retired'}: not scored itself</span>}
        {node.unit && <span className="text-sm text-slate-500">{node.unit.name}</span>}
      </div>
      <Facts
        items={[
          ['Actual', value(node.actual, node.measure)],
          [
            'Target',
            <>
              {formatTarget(node.target, node.measure.unit, node.measure.currencyCode)}
              {node.targetFrom && <span className="block text-xs font-normal text-slate-500">{node.targetFrom}</span>}
            </>,
          ],
          ['Baseline', node.baseline === null ? <span className="font-normal text-slate-500">Not set</span> : value(node.baseline, node.measure)],
          ['Score', node.score === null ? '—' : `${formatScore(node.score)} (${formatNumber(node.score)})`],
          ...(weight !== undefined ? [['Link weight', formatNumber(weight)] as [string, ReactNode]] : [['Weight in unit', formatNumber(node.weight)] as [string, ReactNode]]),
          ['Cap', formatNumber(node.cap)],
        ]}
      />
      {node.state === 'active' && (
        <div className="rounded-md bg-slate-50 px-3 py-2 text-sm">
          <p className="text-slate-700">
            <span className="font-medium">{directionLabels[node.direction].short}.</span> Score = {node.calculation.rule}.
          </p>
          {node.calculation.expression && (
            <p className="mt-1 font-mono text-slate-900" aria-label={`Calculation: ${node.calculation.expression}`}>
              {node.calculation.expression}
            </p>
          )}
          <p className="mt-1 text-xs text-slate-600">
            On track from {formatNumber(node.thresholds.green)}, at risk from {formatNumber(node.thresholds.amber)} ({node.thresholds.own ? 'this KPI’s own thresholds' : 'the organization’s thresholds'});
            scores are clamped to [0, {formatNumber(node.cap)}].
          </p>
        </div>
      )}
      {node.source.kind === 'formula' ? (
        <FormulaSource slug={slug} node={node} source={node.source} level={level} />
      ) : (
        <div className="space-y-2">
          <p className="text-sm text-slate-700">
            <span className="font-medium">Roll-up:</span> {node.source.method ? rollupMethodLabels[node.source.method] : 'no method set'}, from{' '}
            {node.source.contributors.length} contributing {node.source.contributors.length === 1 ? 'KPI' : 'KPIs'}.
          </p>
          {node.source.contributors.length > 0 && (
            <ul className="space-y-4 border-l-2 border-slate-200 pl-4">
              {node.source.contributors.map((c, i) => (
                <li key={i}>
                  {c.hidden ? (
                    <p className="text-sm text-slate-500">A draft KPI you cannot see (weight {formatNumber(c.weight)})</p>
                  ) : 'repeated' in c ? (
                    <p className="text-sm text-slate-700">
                      <Link href={explainHref(slug, { kpi: c.repeated.id }, node.period)} className="text-brand-700 hover:underline">
                        {c.repeated.name}
                      </Link>{' '}
                      (weight {formatNumber(c.weight)}), explained above
                    </p>
                  ) : (
                    <KpiScoreExplanation slug={slug} node={c.kpi} level={next(level)} weight={c.weight} />
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function FormulaSource({ slug, node, source, level }: { slug: string; node: KpiExplanation; source: Extract<KpiExplanation['source'], { kind: 'formula' }>; level: Level }) {
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        <span className="font-medium">Formula:</span> <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono">{source.formula ?? 'none set'}</code>
        {source.substituted && (
          <>
            {' '}
            → <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono">{source.substituted}</code>
          </>
        )}
      </p>
      {source.metrics.length > 0 && (
        <ul className="space-y-3 border-l-2 border-slate-200 pl-4">
          {source.metrics.map((m) => (
            <li key={m.id}>
              <MetricNode slug={slug} metric={m} level={next(level)} kpiId={node.id} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MetricNode({ slug, metric, level, kpiId }: { slug: string; metric: ExplainedMetric; level: Level; kpiId: string }) {
  const count = metric.values.length;
  return (
    <div className="space-y-1.5">
      <Heading level={level} small>
        <Link href={`/${slug}/metrics/${metric.id}`} className="hover:text-brand-700 hover:underline">
          {metric.name}
        </Link>{' '}
        <code className="font-mono text-xs font-normal text-slate-500">{`{${metric.key}}`}</code>
      </Heading>
      <p className="text-sm text-slate-700">
        {aggregationLabels[metric.aggregation].label} of {count} {count === 1 ? 'value' : 'values'} in the period ={' '}
        <span className="font-semibold tabular-nums">{metric.value === null ? 'no value (no data, never 0)' : value(metric.value, metric.measure)}</span>
      </p>
      {count > 0 && (
        <details className="group">
          <summary className="cursor-pointer text-sm text-brand-700 hover:underline">
            Values per date <span className="sr-only">of {metric.name}</span>({count})
          </summary>
          <div className="mt-2">
            <Table caption={`Values of ${metric.name} per date, with who entered them`}>
              <thead>
                <tr>
                  <Th>Date</Th>
                  <Th className="text-right">Value</Th>
                  <Th>Entered by</Th>
                  <Th>Note</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {metric.values.map((v) => (
                  <tr key={`${kpiId}-${v.date}`}>
                    <Td className="whitespace-nowrap">{formatDate(v.date)}</Td>
                    <Td className="text-right tabular-nums">{value(v.value, metric.measure)}</Td>
                    <Td>
                      {v.enteredBy ?? <span className="text-slate-500">Not on record</span>}
                      <span className="block text-xs text-slate-500">{sourceLabels[v.source]}</span>
                    </Td>
                    <Td className="text-slate-600">{v.note ?? ''}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </details>
      )}
    </div>
  );
}

function EntryRow({ slug, entry, period }: { slug: string; entry: UnitEntry; period: string }) {
  const href = entry.kind === 'kpi' ? explainHref(slug, { kpi: entry.id }, period) : explainHref(slug, { unit: entry.id }, period);
  return (
    <tr className={entry.included ? undefined : 'text-slate-500'}>
      <Td>
        <Link href={href} className="font-medium text-ink hover:text-brand-700 hover:underline">
          {entry.name}
        </Link>
        <span className="block text-xs text-slate-500">{entry.kind === 'kpi' ? 'KPI' : `${entry.unitKind === 'team' ? 'Team' : 'Unit'}, rolled up`}</span>
      </Td>
      <Td className="text-right tabular-nums">{formatNumber(entry.weight)}</Td>
      <Td className="text-right tabular-nums">{entry.score === null ? '—' : formatNumber(entry.score)}</Td>
      <Td>
        <StatusBadge status={entry.status} />
      </Td>
      <Td>{inTheScore(entry)}</Td>
    </tr>
  );
}

function inTheScore(entry: UnitEntry): string {
  if (entry.included) return 'Counted';
  if (entry.kind === 'kpi' && !entry.counted) return 'Left out: reviewed at its own frequency';
  if (entry.score !== null) return 'Left out: weight 0';
  return entry.kind === 'kpi' && entry.actual !== null && !entry.target ? 'Left out: no target' : 'Left out: no data';
}

/** A unit's roll-up: Σ w·s / Σ w with every entry in or out, coverage, and its child units one level down. */
export function UnitScoreExplanation({ slug, node, level = 2 }: { slug: string; node: UnitExplanation; level?: Level }) {
  const headingId = `explain-unit-${node.unit.id}-${level}`;
  const { withScore, total, share } = node.coverage;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Heading level={level} id={headingId}>
          {level > 2 ? (
            <Link href={explainHref(slug, { unit: node.unit.id }, node.period)} className="hover:text-brand-700 hover:underline">
              {node.unit.name}
            </Link>
          ) : (
            node.unit.name
          )}
        </Heading>
        <StatusBadge status={node.status} />
      </div>
      <Facts
        items={[
          ['Rolled-up score', node.score === null ? '—' : `${formatScore(node.score)} (${formatNumber(node.score)})`],
          ['Coverage', share === null ? '—' : `${formatScore(share)}`],
          ['KPIs with a score', `${withScore} of ${total}`],
        ]}
      />
      <div className="rounded-md bg-slate-50 px-3 py-2 text-sm">
        <p className={level > 2 ? 'sr-only' : 'text-slate-700'}>
          Score = Σ weight × score / Σ weight over its own KPIs and child units that have a score; those without one (no data or no target) are left out, never counted as 0.
          Coverage = KPIs with a score (an actual and a target) in the unit and below ÷ its live KPIs reviewed at this kind of period = {withScore} / {total}.
        </p>
        <p className="mt-1 font-mono text-slate-900">{node.expression ?? 'Nothing has a score: no data'}</p>
      </div>
      {node.entries.length > 0 ? (
        <Table caption={`What goes into the score of ${node.unit.name}`}>
          <thead>
            <tr>
              <Th>KPI or unit</Th>
              <Th className="text-right">Weight</Th>
              <Th className="text-right">Score</Th>
              <Th>Status</Th>
              <Th>In the score</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {node.entries.map((e) => (
              <EntryRow key={`${e.kind}-${e.id}`} slug={slug} entry={e} period={node.period} />
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="text-sm text-slate-600">No live KPIs and no child units: nothing to roll up.</p>
      )}
      {node.children.length > 0 && (
        <ul className="space-y-6 border-l-2 border-slate-200 pl-4">
          {node.children.map((c) => (
            <li key={c.unit.id}>
              <UnitScoreExplanation slug={slug} node={c} level={next(level)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ScoreExplanation({ slug, explanation, level = 2 }: { slug: string; explanation: KpiExplanation | UnitExplanation; level?: Level }) {
  return explanation.kind === 'kpi' ? <KpiScoreExplanation slug={slug} node={explanation} level={level} /> : <UnitScoreExplanation slug={slug} node={explanation} level={level} />;
}
