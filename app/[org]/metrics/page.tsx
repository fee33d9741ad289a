import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/app/_components/ui/badge';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { aggregationLabels, formatDate, formatValue, frequencyLabels, unitLabel } from '@/lib/metrics/format';
import { listMetrics } from '@/lib/metrics/queries';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import { getOrgContext } from '@/lib/organizations/context';
import { listMembers } from '@/lib/people/queries';
import { roleLabels } from '@/lib/permissions';
import { ImportCsvLink } from './_components/csv-links';
import { OverdueBadge } from '../_components/overdue-badge';
import { NewMetricDialog } from './_components/metric-forms';

export const metadata: Metadata = { title: 'Metrics' };

export default async function MetricsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  const mayCreate = ctx.can('metrics.create');
  const db = await getDatabase();
  const { metrics, members, staleness } = await db.withTenant(ctx.organization.id, async (tx) => ({
    metrics: await listMetrics(tx),
    staleness: await getMetricStaleness(tx, ctx.organization, ctx.today),
    members: mayCreate ? await listMembers(tx) : [],
  }));
  const people = members.map((m) => ({ id: m.userId, label: `${m.name} (${roleLabels[m.role]})` }));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Metrics</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            The raw numbers your KPIs are computed from, each recorded at dates: website visitors, ad spend, paid sign-ups.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {ctx.can('measurements.record') && metrics.length > 0 && <ImportCsvLink slug={slug} />}
          {mayCreate && <NewMetricDialog slug={slug} people={people} />}
        </div>
      </div>
      {metrics.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-base font-semibold">No metrics yet</h2>
          <p className="mx-auto mt-2 max-w-lg text-sm text-slate-600">
            A metric is a raw number recorded at dates, e.g. website visitors each week. KPIs are formulas over metrics, such as{' '}
            <code className="font-mono">{'{paid_signups} / {visitors} * 100'}</code>.{' '}
            {mayCreate ? 'Create the first one with “New metric”.' : 'Owners, admins and members can create the first one.'}
          </p>
        </div>
      ) : (
        <Table caption="Metrics">
          <thead>
            <tr>
              <Th>Name and key</Th>
              <Th>Unit</Th>
              <Th>Values in a period</Th>
              <Th>Updated</Th>
              <Th>Owner</Th>
              <Th className="text-right">Last value</Th>
              <Th>KPIs</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {metrics.map((m) => {
              const used = m.usedBy.filter((k) => k.state !== 'retired').length;
              return (
                <tr key={m.id}>
                  <Td>
                    <Link href={`/${slug}/metrics/${m.id}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                      {m.name}
                    </Link>
                    <code className="block font-mono text-xs text-slate-600">{m.key}</code>
                  </Td>
                  <Td className="whitespace-nowrap">{unitLabel(m.unit, m.currencyCode)}</Td>
                  <Td>{aggregationLabels[m.aggregation].label}</Td>
                  <Td>{frequencyLabels[m.frequency]}</Td>
                  <Td>{m.ownerName ?? <span className="text-slate-500">No owner</span>}</Td>
                  <Td className="text-right whitespace-nowrap">
                    {m.lastDate ? (
                      <>
                        <span className="tabular-nums">{formatValue(m.lastValue, m.unit, m.currencyCode)}</span>
                        <span className="block text-xs text-slate-500">
                          {formatDate(m.lastDate)} · {m.valueCount} {m.valueCount === 1 ? 'value' : 'values'}
                        </span>
                        <OverdueBadge staleness={staleness.get(m.id)} calendar={ctx.organization} />
                      </>
                    ) : (
                      <>
                        <span className="text-slate-500">No values yet</span> <OverdueBadge staleness={staleness.get(m.id)} calendar={ctx.organization} />
                      </>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {used > 0 ? `Used by ${used} ${used === 1 ? 'KPI' : 'KPIs'}` : <Badge tone="amber">Not used by any KPI</Badge>}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </div>
  );
}
