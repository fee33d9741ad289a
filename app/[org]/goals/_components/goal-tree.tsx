import Link from 'next/link';
import { Badge } from '@/app/_components/ui/badge';
import type { GoalProgress } from '@/lib/goals/progress';
import type { GoalRow, GoalTree } from '@/lib/goals/queries';
import { formatDate } from '@/lib/metrics/format';
import { layerLabel } from '../../units/layer';
import { GoalProgressBar } from './goal-progress';

type Props = {
  slug: string;
  goals: GoalTree;
  progress: ReadonlyMap<string, GoalProgress>;
  /** Due dates before this are overdue (unless achieved). */
  today: string;
};

/** The alignment tree as nested lists: each goal, then the goals aligned to it. */
export function GoalTreeList({ slug, goals, progress, today, label }: Props & { label?: string }) {
  return (
    <ul aria-label={label} className={label ? 'space-y-3' : 'mt-3 space-y-3 border-l border-slate-200 pl-4 sm:pl-6'}>
      {goals.map((goal) => (
        <li key={goal.id}>
          <GoalCard slug={slug} goal={goal} progress={progress.get(goal.id)} today={today} />
          {goal.children.length > 0 && <GoalTreeList slug={slug} goals={goal.children} progress={progress} today={today} />}
        </li>
      ))}
    </ul>
  );
}

export function GoalCard({ slug, goal, progress, today }: { slug: string; goal: GoalRow; progress?: GoalProgress; today: string }) {
  const overdue = goal.dueDate < today && progress?.verdict !== 'achieved';
  return (
    <article className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 className="text-sm font-semibold">
          <Link href={`/${slug}/goals/${goal.id}`} className="text-ink hover:text-brand-700 hover:underline">
            {goal.title}
          </Link>
        </h3>
        <Badge tone={goal.unitKind === 'company' ? 'brand' : 'neutral'}>
          <span className="sr-only">{layerLabel(goal.unitKind)}: </span>
          {goal.unitName}
        </Badge>
      </div>
      <div className="mt-1.5 flex flex-wrap items-center gap-x-4 gap-y-1.5 text-xs text-slate-600">
        <span>{goal.ownerName ?? <span className="text-amber-700">No owner</span>}</span>
        <span className={overdue ? 'text-red-700' : undefined}>
          Due {formatDate(goal.dueDate)}
          {overdue && ' (past due)'}
        </span>
        {progress && goal.outcomeKpi && (
          <GoalProgressBar progress={progress} unit={goal.outcomeKpi.unit} currencyCode={goal.outcomeKpi.currencyCode} compact />
        )}
      </div>
    </article>
  );
}
