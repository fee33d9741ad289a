import { getNotificationFeed } from '@/lib/notifications/queries';
import { memberJsonRoute } from '@/lib/organizations/context';

/** The bell's live feed: the unread count and the latest notifications of the signed-in member. */
export const GET = memberJsonRoute('notifications.read', (tx, actor) => getNotificationFeed(tx, actor.userId));
