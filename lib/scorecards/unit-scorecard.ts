import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { orgUnits } from '@/db/schema';
import { groupBy } from '@/lib/collections';
import { listKpis } from '@/lib/kpis/queries';
import { getKpiResults, type DateRange } from '@/lib/kpis/results';
import { getKpiStaleness } from '@/lib/kpis/staleness-queries';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import { lastCompletedPeriod, shiftPeriod, todayIso, type FiscalCalendar, type IsoDate, type Period } from '@/lib/periods';
import { coverage, statusOf, unitScore, type Status, type Target } from '@/lib/scoring';

export type ScorecardUnit = { id: string; name: string; kind: 'company' | 'department' | 'team' };
export type ScorecardPoint = { period: string; actual: number | null; target: Target | null; score: number | null };
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
  trend: ScorecardPoint[];
};
export type ScorecardRollup = { score: number | null; status: Status; coverage: number | null };
export type UnitScorecard = ScorecardRollup & {
  unit: ScorecardUnit;
  period: string;
  kpis: ScorecardKpi[];
  children: (ScorecardRollup & { unit: ScorecardUnit })[];
};

export type ScorecardOrganization = FiscalCalendar & { policy: OrganizationPolicy };
export type ScorecardOptions = {
  /** Without it, the company unit. */
  unitId?: string;
  /** Without it, the last completed month. */
  period?: Period;
  today?: IsoDate;
  trendLength?: number;
};

/**
 * A unit's scorecard for a period (product.md §3): its own active KPIs with
 * actual, target, score, status, staleness and a trend; its active child
 * units rolled up (score = Σ w·s / Σ w over own KPIs and child units with a
 * score, coverage = share of active KPIs in the subtree with data), and the
 * unit's own roll-up. A fixed number of queries whatever the size of the tree.
 * Returns null for a unit that is not this organization's.
 */
export async function getUnitScorecard(
  tx: TenantTx,
  organization: ScorecardOrganization,
  options: ScorecardOptions = {},
): Promise<UnitScorecard | null> {
  const today = options.today ?? todayIso();
  const period = options.period ?? lastCompletedPeriod('month', today, organization);
  const trendLength = options.trendLength ?? 12;
  const [units, activeKpis] = await Promise.all([
    tx
      .select({ id: orgUnits.id, parentId: orgUnits.parentId, kind: orgUnits.kind, name: orgUnits.name, weight: orgUnits.weight, archivedAt: orgUnits.archivedAt })
      .from(orgUnits)
      .where(eq(orgUnits.organizationId, tx.organizationId)),
    listKpis(tx, { states: ['active'] }),
  ]);
  const unit = options.unitId ? units.find((u) => u.id === options.unitId) : units.find((u) => u.parentId === null);
  if (!unit) return null;

  const childrenOf = groupBy(
    units.filter((u) => !u.archivedAt),
    (u) => u.parentId ?? '',
  );
  const kpisOf = groupBy(activeKpis, (k) => k.unitId);
  const subtree: string[] = [];
  const walk = (id: string) => {
    subtree.push(id);
    for (const child of childrenOf.get(id) ?? []) walk(child.id);
  };
  walk(unit.id);

  const own = kpisOf.get(unit.id) ?? [];
  const trend: DateRange[] = Array.from({ length: trendLength }, (_, i) => shiftPeriod(period, i - trendLength + 1, organization));
  const current: DateRange[] = [period];
  const requests = subtree.flatMap((unitId) =>
    (kpisOf.get(unitId) ?? []).map((k) => ({ kpiId: k.id, ranges: unitId === unit.id ? trend : current })),
  );
  const ownIds = own.map((k) => k.id);
  const [results, staleness] = await Promise.all([
    getKpiResults(tx, organization, requests),
    getKpiStaleness(tx, organization, ownIds, today),
  ]);
  const resultOf = (kpiId: string, key: string) => results.get(kpiId)?.get(key);

  const rollup = (unitId: string): ScorecardRollup & { subtreeKpis: { hasData: boolean }[] } => {
    const kpis = (kpisOf.get(unitId) ?? []).map((k) => ({ score: resultOf(k.id, period.key)?.score ?? null, weight: k.weight, hasData: resultOf(k.id, period.key)?.actual != null }));
    const children = (childrenOf.get(unitId) ?? []).map((c) => ({ ...rollup(c.id), weight: c.weight }));
    const score = unitScore(kpis, children);
    const subtreeKpis = [...kpis, ...children.flatMap((c) => c.subtreeKpis)];
    return { score, status: statusOf(score, organization.policy.statusThresholds), coverage: coverage(subtreeKpis), subtreeKpis };
  };
  const mine = rollup(unit.id);

  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    period: period.key,
    score: mine.score,
    status: mine.status,
    coverage: mine.coverage,
    kpis: own.map((k) => {
      const now = resultOf(k.id, period.key);
      return {
        id: k.id,
        name: k.name,
        weight: k.weight,
        actual: now?.actual ?? null,
        target: now?.target ?? null,
        score: now?.score ?? null,
        status: now?.status ?? 'no_data',
        stale: staleness.get(k.id)?.overdue ?? false,
        trend: trend.map((p) => {
          const r = resultOf(k.id, p.key);
          return { period: p.key, actual: r?.actual ?? null, target: r?.target ?? null, score: r?.score ?? null };
        }),
      };
    }),
    children: (childrenOf.get(unit.id) ?? []).map((child) => {
      const { score, status, coverage: share } = rollup(child.id);
      return { unit: { id: child.id, name: child.name, kind: child.kind }, score, status, coverage: share };
    }),
  };
}
