import type { InboxCounts } from '@/lib/proposals/inbox';

/** One cache entry per organization, shared by the sidebar badge, the server prefetch and the forms that invalidate it. */
export const proposalCountsQueryKey = (slug: string) => ['proposal-counts', slug] as const;

export async function fetchProposalCounts(slug: string): Promise<InboxCounts> {
  // `manual`: a signed-out visitor is redirected to the sign-in page, which must not parse as counts.
  const response = await fetch(`/${encodeURIComponent(slug)}/proposals/counts`, {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    redirect: 'manual',
  });
  if (!response.ok) throw new Error(`The proposal counts answered ${response.status || 'with a redirect'}`);
  return (await response.json()) as InboxCounts;
}
