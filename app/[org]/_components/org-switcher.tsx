import Link from 'next/link';
import { roleLabels, type OrgRole } from '@/lib/permissions';

/** Lists the person's organizations; a disclosure, so it works with the keyboard and without JavaScript. */
export function OrgSwitcher({
  current,
  organizations,
}: {
  current: { slug: string; name: string };
  organizations: { slug: string; name: string; role: OrgRole }[];
}) {
  if (organizations.length < 2) {
    return <p className="truncate rounded-md bg-slate-100 px-3 py-2 text-sm font-medium">{current.name}</p>;
  }
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center justify-between rounded-md bg-slate-100 px-3 py-2 text-sm font-medium hover:bg-slate-200">
        <span className="truncate">
          <span className="sr-only">Organization: </span>
          {current.name}
        </span>
        <span aria-hidden className="text-slate-500 group-open:rotate-180">▾</span>
      </summary>
      <ul aria-label="Switch organization" className="absolute z-20 mt-1 w-full rounded-md border border-slate-200 bg-white py-1 shadow-lg">
        {organizations.map((o) => (
          <li key={o.slug}>
            <Link
              href={`/${o.slug}`}
              aria-current={o.slug === current.slug ? 'page' : undefined}
              className="flex items-center justify-between px-3 py-2 text-sm hover:bg-slate-50 aria-[current=page]:font-semibold"
            >
              <span className="truncate">{o.name}</span>
              <span className="ml-2 text-xs text-slate-500">{roleLabels[o.role]}</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
