import type { TenantTx } from '@/db';
import { auditLog } from '@/db/schema';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  /** The unit concerned, when there is one (heads see their subtree's entries). */
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Rows per INSERT: a 10,000-value API batch writes 10,000 entries, and one statement takes at most 65,535 parameters. */
const chunkSize = 1000;

/**
 * Appends entries to the organization's audit log in the caller's transaction,
 * made by a person, by an API token (`actorTokenId`) or, with neither, by the system.
 */
export async function appendAudit(
  tx: TenantTx,
  actorUserId: string | null,
  entries: AuditEntry[],
  actorTokenId: string | null = null,
): Promise<void> {
  for (let i = 0; i < entries.length; i += chunkSize) {
    await tx.insert(auditLog).values(
      entries.slice(i, i + chunkSize).map((e) => ({
        organizationId: tx.organizationId,
        actorUserId,
        actorTokenId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        unitId: e.unitId ?? null,
        before: e.before ?? null,
        after: e.after ?? null,
      })),
    );
  }
}
