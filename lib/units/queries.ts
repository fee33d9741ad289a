import { and, asc, eq, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { groupBy } from '@/lib/collections';
import { orgUnits, unitMemberships, users } from '@/db/schema';
import type { UnitParents } from '@/lib/permissions';
import { flattenTree } from './tree';

/** The units this person heads. */
/** The units a person heads and the units they belong to in any role (heads included). */
export async function getUnitRolesOf(tx: TenantTx, userId: string): Promise<{ headOf: string[]; memberOf: string[] }> {
  const rows = await tx
    .select({ unitId: unitMemberships.unitId, role: unitMemberships.role })
    .from(unitMemberships)
    .where(and(eq(unitMemberships.organizationId, tx.organizationId), eq(unitMemberships.userId, userId)));
  return { headOf: rows.filter((r) => r.role === 'head').map((r) => r.unitId), memberOf: rows.map((r) => r.unitId) };
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

export type UnitTreeRow = Awaited<ReturnType<typeof getUnitTree>>[number];

/** Every unit with its heads and members, in two queries whatever the size of the organization. */
export async function getUnitTree(tx: TenantTx) {
  const [units, people] = await Promise.all([
    tx
      .select({
        id: orgUnits.id,
        parentId: orgUnits.parentId,
        kind: orgUnits.kind,
        name: orgUnits.name,
        weight: orgUnits.weight,
        archivedAt: orgUnits.archivedAt,
      })
      .from(orgUnits)
      .where(eq(orgUnits.organizationId, tx.organizationId)),
    tx
      .select({ unitId: unitMemberships.unitId, userId: users.id, name: users.name, role: unitMemberships.role })
      .from(unitMemberships)
      .innerJoin(users, eq(users.id, unitMemberships.userId))
      .where(eq(unitMemberships.organizationId, tx.organizationId))
      .orderBy(asc(users.name)),
  ]);
  const byUnit = groupBy(people, (p) => p.unitId);
  return flattenTree(units).map((u) => ({
    ...u,
    heads: (byUnit.get(u.id) ?? []).filter((p) => p.role === 'head'),
    members: (byUnit.get(u.id) ?? []).filter((p) => p.role === 'member'),
  }));
}
