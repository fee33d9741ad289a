import type { Metadata } from 'next';
import Link from 'next/link';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { getDatabase } from '@/db';
import { newKpiFormValues } from '@/lib/kpis/view';
import { getOrgContext } from '@/lib/organizations/context';
import { loadKpiFormOptions } from '../_components/form-options';
import { KpiForm } from '../_components/kpi-form';

export const metadata: Metadata = { title: 'New KPI' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function NewKpiPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug } = await params;
  const query = await searchParams;
  const ctx = await getOrgContext(slug);
  if (!ctx.can('kpis.draft')) {
    return (
      <NotAllowed title="New KPI">
        Viewers cannot draft KPIs. Ask an owner or admin of {ctx.organization.name} for a member role.
      </NotAllowed>
    );
  }
  const db = await getDatabase();
  const options = await db.withTenant(ctx.organization.id, (tx) => loadKpiFormOptions(ctx, tx));
  if (options.units.length === 0) {
    return (
      <NotAllowed title="New KPI">
        You can draft KPIs for the units you belong to, and you belong to none yet. Ask the head of your department to add you to it.
      </NotAllowed>
    );
  }

  // Only presets the person may use: a unit they draft in, a goal of the organization.
  const unitParam = first(query.unit);
  const goalParam = first(query.goal);
  const goal = options.goals.find((g) => g.id === goalParam);
  const unitId = options.units.find((u) => u.id === (unitParam ?? goal?.unitId))?.id ?? (options.units.length === 1 ? options.units[0]!.id : undefined);
  const initial = newKpiFormValues({ unitId, goalId: goal?.id, ownerId: ctx.user.id });

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/${slug}/kpis`} className="hover:underline">
          KPIs
        </Link>
      </nav>
      <div>
        <h1 className="text-2xl font-semibold">New KPI</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          A KPI is a measure computed from metrics, tied to a goal, with a direction, a unit, a review frequency and an owner. It starts as
          a draft; set its targets on its page once it is saved.
        </p>
      </div>
      <KpiForm
        slug={slug}
        initial={initial}
        units={options.units}
        goalGroups={options.goalGroups}
        people={options.people}
        metrics={options.metrics}
        contributorOptions={options.contributorOptions}
        orgThresholds={ctx.organization.policy.statusThresholds}
      />
    </div>
  );
}
