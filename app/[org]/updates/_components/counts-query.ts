import type { MyUpdateCounts } from '@/lib/check-ins/my-updates';

/** One cache entry per organization, shared by the sidebar badge, the server prefetch and the grid that invalidates it. */
export const myUpdateCountsQueryKey = (slug: string) => ['my-update-counts', slug] as const;

export async function fetchMyUpdateCounts(slug: string): Promise<MyUpdateCounts> {
  // `manual`: a signed-out visitor is redirected to the sign-in page, which must not parse as counts.
  const response = await fetch(`/${encodeURIComponent(slug)}/updates/counts`, {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    redirect: 'manual',
  });
  if (!response.ok) throw new Error(`My update counts answered ${response.status || 'with a redirect'}`);
  return (await response.json()) as MyUpdateCounts;
}
