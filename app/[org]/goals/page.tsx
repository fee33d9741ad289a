import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { Button } from '@/app/_components/ui/button';
import { getDatabase } from '@/db';
import { getGoalProgress } from '@/lib/goals/progress';
import { listGoals, listGoalTree } from '@/lib/goals/queries';
import { flattenGoalTree } from '@/lib/goals/tree';
import { listKpis } from '@/lib/kpis/queries';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { getOrgContext } from '@/lib/organizations/context';
import { listMembers } from '@/lib/people/queries';
import { getUnitTree } from '@/lib/units/queries';
import { subtreeIds } from '@/lib/units/tree';
import { goalFormOptions } from './_components/form-options';
import { NewGoalDialog } from './_components/goal-forms';
import { GoalTreeList } from './_components/goal-tree';

export const metadata: Metadata = { title: 'Goals' };

export default async function GoalsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ unit?: string | string[] }>;
}) {
  const { org: slug } = await params;
  const { unit: unitParam } = await searchParams;
  const ctx = await getOrgContext(slug);
  const mayManage = ctx.can('goals.manage');
  const today = ctx.today;
  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    const units = await getUnitTree(tx);
    const parents = new Map(units.map((u) => [u.id, u.parentId]));
    const requested = z.uuid().safeParse(unitParam);
    const filterUnit = requested.success ? units.find((u) => u.id === requested.data) : undefined;
    const tree = await listGoalTree(tx, filterUnit ? { unitIds: [...subtreeIds(filterUnit.id, units)] } : {});
    const flat = flattenGoalTree(tree);
    const measured = flat.filter((g) => g.outcomeKpi && canSeeKpi(ctx.actor, g.outcomeKpi, parents));
    const progress = await getGoalProgress(tx, ctx.organization, measured, today);
    const options = mayManage
      ? goalFormOptions({
          actor: ctx.actor,
          units,
          parents,
          members: await listMembers(tx),
          goals: await listGoals(tx),
          kpis: await listKpis(tx, { states: ['draft', 'active'] }),
        })
      : null;
    return { units, filterUnit, tree, count: flat.length, progress, options };
  });
  const { units, filterUnit, tree, progress, options } = data;
  const mayCreate = options !== null && options.units.length > 0;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Goals</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            The outcomes the organization is working towards, company goals first, with the department and team goals aligned to them.
          </p>
        </div>
        {mayCreate && <NewGoalDialog slug={slug} options={options} />}
      </div>

      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter goals">
        <div className="space-y-1.5">
          <label htmlFor="unit" className="block text-sm font-medium text-slate-800">
            Show goals of
          </label>
          <select
            id="unit"
            name="unit"
            defaultValue={filterUnit?.id ?? ''}
            className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-500"
          >
            <option value="">All units</option>
            {units
              .filter((u) => !u.archivedAt)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {`${'— '.repeat(u.depth)}${u.name}`}
                </option>
              ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Show
        </Button>
        {filterUnit && (
          <Link href={`/${slug}/goals`} className="px-2 py-2 text-sm text-brand-700 hover:underline">
            Show all
          </Link>
        )}
      </form>

      {tree.length > 0 ? (
        <section aria-labelledby="alignment">
          <h2 id="alignment" className="sr-only">
            Alignment tree{filterUnit ? ` for ${filterUnit.name}` : ''}
          </h2>
          {filterUnit && (
            <p className="mb-3 text-sm text-slate-600">
              Goals of {filterUnit.name} and the units below it. A goal aligned to a goal outside them starts at the top.
            </p>
          )}
          <GoalTreeList slug={slug} goals={tree} progress={progress} today={today} label="Goals by alignment" />
        </section>
      ) : (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-base font-semibold">{filterUnit ? `No goals in ${filterUnit.name} yet` : 'No goals yet'}</h2>
          <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">
            A goal is the desired outcome, time-bound: for example “2,000 new paying members by 31 December”. Start with the company’s few
            goals, then let each department and team set goals aligned to them. Give a goal an outcome KPI and a target to see every day
            whether it is on pace; then tie the KPIs that drive it to the goal.
          </p>
          <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">
            {mayCreate
              ? 'Create the first one with “New goal”.'
              : 'Owners, admins and the heads of departments and teams can create goals.'}
          </p>
        </div>
      )}
    </div>
  );
}
