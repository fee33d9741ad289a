import { z } from 'zod';
import { getDatabase } from '@/db';
import { metricValuesCsv } from '@/lib/metrics/csv-export';
import { getMetric, listMeasurements } from '@/lib/metrics/queries';
import { findSignedInMember } from '@/lib/organizations/context';
import { canAnywhere } from '@/lib/permissions';

/** A metric's values as CSV, for anyone who may see the metric: every member, viewers included. */
export async function GET(_request: Request, { params }: { params: Promise<{ org: string; metricId: string }> }) {
  const { org: slug, metricId } = await params;
  const notFound = () => new Response('Not found', { status: 404, headers: { 'Cache-Control': 'private, no-store' } });
  if (!z.uuid().safeParse(metricId).success) return notFound();
  const member = await findSignedInMember(slug);
  if (!member || !canAnywhere(member.role, 'organization.view')) return notFound();
  const db = await getDatabase();
  const data = await db.withTenant(member.organization.id, async (tx) => {
    const metric = await getMetric(tx, metricId);
    return metric && { metric, values: await listMeasurements(tx, metricId) };
  });
  if (!data) return notFound();
  return new Response(metricValuesCsv(data.metric.key, data.values), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${data.metric.key}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
