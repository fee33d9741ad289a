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

/** Appends entries to the organization's audit log in the caller's transaction. */
export async function appendAudit(tx: TenantTx, actorUserId: string | null, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(
    entries.map((e) => ({
      organizationId: tx.organizationId,
      actorUserId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      unitId: e.unitId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}
