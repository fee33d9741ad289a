import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/app/_components/ui/badge';
import { getDatabase } from '@/db';
import { getOrgContext } from '@/lib/organizations/context';
import { getOverview } from '@/lib/organizations/queries';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  const db = await getDatabase();
  const overview = await db.withTenant(ctx.organization.id, (tx) => getOverview(tx));
  const departments = overview.units.filter((u) => u.kind !== 'company');
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{ctx.organization.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {overview.memberCount} {overview.memberCount === 1 ? 'person' : 'people'} · fiscal year starts in{' '}
          {monthName(ctx.organization.fiscalYearStartMonth)}
        </p>
      </div>
      <section aria-labelledby="structure" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="structure" className="text-base font-semibold">
          Structure
        </h2>
        {departments.length === 0 ? (
          <div className="mt-4 rounded-md border border-dashed border-slate-300 p-6 text-center">
            <p className="font-medium">Only the company level exists so far.</p>
            <p className="mt-1 text-sm text-slate-600">
              Departments and teams, each with a few KPIs of their own, roll up into the company scorecard.
            </p>
          </div>
        ) : (
          <ul className="mt-4 divide-y divide-slate-100">
            {departments.map((u) => (
              <li key={u.id} className="flex items-center justify-between py-2 text-sm">
                {u.name} <Badge>{u.kind}</Badge>
              </li>
            ))}
          </ul>
        )}
      </section>
      {ctx.can('organization.update') && (
        <p className="text-sm text-slate-600">
          Set the fiscal year before adding targets:{' '}
          <Link className="font-medium text-brand-600 hover:underline" href={`/${slug}/settings`}>
            organization settings
          </Link>
          .
        </p>
      )}
    </div>
  );
}

function monthName(month: number) {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
}
