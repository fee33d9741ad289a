import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { getDatabase } from '@/db';
import type { OrgContext } from '@/lib/organizations/context';
import { getInboxCounts } from '@/lib/proposals/inbox';
import { proposalCountsQueryKey } from './_components/counts-query';

/** The sidebar badge's counts, read on the server so the first paint has them. */
export async function prefetchProposalCounts(ctx: OrgContext): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  const db = await getDatabase();
  await queryClient.prefetchQuery({
    queryKey: proposalCountsQueryKey(ctx.organization.slug),
    queryFn: () => db.withTenant(ctx.organization.id, (tx) => getInboxCounts(tx, { userId: ctx.user.id, role: ctx.role, headOf: ctx.headOf }, ctx.organization.policy)),
  });
  return dehydrate(queryClient);
}
