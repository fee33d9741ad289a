import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { kpis, metrics, orgUnits } from '@/db/schema';

/**
 * KPIs and metrics with no owner — most often because their owner left or was
 * removed (the keys SET NULL) — for the heads to hand to someone. Two queries.
 */
export async function listUnowned(tx: TenantTx) {
  const [unownedKpis, unownedMetrics] = await Promise.all([
    tx
      .select({ id: kpis.id, name: kpis.name, unitName: orgUnits.name, state: kpis.state })
      .from(kpis)
      .innerJoin(orgUnits, and(eq(orgUnits.organizationId, kpis.organizationId), eq(orgUnits.id, kpis.unitId)))
      .where(and(eq(kpis.organizationId, tx.organizationId), isNull(kpis.ownerId), ne(kpis.state, 'retired')))
      .orderBy(asc(kpis.name)),
    tx
      .select({ id: metrics.id, name: metrics.name, key: metrics.key })
      .from(metrics)
      .where(and(eq(metrics.organizationId, tx.organizationId), isNull(metrics.ownerId)))
      .orderBy(asc(metrics.name)),
  ]);
  return { kpis: unownedKpis, metrics: unownedMetrics };
}
