import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db';
import { apiTokens, auditLog, users } from '@/db/schema';

const day = z.iso.date('Use a date like 2026-11-25');

export const auditFilterSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  entity: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditPageSize = 100;

/**
 * The organization's audit log, newest first, filtered; `unitIds` limits a
 * head to entries about their subtree.
 */
export function listAuditEntries(tx: TenantTx, filter: AuditFilter, unitIds?: string[]) {
  const nextDay = filter.to ? new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  return tx
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      actorName: users.name,
      actorUserId: auditLog.actorUserId,
      /** Entries made through the REST API name the token. */
      actorTokenName: apiTokens.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(apiTokens, and(eq(apiTokens.organizationId, auditLog.organizationId), eq(apiTokens.id, auditLog.actorTokenId)))
    .where(
      and(
        eq(auditLog.organizationId, tx.organizationId),
        filter.actor ? eq(auditLog.actorUserId, filter.actor) : undefined,
        filter.entity ? eq(auditLog.entityType, filter.entity) : undefined,
        filter.from ? gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
        nextDay ? lt(auditLog.createdAt, nextDay) : undefined,
        unitIds ? (unitIds.length ? inArray(auditLog.unitId, unitIds) : sql`false`) : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt))
    .limit(auditPageSize);
}

/** The kinds of entity and the people that appear in the log, for the filter menus. */
export async function getAuditFacets(tx: TenantTx) {
  const [entities, actors] = await Promise.all([
    tx.selectDistinct({ entityType: auditLog.entityType }).from(auditLog).where(eq(auditLog.organizationId, tx.organizationId)),
    tx
      .selectDistinct({ id: users.id, name: users.name })
      .from(auditLog)
      .innerJoin(users, eq(users.id, auditLog.actorUserId))
      .where(eq(auditLog.organizationId, tx.organizationId)),
  ]);
  return {
    entityTypes: entities.map((e) => e.entityType).sort(),
    actors: actors.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
