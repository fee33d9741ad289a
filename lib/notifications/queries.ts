import { and, desc, eq, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { notifications } from '@/db/schema';

export type NotificationRow = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
};

/** What the bell shows and the feed route returns: JSON-safe, so the server's first paint and a refetch agree. */
export type NotificationFeedItem = Omit<NotificationRow, 'readAt' | 'createdAt'> & { read: boolean; createdAt: string };
export type NotificationFeed = { unread: number; items: NotificationFeedItem[] };

/** How many of the latest notifications the bell shows. */
export const feedSize = 8;

const ownedBy = (tx: TenantTx, userId: string) =>
  and(eq(notifications.organizationId, tx.organizationId), eq(notifications.userId, userId));

/** The person's notifications, newest first. */
export function listNotifications(tx: TenantTx, userId: string, { limit }: { limit: number }): Promise<NotificationRow[]> {
  return tx
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(ownedBy(tx, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export function countUnread(tx: TenantTx, userId: string): Promise<number> {
  return tx.$count(notifications, and(ownedBy(tx, userId), isNull(notifications.readAt)));
}

/** The unread count and the latest few, in two queries however many there are. */
export async function getNotificationFeed(tx: TenantTx, userId: string): Promise<NotificationFeed> {
  const unread = await countUnread(tx, userId);
  const rows = await listNotifications(tx, userId, { limit: feedSize });
  return {
    unread,
    items: rows.map(({ readAt, createdAt, ...item }) => ({ ...item, read: readAt !== null, createdAt: createdAt.toISOString() })),
  };
}
