import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { getDatabase } from '@/db';
import { ExpectedError } from '@/lib/errors';
import { getKpiDetail } from '@/lib/kpis/queries';
import { kpiFormValuesOf } from '@/lib/kpis/view';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { getOrgContext } from '@/lib/organizations/context';
import { can } from '@/lib/permissions';
import { loadKpiFormOptions } from '../../_components/form-options';
import { KpiForm } from '../../_components/kpi-form';

export const metadata: Metadata = { title: 'Edit KPI' };

export default async function EditKpiPage({ params }: { params: Promise<{ org: string; kpiId: string }> }) {
  const { org: slug, kpiId } = await params;
  if (!z.uuid().safeParse(kpiId).success) notFound();
  const ctx = await getOrgContext(slug);
  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    let kpi;
    try {
      kpi = await getKpiDetail(tx, kpiId);
    } catch (error) {
      if (error instanceof ExpectedError && error.code === 'not_found') return null;
      throw error;
    }
    const options = await loadKpiFormOptions(ctx, tx, { excludeKpiId: kpiId });
    if (!canSeeKpi(ctx.actor, kpi, options.parents)) return null;
    return { kpi, options };
  });
  if (!data) notFound();
  const { kpi, options } = data;
  const back = (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
      <Link href={`/${slug}/kpis`} className="hover:underline">
        KPIs
      </Link>
      {' / '}
      <Link href={`/${slug}/kpis/${kpi.id}`} className="hover:underline">
        {kpi.name}
      </Link>
    </nav>
  );
  if (kpi.state !== 'draft') {
    return (
      <div className="space-y-4">
        {back}
        <NotAllowed title={`Edit ${kpi.name}`}>
          {kpi.name} is {kpi.state}: its definition changes only through an approved proposal (coming with the approval workflow).
        </NotAllowed>
      </div>
    );
  }
  if (!can(ctx.actor, 'kpis.draft', { unitId: kpi.unitId, parents: options.parents })) {
    return (
      <div className="space-y-4">
        {back}
        <NotAllowed title={`Edit ${kpi.name}`}>
          Only the heads and members of {kpi.unitName} (and owners and admins) can edit its draft KPIs.
        </NotAllowed>
      </div>
    );
  }
  // A draft may have moved out of the units the editor drafts in; keep its own unit selectable.
  const units = options.units.some((u) => u.id === kpi.unitId) ? options.units : [{ id: kpi.unitId, label: kpi.unitName }, ...options.units];
  return (
    <div className="space-y-6">
      {back}
      <div>
        <h1 className="text-2xl font-semibold">Edit {kpi.name}</h1>
        <p className="mt-1 text-sm text-slate-600">A draft can change freely until it is proposed for approval.</p>
      </div>
      <KpiForm
        slug={slug}
        initial={kpiFormValuesOf(kpi)}
        units={units}
        goalGroups={options.goalGroups}
        people={options.people}
        metrics={options.metrics}
        contributorOptions={options.contributorOptions}
        orgThresholds={ctx.organization.policy.statusThresholds}
        editing={{ kpiId: kpi.id, version: kpi.version }}
      />
    </div>
  );
}
