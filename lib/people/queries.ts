import { and, asc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { groupBy } from '@/lib/collections';
import { memberships, orgUnits, unitMemberships, users } from '@/db/schema';

/** Everyone in the organization with their role, units and last activity: two queries. */
export async function listMembers(tx: TenantTx) {
  const [people, units] = await Promise.all([
    tx
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
        lastActiveAt: memberships.lastActiveAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, tx.organizationId))
      .orderBy(asc(users.name)),
    tx
      .select({ userId: unitMemberships.userId, unitId: orgUnits.id, unitName: orgUnits.name, role: unitMemberships.role })
      .from(unitMemberships)
      .innerJoin(orgUnits, and(eq(orgUnits.organizationId, unitMemberships.organizationId), eq(orgUnits.id, unitMemberships.unitId)))
      .where(eq(unitMemberships.organizationId, tx.organizationId))
      .orderBy(asc(orgUnits.name)),
  ]);
  const unitsByUser = groupBy(units, (u) => u.userId);
  return people.map((p) => ({ ...p, units: unitsByUser.get(p.userId) ?? [] }));
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];
