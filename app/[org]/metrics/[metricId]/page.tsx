import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { SeriesChart } from '@/app/_components/charts/series-chart';
import { Badge } from '@/app/_components/ui/badge';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { aggregationLabels, formatDate, formatValue, frequencyLabels, unitLabel, unitSymbol } from '@/lib/metrics/format';
import { getMetric, getMetricAccess, listMeasurements, listMetricUsage } from '@/lib/metrics/queries';
import { MAX_DAYS_AHEAD } from '@/lib/metrics/schemas';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import { getOrgContext } from '@/lib/organizations/context';
import { listMembers } from '@/lib/people/queries';
import { addDays } from '@/lib/periods';
import { can, roleLabels } from '@/lib/permissions';
import { getUnitParents } from '@/lib/units/queries';
import { ExportCsvLink } from '../_components/csv-links';
import { OverdueNote } from '../../_components/overdue-badge';
import { EditMetricDialog, RecordValueForm } from '../_components/metric-forms';

export const metadata: Metadata = { title: 'Metric' };

const sourceLabels = { manual: 'Manual', csv: 'CSV import', api: 'API' } as const;
const recordedAtFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function MetricPage({ params }: { params: Promise<{ org: string; metricId: string }> }) {
  const { org: slug, metricId } = await params;
  if (!z.uuid().safeParse(metricId).success) notFound();
  const ctx = await getOrgContext(slug);
  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    const metric = await getMetric(tx, metricId);
    if (!metric) return null;
    const parents = await getUnitParents(tx);
    const mayUpdate = can(ctx.actor, 'metrics.update', { parents, ownerIds: [metric.ownerId] });
    return {
      metric,
      parents,
      mayUpdate,
      access: await getMetricAccess(tx, metricId),
      values: await listMeasurements(tx, metricId),
      usage: (await listMetricUsage(tx, [metricId])).get(metricId) ?? [],
      members: mayUpdate ? await listMembers(tx) : [],
      staleness: (await getMetricStaleness(tx, ctx.organization, ctx.today)).get(metricId),
    };
  });
  if (!data) notFound();
  const { metric, parents, mayUpdate, access, values, usage, members, staleness } = data;
  const mayRecord = can(ctx.actor, 'measurements.record', { unitId: access.unitIds, parents, ownerIds: [metric.ownerId] });
  // Drafts are visible to whoever may see drafts of that unit; the rest only learn how many there are.
  const visible = usage.filter(
    (k) => k.state !== 'draft' || can(ctx.actor, 'kpis.view_drafts', { unitId: k.unitId, parents, ownerIds: [k.ownerId] }),
  );
  const hiddenDrafts = usage.length - visible.length;
  const today = ctx.today;
  const newestFirst = [...values].reverse();
  const format = (v: number | null) => formatValue(v, metric.unit, metric.currencyCode);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/${slug}/metrics`} className="hover:underline">
          Metrics
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold">{metric.name}</h1>
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm text-slate-700">{metric.key}</code>
          </div>
          <OverdueNote staleness={staleness} calendar={ctx.organization} />
          {metric.description ? (
            <p className="max-w-2xl text-sm whitespace-pre-line text-slate-700">{metric.description}</p>
          ) : (
            <p className="text-sm text-slate-500">No description.</p>
          )}
        </div>
        {mayUpdate && (
          <EditMetricDialog
            slug={slug}
            metric={metric}
            people={members.map((m) => ({ id: m.userId, label: `${m.name} (${roleLabels[m.role]})` }))}
          />
        )}
      </header>

      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-6 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="font-medium text-slate-600">Unit</dt>
          <dd>{unitLabel(metric.unit, metric.currencyCode)}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Values in a period</dt>
          <dd>{aggregationLabels[metric.aggregation].explanation}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Updated</dt>
          <dd>{frequencyLabels[metric.frequency]}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Owner</dt>
          <dd>{metric.ownerName ?? <span className="text-slate-500">No owner</span>}</dd>
        </div>
        <div className="sm:col-span-2 lg:col-span-4">
          <dt className="font-medium text-slate-600">Used by</dt>
          <dd>
            {visible.length === 0 && hiddenDrafts === 0 ? (
              <Badge tone="amber">Not used by any KPI</Badge>
            ) : (
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {visible.map((k) => (
                  <li key={k.kpiId} className="flex items-center gap-1.5">
                    <Link href={`/${slug}/kpis/${k.kpiId}`} className="text-brand-700 hover:underline">
                      {k.name}
                    </Link>
                    {k.state !== 'active' && <Badge tone={k.state === 'draft' ? 'neutral' : 'amber'}>{k.state === 'draft' ? 'Draft' : 'Retired'}</Badge>}
                  </li>
                ))}
                {hiddenDrafts > 0 && (
                  <li className="text-slate-500">
                    {visible.length > 0 ? 'and ' : ''}
                    {hiddenDrafts} draft {hiddenDrafts === 1 ? 'KPI' : 'KPIs'}
                  </li>
                )}
              </ul>
            )}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="over-time" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="over-time" className="mb-4 text-base font-semibold">
          Over time
        </h2>
        {values.length === 0 ? (
          <p className="text-sm text-slate-600">
            No values yet.{' '}
            {mayRecord ? 'Record the first one below.' : `${metric.ownerName ?? 'The owner'} or an admin records them.`}
          </p>
        ) : (
          <SeriesChart
            data={values.map((v) => ({ label: formatDate(v.date), actual: v.value }))}
            unit={metric.unit}
            currencyCode={metric.currencyCode}
            unitLabel={unitSymbol(metric.unit, metric.currencyCode) || undefined}
            ariaLabel={`${metric.name} over time: ${values.length} values from ${formatDate(values[0]!.date)} to ${formatDate(values.at(-1)!.date)}, latest ${format(values.at(-1)!.value)}`}
          />
        )}
      </section>

      {mayRecord && (
        <section aria-labelledby="record" className="max-w-2xl rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="record" className="mb-3 text-base font-semibold">
            Record a value
          </h2>
          <RecordValueForm
            slug={slug}
            metricId={metric.id}
            unit={metric.unit}
            currencyCode={metric.currencyCode}
            today={today}
            maxDate={addDays(today, MAX_DAYS_AHEAD)}
          />
        </section>
      )}

      <section aria-labelledby="values" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="values" className="text-base font-semibold">
            Values
          </h2>
          {values.length > 0 && <ExportCsvLink slug={slug} metricId={metric.id} metricKey={metric.key} />}
        </div>
        {values.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">Nothing recorded yet.</p>
        ) : (
          <Table caption={`Values of ${metric.name}, newest first`}>
            <thead>
              <tr>
                <Th>Date</Th>
                <Th className="text-right">Value</Th>
                <Th>Note</Th>
                <Th>Source</Th>
                <Th>Recorded by</Th>
                <Th>Recorded at (UTC)</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {newestFirst.map((v) => (
                <tr key={v.date}>
                  <Td className="whitespace-nowrap">
                    <time dateTime={v.date}>{formatDate(v.date)}</time>
                  </Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">{format(v.value)}</Td>
                  <Td className="max-w-md text-slate-700">{v.note ?? <span className="text-slate-400">—</span>}</Td>
                  <Td>
                    <Badge>{sourceLabels[v.source]}</Badge>
                  </Td>
                  <Td>{v.recordedByName ?? <span className="text-slate-500">Unknown</span>}</Td>
                  <Td className="whitespace-nowrap text-slate-600">
                    <time dateTime={v.recordedAt.toISOString()}>{recordedAtFormat.format(v.recordedAt)}</time>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </div>
  );
}
