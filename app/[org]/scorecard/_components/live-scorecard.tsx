'use client';

import { HydrationBoundary, useQuery, useQueryClient, type DehydratedState } from '@tanstack/react-query';
import type { ScorecardPage } from '@/lib/scorecards/scorecard-page';
import { scorecardDataUrl, scorecardQueryKey } from './query';
import { ScorecardView } from './scorecard-view';

type Props = {
  state: DehydratedState;
  slug: string;
  unitId: string;
  periodKey: string;
  vitalFewMode: 'warn' | 'block';
  /** The organization's time zone, so the server's and the browser's "Updated 09:41" agree. */
  timeZone: string;
};

/**
 * A scorecard kept live without a reload: the server's read is hydrated into
 * TanStack Query, then refetched every minute and when the window regains
 * focus. After one's own change, every action revalidates the organization's
 * pages, so the next render hydrates the newer read; "Refresh now" refetches at once.
 */
export function LiveScorecard({ state, ...props }: Props) {
  return (
    <HydrationBoundary state={state}>
      <Live {...props} />
    </HydrationBoundary>
  );
}

function Live({ slug, unitId, periodKey, vitalFewMode, timeZone }: Omit<Props, 'state'>) {
  const queryKey = scorecardQueryKey(slug, unitId, periodKey);
  const queryClient = useQueryClient();
  const { data, error, isFetching, dataUpdatedAt } = useQuery({
    queryKey,
    queryFn: () => fetchScorecard(scorecardDataUrl(slug, unitId, periodKey)),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  if (!data) return <p role="status">Loading the scorecard…</p>;
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center justify-end gap-x-3 text-xs text-slate-500 print:hidden" aria-live="polite">
        <span data-testid="scorecard-updated">
          {isFetching ? 'Refreshing…' : `Updated ${updatedAt(dataUpdatedAt, timeZone)}, refreshes every minute`}
        </span>
        {error && <span className="text-red-800">Could not refresh: showing the last numbers.</span>}
        <button
          type="button"
          className="rounded px-1.5 py-0.5 font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500"
          onClick={() => void queryClient.invalidateQueries({ queryKey: ['scorecard', slug] })}
        >
          Refresh now
        </button>
      </p>
      <ScorecardView slug={slug} data={data} vitalFewMode={vitalFewMode} />
    </div>
  );
}

async function fetchScorecard(url: string): Promise<ScorecardPage> {
  // `manual`: a signed-out visitor is redirected to the sign-in page, which must not parse as a scorecard.
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', redirect: 'manual' });
  if (!response.ok) throw new Error(`${url} answered ${response.status || 'with a redirect'}`);
  return (await response.json()) as ScorecardPage;
}

function updatedAt(time: number, timeZone: string): string {
  const options = { hour: '2-digit', minute: '2-digit' } as const;
  try {
    return new Date(time).toLocaleTimeString('en-GB', { ...options, timeZone });
  } catch {
    return new Date(time).toLocaleTimeString('en-GB', { ...options, timeZone: 'UTC' });
  }
}
