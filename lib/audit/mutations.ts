import type { TenantTx } from '@/db';
import { sql } from 'drizzle-orm';
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

/**
 * Appends entries to the organization's audit log in the caller's transaction,
 * made by a person, by an API token (`actorTokenId`) or, with neither, by the system.
 * The entries travel as one JSON parameter (jsonb_to_recordset): a 10,000-value
 * API batch is one statement with four parameters instead of ten chunked
 * INSERTs of 9,000 parameters each.
 */
export async function appendAudit(
  tx: TenantTx,
  actorUserId: string | null,
  entries: AuditEntry[],
  actorTokenId: string | null = null,
): Promise<void> {
  if (entries.length === 0) return;
  const rows = JSON.stringify(
    entries.map((e) => ({
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      unit_id: e.unitId ?? null,
      // JSON null in jsonb_to_recordset would be the jsonb value 'null', not SQL NULL: leave "nothing" out instead.
      ...(e.before == null ? {} : { before: e.before }),
      ...(e.after == null ? {} : { after: e.after }),
    })),
  );
  await tx.execute(sql`
    insert into ${auditLog} (organization_id, actor_user_id, actor_token_id, action, entity_type, entity_id, unit_id, before, after)
    select ${tx.organizationId}::uuid, ${actorUserId}::uuid, ${actorTokenId}::uuid, x.action, x.entity_type, x.entity_id, x.unit_id, x.before, x.after
    from jsonb_to_recordset(${rows}::jsonb) as x(action text, entity_type text, entity_id text, unit_id uuid, before jsonb, after jsonb)`);
}
