import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { Badge } from '@/app/_components/ui/badge';
import { getDatabase } from '@/db';
import { listKpis } from '@/lib/kpis/queries';
import { budgetMeter } from '@/lib/kpis/view';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { getOrgContext } from '@/lib/organizations/context';
import { can, isWithinSubtree } from '@/lib/permissions';
import { listMembers } from '@/lib/people/queries';
import { getUnitParents, getUnitTree } from '@/lib/units/queries';
import { subtreeIds } from '@/lib/units/tree';
import { BudgetMeter } from '../../kpis/_components/budget-meter';
import { AddUnitForm, ArchiveUnitButton, EditUnitForm, MoveUnitForm, UnitPersonForm } from '../_components/unit-forms';
import { layerLabel } from '../layer';

export const metadata: Metadata = { title: 'Unit' };

export default async function UnitPage({ params }: { params: Promise<{ org: string; unitId: string }> }) {
  const { org: slug, unitId } = await params;
  if (!z.uuid().safeParse(unitId).success) notFound();
  const ctx = await getOrgContext(slug);
  const db = await getDatabase();
  const { tree, parents, members, kpis } = await db.withTenant(ctx.organization.id, async (tx) => ({
    tree: await getUnitTree(tx),
    parents: await getUnitParents(tx),
    members: await listMembers(tx),
    kpis: await listKpis(tx, { unitIds: [unitId] }),
  }));
  const unit = tree.find((u) => u.id === unitId);
  if (!unit) notFound();
  const actor = { role: ctx.role, headOf: ctx.headOf };
  const manage = !unit.archivedAt && can(actor, 'units.manage', { unitId: unit.id, parents });
  const parent = tree.find((u) => u.id === unit.parentId);
  const below = subtreeIds(unit.id, tree);
  const destinations = tree.filter(
    (u) => !u.archivedAt && !below.has(u.id) && can(actor, 'units.manage', { unitId: u.id, parents }),
  );
  const headsHere = isWithinSubtree(unit.id, ctx.headOf, parents);
  const activeKpis = kpis.filter((k) => k.state === 'active');
  const draftKpis = kpis.filter((k) => k.state === 'draft' && canSeeKpi(ctx.actor, k, parents));
  const mayDraftHere = !unit.archivedAt && can(ctx.actor, 'kpis.draft', { unitId: unit.id, parents });
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/${slug}/units`} className="hover:underline">
          Structure
        </Link>
        {parent && (
          <>
            {' / '}
            <Link href={`/${slug}/units/${parent.id}`} className="hover:underline">
              {parent.name}
            </Link>
          </>
        )}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{unit.name}</h1>
        <Badge tone="brand">{layerLabel(unit.kind)}</Badge>
        {unit.archivedAt && <Badge tone="amber">Archived</Badge>}
        {headsHere && <Badge tone="green">You head this</Badge>}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="kpis" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 lg:col-span-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="kpis" className="text-base font-semibold">
              KPIs
            </h2>
            <span className="flex flex-wrap gap-4 text-sm">
              {!unit.archivedAt && (
                <Link href={unit.kind === 'company' ? `/${slug}` : `/${slug}/scorecard/${unit.id}`} className="text-brand-700 hover:underline">
                  Open {unit.name}’s scorecard
                </Link>
              )}
              <Link href={`/${slug}/kpis?unit=${unit.id}`} className="text-brand-700 hover:underline">
                See {unit.name}’s KPIs
              </Link>
              {mayDraftHere && (
                <Link href={`/${slug}/kpis/new?unit=${unit.id}`} className="text-brand-700 hover:underline">
                  Draft a KPI
                </Link>
              )}
            </span>
          </div>
          <BudgetMeter meter={budgetMeter(unit, activeKpis, ctx.organization.policy.vitalFew)} mode={ctx.organization.policy.vitalFew.mode} />
          <p className="text-sm text-slate-600">
            {activeKpis.length} active{draftKpis.length > 0 && `, ${draftKpis.length} ${draftKpis.length === 1 ? 'draft' : 'drafts'}`}. Only active KPIs count
            toward the vital few.
          </p>
        </section>
        <section aria-labelledby="people" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="people" className="text-base font-semibold">
            People
          </h2>
          <dl className="mt-3 space-y-3 text-sm">
            <div>
              <dt className="font-medium text-slate-600">{unit.kind === 'team' ? 'Team leads' : 'Heads'}</dt>
              <dd>{unit.heads.length ? unit.heads.map((h) => h.name).join(', ') : <span className="text-amber-700">No head yet</span>}</dd>
            </div>
            <div>
              <dt className="font-medium text-slate-600">Members</dt>
              <dd>{unit.members.length ? unit.members.map((m) => m.name).join(', ') : <span className="text-slate-500">None yet</span>}</dd>
            </div>
            <div>
              <dt className="font-medium text-slate-600">Weight in roll-ups</dt>
              <dd>{unit.weight}</dd>
            </div>
          </dl>
          {manage && (
            <div className="mt-6 border-t border-slate-100 pt-4">
              <UnitPersonForm slug={slug} unitId={unit.id} people={members.map((m) => ({ id: m.userId, label: `${m.name} (${m.email})` }))} />
            </div>
          )}
        </section>
        {manage && (
          <section aria-labelledby="add-team" className="rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="add-team" className="mb-3 text-base font-semibold">
              Add a team
            </h2>
            <AddUnitForm slug={slug} parentId={unit.id} label="Add team" />
          </section>
        )}
        {manage && (
          <section aria-labelledby="edit" className="rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="edit" className="mb-3 text-base font-semibold">
              Edit
            </h2>
            <EditUnitForm slug={slug} unit={unit} />
          </section>
        )}
        {manage && unit.parentId && (
          <section aria-labelledby="move-archive" className="space-y-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="move-archive" className="text-base font-semibold">
              Move or archive
            </h2>
            <MoveUnitForm
              slug={slug}
              unitId={unit.id}
              currentParentId={unit.parentId}
              parents={destinations.map((d) => ({ id: d.id, label: `${'— '.repeat(d.depth)}${d.name}` }))}
            />
            <ArchiveUnitButton slug={slug} unitId={unit.id} name={unit.name} />
          </section>
        )}
      </div>
    </div>
  );
}
