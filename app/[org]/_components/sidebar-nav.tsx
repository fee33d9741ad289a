'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

/**
 * `count`: an optional badge after the label (e.g. the live number of proposals waiting for me).
 * `also`: other path prefixes that belong to the section (the unit scorecards under the overview).
 */
export function SidebarNav({ sections }: { sections: { href: string; label: string; count?: ReactNode; also?: string[] }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Organization" className="px-3 pb-4">
      <ul className="flex gap-1 overflow-x-auto lg:flex-col">
        {sections.map((s) => {
          const active =
            pathname === s.href ||
            (s.href.split('/').length > 2 && pathname.startsWith(`${s.href}/`)) ||
            (s.also ?? []).some((prefix) => pathname.startsWith(`${prefix}/`));
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${
                  active ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100'
                }`}
              >
                {s.label}
                {s.count}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
