import Link from 'next/link';
import type { listUnowned } from '@/lib/people/unowned';

/** KPIs and metrics left without an owner (usually by someone leaving), for the heads to reassign. */
export function NeedsAnOwner({ slug, unowned }: { slug: string; unowned: Awaited<ReturnType<typeof listUnowned>> }) {
  if (unowned.kpis.length === 0 && unowned.metrics.length === 0) return null;
  return (
    <section aria-labelledby="needs-owner" className="rounded-lg border border-amber-200 bg-amber-50 p-5">
      <h2 id="needs-owner" className="text-base font-semibold">
        Needs an owner
      </h2>
      <p className="mt-1 text-sm text-slate-700">These have no owner, often because their owner left. Open each one to hand it to someone.</p>
      <ul className="mt-3 space-y-1 text-sm">
        {unowned.kpis.map((k) => (
          <li key={k.id}>
            KPI{' '}
            <Link href={`/${slug}/kpis/${k.id}`} className="font-medium text-brand-700 hover:underline">
              {k.name}
            </Link>{' '}
            <span className="text-slate-500">· {k.unitName}</span>
          </li>
        ))}
        {unowned.metrics.map((m) => (
          <li key={m.id}>
            Metric{' '}
            <Link href={`/${slug}/metrics/${m.id}`} className="font-medium text-brand-700 hover:underline">
              {m.name}
            </Link>{' '}
            <span className="text-slate-500">· {m.key}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
