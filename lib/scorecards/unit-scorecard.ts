import type { TenantTx } from '@/db';
import type { Status, Target } from '@/lib/scoring';
import {
  getOrgScorecard,
  type ScorecardOptions,
  type ScorecardOrganization,
  type ScorecardPoint,
  type ScorecardRollup,
  type ScorecardUnit,
} from './org-scorecard';

export type { ScorecardOptions, ScorecardOrganization, ScorecardPoint, ScorecardRollup, ScorecardUnit } from './org-scorecard';

export type ScorecardKpi = {
  id: string;
  name: string;
  weight: number;
  actual: number | null;
  target: Target | null;
  score: number | null;
  status: Status;
  /** A metric it uses, directly or through the KPIs it rolls up from, is overdue (lib/kpis/staleness-queries). */
  stale: boolean;
  /** The trailing periods, oldest first, ending with the scorecard's period. */
  trend: Omit<ScorecardPoint, 'counted'>[];
};
type Rollup = Pick<ScorecardRollup, 'score' | 'status' | 'coverage'>;
export type UnitScorecard = Rollup & {
  unit: ScorecardUnit;
  period: string;
  kpis: ScorecardKpi[];
  children: (Rollup & { unit: ScorecardUnit })[];
};

/**
 * A unit's scorecard for a period (product.md §3): its own active KPIs with
 * actual, target, score, status, staleness and a trend; its active child
 * units rolled up, and the unit's own roll-up. A view over the organization
 * scorecard engine (./org-scorecard), so the same constant number of queries.
 * Returns null for a unit that is not this organization's.
 */
export async function getUnitScorecard(
  tx: TenantTx,
  organization: ScorecardOrganization,
  options: ScorecardOptions,
): Promise<UnitScorecard | null> {
  const card = await getOrgScorecard(tx, organization, options);
  if (!card) return null;
  const [root, ...below] = card.units;
  return {
    unit: card.unit,
    period: card.period,
    score: root!.score,
    status: root!.status,
    coverage: root!.coverage,
    kpis: card.kpis
      .filter((k) => k.unitId === card.unit.id)
      .map((k) => ({
        id: k.id,
        name: k.name,
        weight: k.weight,
        actual: k.actual,
        target: k.target,
        score: k.score,
        status: k.status,
        stale: k.stale,
        trend: k.trend.map((t) => ({ period: t.period, actual: t.actual, target: t.target, score: t.score })),
      })),
    children: below
      .filter((u) => u.parentId === card.unit.id)
      .map((u) => ({ unit: u.unit, score: u.score, status: u.status, coverage: u.coverage })),
  };
}
