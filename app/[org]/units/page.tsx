import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/app/_components/ui/badge';
import { getDatabase } from '@/db';
import { getOrgContext } from '@/lib/organizations/context';
import { canAnywhere } from '@/lib/permissions';
import { getUnitTree } from '@/lib/units/queries';
import { AddUnitForm } from './_components/unit-forms';
import { layerLabel } from './layer';

export const metadata: Metadata = { title: 'Structure' };

export default async function UnitsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  const db = await getDatabase();
  const tree = await db.withTenant(ctx.organization.id, (tx) => getUnitTree(tx));
  const company = tree.find((u) => u.kind === 'company')!;
  const active = tree.filter((u) => !u.archivedAt);
  const archived = tree.filter((u) => u.archivedAt);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Structure</h1>
        <p className="mt-1 text-sm text-slate-600">
          Company, departments and teams. Each unit’s heads approve its KPIs; scores roll up from teams to the company.
        </p>
      </div>
      <section aria-labelledby="tree" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="tree" className="sr-only">
          Unit tree
        </h2>
        <ul role="tree" aria-label="Units" className="divide-y divide-slate-100">
          {active.map((u) => (
            <li key={u.id} role="treeitem" aria-level={u.depth + 1} aria-selected={false} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
              <span style={{ paddingLeft: `${u.depth * 1.5}rem` }} className="flex min-w-56 items-center gap-2">
                {u.depth > 0 && <span aria-hidden className="text-slate-300">└</span>}
                <Link href={`/${slug}/units/${u.id}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                  {u.name}
                </Link>
                <Badge tone={u.kind === 'company' ? 'brand' : 'neutral'}>{layerLabel(u.kind)}</Badge>
              </span>
              <span className="text-sm text-slate-600">
                {u.heads.length > 0 ? (
                  <>
                    <span className="sr-only">Heads: </span>
                    {u.heads.map((h) => h.name).join(', ')}
                    <span className="text-slate-400"> · {u.kind === 'team' ? 'lead' : 'head'}</span>
                  </>
                ) : u.kind !== 'company' ? (
                  <span className="text-amber-700">No head yet</span>
                ) : null}
              </span>
              <span className="ml-auto text-sm text-slate-500">
                {u.members.length} {u.members.length === 1 ? 'member' : 'members'}
                {u.weight !== 1 && ` · weight ${u.weight}`}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {active.length === 1 && (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          No departments yet. Add the first one{canAnywhere(ctx.role, 'units.manage') ? ' below' : ' (owners and admins can)'}: Marketing, Sales, HR…
        </p>
      )}
      {canAnywhere(ctx.role, 'units.manage') && (
        <section aria-labelledby="add-department" className="max-w-md rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="add-department" className="mb-3 text-base font-semibold">
            Add a department
          </h2>
          <AddUnitForm slug={slug} parentId={company.id} label="Add department" />
        </section>
      )}
      {archived.length > 0 && (
        <section aria-labelledby="archived">
          <h2 id="archived" className="text-sm font-semibold text-slate-600">
            Archived
          </h2>
          <ul className="mt-2 text-sm text-slate-500">
            {archived.map((u) => (
              <li key={u.id}>
                <Link href={`/${slug}/units/${u.id}`} className="hover:underline">
                  {u.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
