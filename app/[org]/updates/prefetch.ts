import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { getDatabase } from '@/db';
import { getMyUpdateCounts } from '@/lib/check-ins/my-updates';
import type { OrgContext } from '@/lib/organizations/context';
import { myUpdateCountsQueryKey } from './_components/counts-query';

/** The sidebar badge's counts, read on the server so the first paint has them. */
export async function prefetchMyUpdateCounts(ctx: OrgContext): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  const db = await getDatabase();
  await queryClient.prefetchQuery({
    queryKey: myUpdateCountsQueryKey(ctx.organization.slug),
    queryFn: () =>
      db.withTenant(ctx.organization.id, (tx) => getMyUpdateCounts(tx, ctx.organization, { userId: ctx.user.id, role: ctx.role, headOf: ctx.headOf }, ctx.today)),
  });
  return dehydrate(queryClient);
}
