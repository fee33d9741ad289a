import type { DehydratedState } from '@tanstack/react-query';
import { LiveCount } from '../../_components/live-count';
import { myUpdateCountsQueryKey } from './counts-query';

/** The sidebar's "My updates" badge: overdue values, votes and decisions I owe, kept live. */
export function UpdatesCount({ slug, state }: { slug: string; state: DehydratedState }) {
  return (
    <LiveCount
      state={state}
      queryKey={myUpdateCountsQueryKey(slug)}
      url={`/${encodeURIComponent(slug)}/updates/counts`}
      srLabel="owed by you"
      testId="my-updates-count"
    />
  );
}
