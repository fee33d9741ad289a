import { useRefreshQuery } from '../../_components/live-count';

/** One cache entry per organization, shared by the sidebar badge, the server prefetch and the forms that invalidate it. */
export const proposalCountsQueryKey = (slug: string) => ['proposal-counts', slug] as const;

/** After one of my own proposal actions the badge is refetched at once rather than at the next poll. */
export const useRefreshProposalCounts = (slug: string) => useRefreshQuery(proposalCountsQueryKey(slug));
