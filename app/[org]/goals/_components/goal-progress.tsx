import { Badge } from '@/app/_components/ui/badge';
import type { GoalProgress } from '@/lib/goals/progress';
import { formatValue } from '@/lib/metrics/format';
import type { MeasureUnit } from '@/lib/metrics/schemas';
import type { PaceVerdict } from '@/lib/scoring';

const verdicts: Record<PaceVerdict, { label: string; tone: 'green' | 'amber' | 'red' | 'neutral' | 'brand' }> = {
  ahead: { label: 'Ahead', tone: 'green' },
  on_pace: { label: 'On pace', tone: 'green' },
  behind: { label: 'Behind', tone: 'red' },
  achieved: { label: 'Achieved', tone: 'brand' },
  not_started: { label: 'Not started', tone: 'neutral' },
  no_data: { label: 'No data', tone: 'neutral' },
};

export function PaceBadge({ verdict }: { verdict: PaceVerdict }) {
  const { label, tone } = verdicts[verdict];
  return <Badge tone={tone}>{label}</Badge>;
}

const share = (value: number | null, target: number) =>
  value === null || target === 0 || !Number.isFinite(value / target) ? 0 : Math.min(Math.max(value / target, 0), 1) * 100;

const barColor: Record<PaceVerdict, string> = {
  ahead: 'bg-emerald-500',
  on_pace: 'bg-emerald-500',
  achieved: 'bg-brand-500',
  behind: 'bg-red-500',
  not_started: 'bg-slate-400',
  no_data: 'bg-slate-400',
};

/**
 * The outcome's actual against its target, with a tick where the actual
 * should be today. `compact` is the one-line form for the alignment tree;
 * the full form spells out the pace.
 */
export function GoalProgressBar({
  progress,
  unit,
  currencyCode,
  compact = false,
}: {
  progress: GoalProgress;
  unit: MeasureUnit;
  currencyCode: string | null;
  compact?: boolean;
}) {
  const fmt = (value: number | null) => formatValue(value, unit, currencyCode);
  const ofTarget = `${fmt(progress.actual)} of ${fmt(progress.target)}`;
  const showPace = progress.verdict !== 'not_started' && progress.verdict !== 'no_data' && progress.elapsedShare < 1;
  // "pace 1,802.74" for a whole-number target reads as false precision.
  const expected = Number.isInteger(progress.target) ? Math.round(progress.expected) : progress.expected;
  const shown = compact || !showPace ? ofTarget : `${ofTarget} — pace ${fmt(expected)} —`;
  const text = `${shown}${shown === ofTarget ? ',' : ''} ${verdicts[progress.verdict].label.toLowerCase()}`;
  return (
    <div className={compact ? 'flex min-w-0 items-center gap-2' : 'space-y-2'}>
      <div
        role="progressbar"
        aria-label={compact ? 'Outcome progress' : 'Progress towards the target'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share(progress.actual, progress.target))}
        aria-valuetext={text}
        className={`relative shrink-0 rounded-full bg-slate-200 ${compact ? 'h-1.5 w-24' : 'h-3 w-full'}`}
      >
        <div className={`h-full rounded-full ${barColor[progress.verdict]}`} style={{ width: `${share(progress.actual, progress.target)}%` }} />
        {showPace && (
          <div
            aria-hidden
            title={`Pace today: ${fmt(expected)}`}
            className={`absolute -translate-x-1/2 rounded-sm bg-ink ${compact ? '-top-0.5 h-2.5 w-0.5' : '-top-1 h-5 w-0.5'}`}
            style={{ left: `${share(progress.expected, progress.target)}%` }}
          />
        )}
      </div>
      <p className={`flex flex-wrap items-center gap-2 tabular-nums ${compact ? 'text-xs text-slate-600' : 'text-sm text-slate-700'}`}>
        <span>{shown}</span>
        <PaceBadge verdict={progress.verdict} />
      </p>
    </div>
  );
}
