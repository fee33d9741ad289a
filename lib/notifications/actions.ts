import { defineOrgAction } from '@/lib/action-runner';
import { markNotificationsRead } from './mutations';
import { markNotificationsReadSchema } from './schemas';

/** Notification actions as data: app/[org]/notifications/actions.ts wraps them, tests drive them directly. */
export const notificationActions = {
  /** Marks the caller's own notifications as read: some by id, or all of them. */
  markRead: defineOrgAction({
    permission: 'notifications.read',
    schema: markNotificationsReadSchema,
    async run({ tx, actor, audit }, input) {
      const all = 'all' in input;
      const count = await markNotificationsRead(tx, actor.userId, all ? 'all' : input.ids);
      audit({ action: 'notification.read', entityType: 'notification', entityId: all ? 'all' : input.ids[0]!, after: { count } });
      return { count };
    },
  }),
};
