import type { NotificationFeed } from '@/lib/notifications/queries';

/** One cache entry per organization, shared by the bell, the notifications page and the server prefetch. */
export const notificationsQueryKey = (slug: string) => ['notifications', slug] as const;

export async function fetchNotificationFeed(slug: string): Promise<NotificationFeed> {
  // `manual`: a signed-out visitor is redirected to the sign-in page, which must not parse as a feed.
  const response = await fetch(`/${encodeURIComponent(slug)}/notifications/feed`, {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    redirect: 'manual',
  });
  if (!response.ok) throw new Error(`The notification feed answered ${response.status || 'with a redirect'}`);
  return (await response.json()) as NotificationFeed;
}
