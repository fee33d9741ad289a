'use client';

import { HydrationBoundary, useQuery, useQueryClient, type DehydratedState } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchMyUpdateCounts, myUpdateCountsQueryKey } from './counts-query';

/** The sidebar's "My updates" badge: overdue values, votes and decisions I owe, kept live. */
export function UpdatesCount({ slug, state }: { slug: string; state: DehydratedState }) {
  return (
    <HydrationBoundary state={state}>
      <Count slug={slug} />
    </HydrationBoundary>
  );
}

function Count({ slug }: { slug: string }) {
  const { data } = useQuery({
    queryKey: myUpdateCountsQueryKey(slug),
    queryFn: () => fetchMyUpdateCounts(slug),
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
  });
  const total = data?.total ?? 0;
  if (total === 0) return null;
  return (
    <span data-testid="my-updates-count" className="ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white">
      {total > 99 ? '99+' : total}
      <span className="sr-only"> owed by you</span>
    </span>
  );
}

/** After saving a value the badge is refetched at once rather than at the next poll. */
export function useRefreshMyUpdateCounts(slug: string) {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: myUpdateCountsQueryKey(slug) }), [queryClient, slug]);
}
