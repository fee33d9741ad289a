import type { TenantTx } from '@/db';
import { getKpiResults } from '@/lib/kpis/results';
import type { ResultsOrganization } from '@/lib/results/load';
import { readLatestResults } from '@/lib/results/store';
import type { Period, PeriodKind } from '@/lib/periods';
import { goalPace, type PaceVerdict, type Status } from '@/lib/scoring';

export type GoalProgress = {
  target: number;
  /** The outcome KPI's actual from the start date to today (or the due date, once past). */
  actual: number | null;
  /** Where the actual should be today to reach the target on time. */
  expected: number;
  elapsedShare: number;
  progress: number | null;
  verdict: PaceVerdict;
};

type GoalWithOutcome = {
  id: string;
  startDate: string;
  dueDate: string;
  outcomeTarget: number | null;
  outcomeKpi: { id: string; direction: 'up' | 'down' | 'within' } | null;
};

/**
 * Progress and pace of every goal that has an outcome, in one batch of KPI
 * results (a fixed number of queries whatever the number of goals). Pass only
 * goals whose outcome KPI the viewer may see.
 */
export async function getGoalProgress(
  tx: TenantTx,
  organization: ResultsOrganization,
  goals: readonly GoalWithOutcome[],
  today: string,
): Promise<Map<string, GoalProgress>> {
  const measured = goals.filter((g) => g.outcomeKpi && g.outcomeTarget !== null);
  // Each goal is its own range (keyed by its id): two goals may share a KPI over different spans.
  const requests = new Map<string, { key: string; start: string; end: string }[]>();
  for (const goal of measured) {
    if (today < goal.startDate) continue;
    const end = today < goal.dueDate ? today : goal.dueDate;
    const kpiId = goal.outcomeKpi!.id;
    requests.set(kpiId, [...(requests.get(kpiId) ?? []), { key: goal.id, start: goal.startDate, end }]);
  }
  const results = await getKpiResults(
    tx,
    organization,
    [...requests].map(([kpiId, ranges]) => ({ kpiId, ranges })),
    today,
  );
  const progress = new Map<string, GoalProgress>();
  for (const goal of measured) {
    const target = goal.outcomeTarget!;
    const actual = results.get(goal.outcomeKpi!.id)?.get(goal.id)?.actual ?? null;
    const pace = goalPace({
      target,
      actual,
      start: goal.startDate,
      due: goal.dueDate,
      today,
      // Pace is a cumulative climb or a budget; a band has neither, so it reads as a climb.
      direction: goal.outcomeKpi!.direction === 'down' ? 'down' : 'up',
    });
    progress.set(goal.id, { target, actual, ...pace });
  }
  return progress;
}

export type KpiStatus = { period: Period; actual: number | null; status: Status };

/** Each KPI's status for its last completed period (by its own frequency), from the results store. */
export async function getLatestKpiStatuses(
  tx: TenantTx,
  organization: ResultsOrganization,
  kpis: readonly { id: string; frequency: PeriodKind }[],
  today: string,
): Promise<Map<string, KpiStatus>> {
  const latest = await readLatestResults(tx, organization, kpis, today);
  return new Map([...latest].map(([kpiId, { period, result }]) => [kpiId, { period, actual: result.actual, status: result.status }]));
}
