import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { Badge } from '@/app/_components/ui/badge';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { getLatestCheckIns, type CheckInRow } from '@/lib/check-ins/queries';
import { getGoalProgress, getLatestKpiStatuses, type KpiStatus } from '@/lib/goals/progress';
import { getGoal, listGoals } from '@/lib/goals/queries';
import { listKpis, type KpiSummary } from '@/lib/kpis/queries';
import { getKpiStaleness, type KpiStaleness } from '@/lib/kpis/staleness-queries';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { formatDate, formatValue } from '@/lib/metrics/format';
import { getOrgContext } from '@/lib/organizations/context';
import { lastCompletedPeriod, periodLabel, type FiscalCalendar } from '@/lib/periods';
import { listMembers } from '@/lib/people/queries';
import { can } from '@/lib/permissions';
import { goalBalance, statusLabels, type Status } from '@/lib/scoring';
import { getUnitTree } from '@/lib/units/queries';
import { WatermelonBadge } from '../../kpis/_check-ins/watermelon-flag';
import { KpiOverdueBadge } from '../../_components/overdue-badge';
import { layerLabel } from '../../units/layer';
import { goalFormOptions } from '../_components/form-options';
import { EditGoalDialog } from '../_components/goal-forms';
import { GoalProgressBar } from '../_components/goal-progress';
import { GoalCard } from '../_components/goal-tree';

export const metadata: Metadata = { title: 'Goal' };

const statusTones: Record<Status, 'green' | 'amber' | 'red' | 'neutral'> = {
  on_track: 'green',
  at_risk: 'amber',
  off_track: 'red',
  no_data: 'neutral',
};

export default async function GoalPage({ params }: { params: Promise<{ org: string; goalId: string }> }) {
  const { org: slug, goalId } = await params;
  if (!z.uuid().safeParse(goalId).success) notFound();
  const ctx = await getOrgContext(slug);
  const today = ctx.today;
  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    const goal = await getGoal(tx, goalId);
    if (!goal) return null;
    const units = await getUnitTree(tx);
    const parents = new Map(units.map((u) => [u.id, u.parentId]));
    const [children, goalKpis] = await Promise.all([
      listGoals(tx, { parentGoalIds: [goal.id] }),
      listKpis(tx, { goalIds: [goal.id], states: ['draft', 'active'] }),
    ]);
    const kpis = goalKpis.filter((k) => canSeeKpi(ctx.actor, k, parents));
    const measured = [goal, ...children].filter((g) => g.outcomeKpi && canSeeKpi(ctx.actor, g.outcomeKpi, parents));
    const mayEdit = can(ctx.actor, 'goals.manage', { unitId: goal.unitId, parents });
    return {
      goal,
      children,
      kpis,
      progress: await getGoalProgress(tx, ctx.organization, measured, today),
      statuses: await getLatestKpiStatuses(tx, ctx.organization, kpis, today),
      checkIns: await getLatestCheckIns(tx, kpis.map((k) => ({ kpiId: k.id, periodKey: lastCompletedPeriod(k.frequency, today, ctx.organization).key }))),
      options: mayEdit
        ? goalFormOptions({
            actor: ctx.actor,
            units,
            parents,
            members: await listMembers(tx),
            goals: await listGoals(tx),
            kpis: await listKpis(tx, { states: ['draft', 'active', 'retired'] }),
            keepUnitId: goal.unitId,
            keepKpiId: goal.outcomeKpiId,
          })
        : null,
    };
  });
  if (!data) notFound();
  const { goal, children, kpis, progress, statuses, checkIns, options } = data;
  const staleness = await db.withTenant(ctx.organization.id, (tx) => getKpiStaleness(tx, ctx.organization, kpis.map((k) => k.id), today));
  const outcome = progress.get(goal.id);
  const balance = goalBalance(kpis);
  const leading = kpis.filter((k) => k.indicator === 'leading');
  const lagging = kpis.filter((k) => k.indicator === 'lagging');
  const editable = options && {
    id: goal.id,
    unitId: goal.unitId,
    title: goal.title,
    description: goal.description,
    ownerId: goal.ownerId,
    startDate: goal.startDate,
    dueDate: goal.dueDate,
    parentGoalId: goal.parentGoalId,
    outcomeKpiId: goal.outcomeKpiId,
    outcomeTarget: goal.outcomeTarget,
  };

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/${slug}/goals`} className="hover:underline">
          Goals
        </Link>
        {goal.parentGoalId && goal.parentTitle && (
          <>
            {' / '}
            <Link href={`/${slug}/goals/${goal.parentGoalId}`} className="hover:underline">
              {goal.parentTitle}
            </Link>
          </>
        )}
      </nav>

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">{goal.title}</h1>
          <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
            <div className="flex gap-1.5">
              <dt className="sr-only">Unit</dt>
              <dd>
                <Link href={`/${slug}/units/${goal.unitId}`} className="hover:underline">
                  {goal.unitName}
                </Link>{' '}
                <Badge tone={goal.unitKind === 'company' ? 'brand' : 'neutral'}>{layerLabel(goal.unitKind)}</Badge>
              </dd>
            </div>
            <div className="flex gap-1.5">
              <dt>Owner</dt>
              <dd className="text-ink">{goal.ownerName ?? <span className="text-amber-700">No owner yet</span>}</dd>
            </div>
            <div className="flex gap-1.5">
              <dt>Span</dt>
              <dd className="text-ink">
                {formatDate(goal.startDate)} – {formatDate(goal.dueDate)}
              </dd>
            </div>
          </dl>
        </div>
        {options && editable && <EditGoalDialog slug={slug} goal={editable} options={options} />}
      </div>

      {goal.description && <p className="max-w-3xl text-sm whitespace-pre-line text-slate-700">{goal.description}</p>}

      <section aria-labelledby="progress" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="progress" className="text-base font-semibold">
          Progress and pace
        </h2>
        {goal.outcomeKpi && outcome ? (
          <div className="mt-3 max-w-2xl space-y-3">
            <p className="text-sm text-slate-600">
              <Link href={`/${slug}/kpis/${goal.outcomeKpi.id}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                {goal.outcomeKpi.name}
              </Link>{' '}
              from {formatDate(goal.startDate)} to {formatDate(today < goal.dueDate ? today : goal.dueDate)}, against{' '}
              {formatValue(outcome.target, goal.outcomeKpi.unit, goal.outcomeKpi.currencyCode)} by {formatDate(goal.dueDate)}.
            </p>
            <GoalProgressBar progress={outcome} unit={goal.outcomeKpi.unit} currencyCode={goal.outcomeKpi.currencyCode} />
            <p className="text-xs text-slate-500">{paceExplanation(outcome.verdict, outcome.elapsedShare)}</p>
          </div>
        ) : goal.outcomeKpi ? (
          <p className="mt-2 text-sm text-slate-600">The outcome KPI is a draft you cannot see.</p>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            No outcome yet. {options ? 'Edit the goal' : 'The goal’s unit head can edit it'} to choose the KPI that shows the result and the value
            it should reach by the due date; the goal then shows every day whether it is on pace.
          </p>
        )}
      </section>

      <section aria-labelledby="kpis" className="space-y-3">
        <h2 id="kpis" className="text-base font-semibold">
          KPIs
        </h2>
        {!balance.ok && (
          <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            <strong className="font-semibold">Not balanced.</strong> {balance.message}. Leading KPIs (such as pipeline) predict the result;
            lagging KPIs (such as revenue) report it. You need both.
          </p>
        )}
        {kpis.length === 0 ? (
          <p className="text-sm text-slate-600">
            No KPIs are tied to this goal yet. When you define or edit a KPI, choose this goal so it counts towards it.{' '}
            <Link href={`/${slug}/kpis`} className="text-brand-700 hover:underline">
              Go to KPIs
            </Link>
          </p>
        ) : (
          <div className="grid gap-6 xl:grid-cols-2">
            <KpiTable title="Leading" hint="predict the result" slug={slug} kpis={leading} statuses={statuses} checkIns={checkIns} cal={ctx.organization} staleness={staleness} />
            <KpiTable title="Lagging" hint="report the result" slug={slug} kpis={lagging} statuses={statuses} checkIns={checkIns} cal={ctx.organization} staleness={staleness} />
          </div>
        )}
      </section>

      <section aria-labelledby="aligned" className="space-y-3">
        <h2 id="aligned" className="text-base font-semibold">
          Aligned goals
        </h2>
        {goal.parentGoalId && (
          <p className="text-sm text-slate-600">
            Aligned to{' '}
            <Link href={`/${slug}/goals/${goal.parentGoalId}`} className="font-medium text-brand-700 hover:underline">
              {goal.parentTitle}
            </Link>
            .
          </p>
        )}
        {children.length === 0 ? (
          <p className="text-sm text-slate-600">
            No goals are aligned to this one yet. Goals of the units below {goal.unitName} can align to it when they are created or edited.
          </p>
        ) : (
          <ul aria-label="Goals aligned to this one" className="space-y-3">
            {children.map((child) => (
              <li key={child.id}>
                <GoalCard slug={slug} goal={child} progress={progress.get(child.id)} today={today} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function paceExplanation(verdict: string, elapsedShare: number): string {
  const elapsed = `${Math.round(elapsedShare * 100)}% of the span has passed`;
  switch (verdict) {
    case 'not_started':
      return 'The goal has not started yet.';
    case 'no_data':
      return `${elapsed}, but the outcome KPI has no value yet: record its metrics to see the pace.`;
    case 'achieved':
      return 'The target is reached.';
    default:
      return elapsedShare >= 1
        ? 'The due date has passed without reaching the target.'
        : `${elapsed}; the tick marks where the KPI should be today to reach the target on time.`;
  }
}

function KpiTable({
  title,
  hint,
  slug,
  kpis,
  statuses,
  checkIns,
  cal,
  staleness,
}: {
  title: string;
  hint: string;
  slug: string;
  kpis: KpiSummary[];
  statuses: ReadonlyMap<string, KpiStatus>;
  checkIns: ReadonlyMap<string, CheckInRow>;
  cal: FiscalCalendar;
  staleness: ReadonlyMap<string, KpiStaleness>;
}) {
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-700">
        {title} <span className="font-normal text-slate-500">— {hint}</span>
      </h3>
      {kpis.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">None yet.</p>
      ) : (
        <Table caption={`${title} KPIs`}>
          <thead>
            <tr>
              <Th>KPI</Th>
              <Th>Owner</Th>
              <Th className="text-right">Last period</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {kpis.map((k) => {
              const s = statuses.get(k.id);
              return (
                <tr key={k.id}>
                  <Td>
                    <Link href={`/${slug}/kpis/${k.id}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                      {k.name}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      {k.unitName}
                      {k.state === 'draft' && ' · draft'}
                    </span>
                  </Td>
                  <Td>{k.ownerName ?? <span className="text-slate-500">No owner</span>}</Td>
                  <Td className="text-right whitespace-nowrap">
                    <span className="tabular-nums">{formatValue(s?.actual ?? null, k.unit, k.currencyCode)}</span>
                    {s && <span className="block text-xs text-slate-500">{periodLabel(s.period, cal)}</span>}
                  </Td>
                  <Td>
                    <Badge tone={statusTones[s?.status ?? 'no_data']}>{statusLabels[s?.status ?? 'no_data']}</Badge>{' '}
                    {s && <WatermelonBadge confidence={checkIns.get(`${k.id}|${s.period.key}`)?.confidence} status={s.status} />}
                    <KpiOverdueBadge staleness={staleness.get(k.id)} calendar={cal} className="ml-1.5" />
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
