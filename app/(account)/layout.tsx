import Link from 'next/link';
import type { ReactNode } from 'react';
import { KeelMark } from '@/app/_components/keel-mark';

/** Pages about the person rather than one organization: no sidebar, a way back home. */
export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold">
            <KeelMark className="size-6" /> Keel
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
