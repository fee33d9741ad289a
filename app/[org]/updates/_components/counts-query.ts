import { useRefreshQuery } from '../../_components/live-count';

/** One cache entry per organization, shared by the sidebar badge, the server prefetch and the grid that invalidates it. */
export const myUpdateCountsQueryKey = (slug: string) => ['my-update-counts', slug] as const;

/** After saving a value the badge is refetched at once rather than at the next poll. */
export const useRefreshMyUpdateCounts = (slug: string) => useRefreshQuery(myUpdateCountsQueryKey(slug));
