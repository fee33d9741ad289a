import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { kpis, memberships, orgUnits, unitMemberships, users } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import { canAnywhere, isWithinSubtree } from '@/lib/permissions';
import { getUnitParents } from './queries';
import { kindUnder, subtreeIds } from './tree';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit'>;

const notFound = () => new ExpectedError('This unit does not exist (or no longer does).', undefined, 'not_found');

async function getUnit(tx: TenantTx, unitId: string) {
  const [unit] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.organizationId, tx.organizationId), eq(orgUnits.id, unitId)));
  if (!unit) throw notFound();
  return unit;
}

async function assertNameFree(tx: TenantTx, parentId: string, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.organizationId, tx.organizationId),
        eq(orgUnits.parentId, parentId),
        isNull(orgUnits.archivedAt),
        sql`lower(${orgUnits.name}) = lower(${name})`,
        exceptId ? sql`${orgUnits.id} <> ${exceptId}` : undefined,
      ),
    );
  if (clash) throw new ExpectedError('Another unit here already has this name.', { name: ['Another unit here already has this name'] });
}

/** A department under the company, or a team (or sub-team) under a department or team. */
export async function createUnit({ tx, audit }: Ctx, input: { parentId: string; name: string }) {
  const parent = await getUnit(tx, input.parentId);
  if (parent.archivedAt) throw new ExpectedError('Units cannot be added under an archived unit.', { parentId: ['This unit is archived'] });
  await assertNameFree(tx, parent.id, input.name);
  const [unit] = await tx
    .insert(orgUnits)
    .values({ organizationId: tx.organizationId, parentId: parent.id, kind: kindUnder(parent), name: input.name })
    .returning();
  audit({ action: 'unit.create', entityType: 'org_unit', entityId: unit!.id, unitId: unit!.id, after: pick(unit!) });
  return unit!;
}

export async function updateUnit({ tx, audit }: Ctx, input: { unitId: string; name: string; weight: number }) {
  const before = await getUnit(tx, input.unitId);
  if (before.parentId) await assertNameFree(tx, before.parentId, input.name, before.id);
  const [after] = await tx
    .update(orgUnits)
    .set({ name: input.name, weight: input.weight })
    .where(and(eq(orgUnits.organizationId, tx.organizationId), eq(orgUnits.id, input.unitId)))
    .returning();
  audit({ action: 'unit.update', entityType: 'org_unit', entityId: before.id, unitId: before.id, before: pick(before), after: pick(after!) });
  return after!;
}

/**
 * Moves a unit (with everything below it) under another parent. Never under
 * itself or its own descendants; a head may move only within their subtree.
 */
export async function moveUnit({ tx, actor, audit }: Ctx, input: { unitId: string; parentId: string }) {
  const unit = await getUnit(tx, input.unitId);
  const parent = await getUnit(tx, input.parentId);
  if (!unit.parentId) throw new ExpectedError('The company unit is the root and cannot move.', { unitId: ['The company cannot move'] });
  const units = await tx
    .select({ id: orgUnits.id, parentId: orgUnits.parentId, kind: orgUnits.kind })
    .from(orgUnits)
    .where(eq(orgUnits.organizationId, tx.organizationId));
  if (subtreeIds(unit.id, units).has(parent.id)) {
    throw new ExpectedError(`${unit.name} cannot move under itself or one of its own teams.`, {
      parentId: ['Choose a unit outside the one you are moving'],
    });
  }
  if (parent.archivedAt) throw new ExpectedError('Units cannot move under an archived unit.', { parentId: ['This unit is archived'] });
  if (!canAnywhere(actor.role, 'units.manage') && !isWithinSubtree(parent.id, actor.headOf, await getUnitParents(tx))) {
    throw new ExpectedError('You can move units only within the units you head.', { parentId: ['Outside the units you head'] }, 'forbidden');
  }
  await assertNameFree(tx, parent.id, unit.name, unit.id);
  const kind = kindUnder(parent);
  const [after] = await tx
    .update(orgUnits)
    .set({ parentId: parent.id, kind })
    .where(and(eq(orgUnits.organizationId, tx.organizationId), eq(orgUnits.id, unit.id)))
    .returning();
  // A department moved under another department becomes a team, and so do all its units.
  if (kind === 'team') {
    const below = [...subtreeIds(unit.id, units)].filter((id) => id !== unit.id);
    if (below.length > 0) {
      await tx
        .update(orgUnits)
        .set({ kind: 'team' })
        .where(and(eq(orgUnits.organizationId, tx.organizationId), inArray(orgUnits.id, below)));
    }
  }
  audit({ action: 'unit.move', entityType: 'org_unit', entityId: unit.id, unitId: unit.id, before: pick(unit), after: pick(after!) });
  return after!;
}

/** Archives a unit that no longer has active units below it; the refusal names what must move first. */
export async function archiveUnit({ tx, audit }: Ctx, input: { unitId: string }) {
  const unit = await getUnit(tx, input.unitId);
  if (!unit.parentId) throw new ExpectedError('The company unit cannot be archived.');
  if (unit.archivedAt) return unit;
  const children = await tx
    .select({ name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.organizationId, tx.organizationId), eq(orgUnits.parentId, unit.id), isNull(orgUnits.archivedAt)));
  if (children.length > 0) {
    throw new ExpectedError(
      `Move or archive ${children.map((c) => c.name).join(', ')} first: ${unit.name} still has active units below it.`,
      undefined,
      'conflict',
    );
  }
  const liveKpis = await tx
    .select({ name: kpis.name })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.unitId, unit.id), ne(kpis.state, 'retired')));
  if (liveKpis.length > 0) {
    throw new ExpectedError(
      `Move or retire ${liveKpis.map((k) => k.name).join(', ')} first: ${unit.name} still has KPIs.`,
      undefined,
      'conflict',
    );
  }
  const [after] = await tx
    .update(orgUnits)
    .set({ archivedAt: sql`now()` })
    .where(and(eq(orgUnits.organizationId, tx.organizationId), eq(orgUnits.id, unit.id)))
    .returning();
  audit({ action: 'unit.archive', entityType: 'org_unit', entityId: unit.id, unitId: unit.id, before: pick(unit), after: pick(after!) });
  return after!;
}

/**
 * Makes someone a head or a member of a unit, or takes them off it. Viewers
 * may belong to a unit but never head one: a head row is a write grant, and
 * viewers only read (product.md §2).
 */
export async function setUnitPerson({ tx, audit }: Ctx, input: { unitId: string; userId: string; role: 'head' | 'member' | 'none' }) {
  const unit = await getUnit(tx, input.unitId);
  const [member] = await tx
    .select({ userId: memberships.userId, role: memberships.role, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, tx.organizationId), eq(memberships.userId, input.userId)));
  if (!member) throw new ExpectedError('This person is not a member of the organization.', { userId: ['Not a member'] }, 'not_found');
  if (input.role === 'head' && member.role === 'viewer') {
    throw new ExpectedError(`${member.name} is a viewer, and viewers cannot head a unit: they only read.`, {
      role: [`A viewer cannot head ${unit.name}. Make ${member.name} a member of the organization first (on the People page), or add them as a member of the unit.`],
    });
  }
  const where = and(
    eq(unitMemberships.organizationId, tx.organizationId),
    eq(unitMemberships.unitId, unit.id),
    eq(unitMemberships.userId, input.userId),
  );
  const [before] = await tx.select({ role: unitMemberships.role }).from(unitMemberships).where(where);
  if (input.role === 'none') {
    await tx.delete(unitMemberships).where(where);
  } else {
    await tx
      .insert(unitMemberships)
      .values({ organizationId: tx.organizationId, unitId: unit.id, userId: input.userId, role: input.role })
      .onConflictDoUpdate({
        target: [unitMemberships.organizationId, unitMemberships.unitId, unitMemberships.userId],
        set: { role: input.role },
      });
  }
  audit({
    action: 'unit.person',
    entityType: 'unit_membership',
    entityId: `${unit.id}:${input.userId}`,
    unitId: unit.id,
    before: before ?? null,
    after: input.role === 'none' ? null : { role: input.role },
  });
  return { unitId: unit.id, userId: input.userId, role: input.role };
}

function pick(u: { name: string; kind: string; parentId: string | null; weight: number; archivedAt: Date | null }) {
  return { name: u.name, kind: u.kind, parentId: u.parentId, weight: u.weight, archivedAt: u.archivedAt };
}
