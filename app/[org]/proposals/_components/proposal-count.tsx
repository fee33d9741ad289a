'use client';

import { HydrationBoundary, useQuery, useQueryClient, type DehydratedState } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchProposalCounts, proposalCountsQueryKey } from './counts-query';

/** The sidebar's "Proposals" badge: votes and decisions waiting for me, kept live. */
export function ProposalCount({ slug, state }: { slug: string; state: DehydratedState }) {
  return (
    <HydrationBoundary state={state}>
      <Count slug={slug} />
    </HydrationBoundary>
  );
}

function Count({ slug }: { slug: string }) {
  const { data } = useQuery({
    queryKey: proposalCountsQueryKey(slug),
    queryFn: () => fetchProposalCounts(slug),
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
  });
  const total = data?.total ?? 0;
  if (total === 0) return null;
  return (
    <span className="ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white">
      {total > 99 ? '99+' : total}
      <span className="sr-only"> waiting for you</span>
    </span>
  );
}

/** After one of my own proposal actions the badge is refetched at once rather than at the next poll. */
export function useRefreshProposalCounts(slug: string) {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: proposalCountsQueryKey(slug) }), [queryClient, slug]);
}
