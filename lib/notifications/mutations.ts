import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { notifications } from '@/db/schema';
import { safeReturnPath } from '@/lib/auth/return-path';

export type NewNotification = {
  /** What happened, for filtering and icons later: 'invitation.accepted', 'membership.role_changed'… */
  kind: string;
  title: string;
  body?: string;
  /** A path inside Keel (`/acme/people`); the bell follows it when the notification is clicked. */
  link?: string | null;
};

/**
 * Tells these people something, in the caller's transaction (a rolled-back
 * change notifies no one). Recipients must be members of the organization:
 * the row's key points at their membership, so notify before removing someone.
 */
export async function notify(tx: TenantTx, userIds: string[], n: NewNotification): Promise<void> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  const link = n.link ?? null;
  // The link becomes an href in the bell: only same-origin paths, never `javascript:` or another host.
  if (link !== null && safeReturnPath(link, '') !== link) {
    throw new Error(`A notification link must be a path inside Keel, got ${JSON.stringify(link)}`);
  }
  await tx.insert(notifications).values(
    recipients.map((userId) => ({
      organizationId: tx.organizationId,
      userId,
      kind: n.kind,
      title: n.title,
      body: n.body ?? '',
      link,
    })),
  );
}

/**
 * Marks the person's own unread notifications as read and returns how many
 * changed. Ids that belong to someone else or to another organization match
 * no row and change nothing.
 */
export async function markNotificationsRead(tx: TenantTx, userId: string, ids: string[] | 'all'): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  const rows = await tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.organizationId, tx.organizationId),
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, [...new Set(ids)]),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
