import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { getDatabase } from '@/db';
import { getNotificationFeed } from '@/lib/notifications/queries';
import type { OrgContext } from '@/lib/organizations/context';
import { notificationsQueryKey } from './_components/feed-query';

/**
 * The bell's feed, read on the server so the first paint has the count. When
 * an action revalidates the layout, the fresher copy replaces the client's.
 */
export async function prefetchNotificationFeed(ctx: OrgContext): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  const db = await getDatabase();
  await queryClient.prefetchQuery({
    queryKey: notificationsQueryKey(ctx.organization.slug),
    queryFn: () => db.withTenant(ctx.organization.id, (tx) => getNotificationFeed(tx, ctx.user.id)),
  });
  return dehydrate(queryClient);
}
