import type { DehydratedState } from '@tanstack/react-query';
import { LiveCount } from '../../_components/live-count';
import { proposalCountsQueryKey } from './counts-query';

/** The sidebar's "Proposals" badge: votes and decisions waiting for me, kept live. */
export function ProposalCount({ slug, state }: { slug: string; state: DehydratedState }) {
  return <LiveCount state={state} queryKey={proposalCountsQueryKey(slug)} url={`/${encodeURIComponent(slug)}/proposals/counts`} srLabel="waiting for you" />;
}
