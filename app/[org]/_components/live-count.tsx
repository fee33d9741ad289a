'use client';

import { HydrationBoundary, useQuery, useQueryClient, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';

type LiveCountProps = {
  /** The server's prefetch of the same query, so the first paint has the number. */
  state: DehydratedState;
  queryKey: QueryKey;
  /** A route that answers `{ total, … }` for the signed-in member. */
  url: string;
  /** Read after the number by screen readers ("waiting for you"). */
  srLabel: string;
  testId?: string;
};

/**
 * A sidebar badge kept live without a reload: prefetched on the server,
 * refetched every 30 seconds and on focus, and at once when a form
 * invalidates its key (useRefreshQuery).
 */
export function LiveCount({ state, ...props }: LiveCountProps) {
  return (
    <HydrationBoundary state={state}>
      <Count {...props} />
    </HydrationBoundary>
  );
}

function Count({ queryKey, url, srLabel, testId }: Omit<LiveCountProps, 'state'>) {
  const { data } = useQuery({ queryKey, queryFn: () => fetchTotal(url), refetchInterval: 30_000, refetchOnWindowFocus: true });
  const total = data?.total ?? 0;
  if (total === 0) return null;
  return (
    <span data-testid={testId} className="ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white">
      {total > 99 ? '99+' : total}
      <span className="sr-only"> {srLabel}</span>
    </span>
  );
}

async function fetchTotal(url: string): Promise<{ total: number }> {
  // `manual`: a signed-out visitor is redirected to the sign-in page, which must not parse as counts.
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', redirect: 'manual' });
  if (!response.ok) throw new Error(`${url} answered ${response.status || 'with a redirect'}`);
  return (await response.json()) as { total: number };
}

/** After one's own change, refetch a live count at once rather than at the next poll. */
export function useRefreshQuery(queryKey: QueryKey) {
  const queryClient = useQueryClient();
  const key = JSON.stringify(queryKey);
  // The key is compared by value: callers build a fresh array on every render.
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: JSON.parse(key) as QueryKey }), [queryClient, key]);
}
