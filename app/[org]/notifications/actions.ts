'use server';

import { orgAction } from '@/lib/actions';
import { notificationActions } from '@/lib/notifications/actions';

export const markNotificationsReadAction = orgAction(notificationActions.markRead);
