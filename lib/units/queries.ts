import { and, asc, eq, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { orgUnits, unitMemberships } from '@/db/schema';
import type { UnitParents } from '@/lib/permissions';

/** The units this person heads. */
export async function listHeadedUnitIds(tx: TenantTx, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ unitId: unitMemberships.unitId })
    .from(unitMemberships)
    .where(
      and(eq(unitMemberships.organizationId, tx.organizationId), eq(unitMemberships.userId, userId), eq(unitMemberships.role, 'head')),
    );
  return rows.map((r) => r.unitId);
}

/** Every unit's parent (archived units included: they keep their place in history). */
export async function getUnitParents(tx: TenantTx): Promise<UnitParents> {
  const rows = await tx
    .select({ id: orgUnits.id, parentId: orgUnits.parentId })
    .from(orgUnits)
    .where(eq(orgUnits.organizationId, tx.organizationId));
  return new Map(rows.map((r) => [r.id, r.parentId]));
}

export async function getCompanyUnit(tx: TenantTx) {
  const [company] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.organizationId, tx.organizationId), isNull(orgUnits.parentId)))
    .orderBy(asc(orgUnits.createdAt))
    .limit(1);
  if (!company) throw new Error(`Organization ${tx.organizationId} has no company unit`);
  return company;
}
