'use server';

import { orgAction } from '@/lib/actions';
import { markNotificationsRead } from '@/lib/notifications/mutations';
import { markNotificationsReadSchema } from '@/lib/notifications/schemas';

/** Marks the caller's own notifications as read: some by id, or all of them. */
export const markNotificationsReadAction = orgAction({
  permission: 'notifications.read',
  schema: markNotificationsReadSchema,
  async run({ tx, actor, audit }, input) {
    const count = await markNotificationsRead(tx, actor.userId, 'all' in input ? 'all' : input.ids);
    audit({ action: 'notification.read', entityType: 'notification', entityId: 'all' in input ? 'all' : input.ids[0]!, after: { count } });
    return { count };
  },
});
