import { and, eq, exists, inArray, isNull, ne, or } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { kpiProposals, kpis, metrics } from '@/db/schema';
import { formulaReferences, safeParseFormula } from '@/lib/formula';

/**
 * How many KPIs already count against the vital-few limit a proposal would
 * join: the unit's active KPIs and those with a proposal in review (a team's
 * limit is per goal, so only the same goal's), not counting the proposal's
 * own KPI. The same rule as checkVitalFew, so what the page shows is what
 * submitting enforces. One query.
 */
export async function countVitalFew(
  tx: TenantTx,
  input: { kpiId: string; unitId: string; goalId: string | null; layer: 'company' | 'department' | 'team' },
): Promise<number> {
  const org = tx.organizationId;
  const inReview = tx
    .select({ kpiId: kpiProposals.kpiId })
    .from(kpiProposals)
    .where(and(eq(kpiProposals.organizationId, org), eq(kpiProposals.kpiId, kpis.id), eq(kpiProposals.state, 'in_review')));
  const rows = await tx
    .select({ id: kpis.id })
    .from(kpis)
    .where(
      and(
        eq(kpis.organizationId, org),
        eq(kpis.unitId, input.unitId),
        ne(kpis.id, input.kpiId),
        // A team's KPIs without a goal form one group of their own.
        input.layer !== 'team' ? undefined : input.goalId === null ? isNull(kpis.goalId) : eq(kpis.goalId, input.goalId),
        or(eq(kpis.state, 'active'), exists(inReview)),
      ),
    );
  return rows.length;
}

/**
 * The metric keys a formula references that exist in this organization, so
 * the quality checks can tell a formula over unknown metrics from a valid
 * one. At most one query: none when there is no formula or it does not parse.
 */
export async function listKnownMetricKeys(tx: TenantTx, formula: string | null): Promise<Set<string>> {
  const parsed = formula ? safeParseFormula(formula) : null;
  const keys = parsed?.ok ? [...new Set(formulaReferences(parsed.ast))] : [];
  if (keys.length === 0) return new Set();
  const rows = await tx
    .select({ key: metrics.key })
    .from(metrics)
    .where(and(eq(metrics.organizationId, tx.organizationId), inArray(metrics.key, keys)));
  return new Set(rows.map((r) => r.key));
}
