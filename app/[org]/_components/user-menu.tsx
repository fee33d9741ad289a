import Link from 'next/link';
import { signOutAction, signOutEverywhereAction } from '@/app/(auth)/actions';

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  return (
    <details className="relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100">
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">
          {initials(name)}
        </span>
        <span className="hidden text-left leading-tight sm:block">
          <span className="block font-medium">{name}</span>
          <span className="block text-xs text-slate-500">{role}</span>
        </span>
        <span className="sr-only">Account menu</span>
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
        <p className="truncate px-3 py-2 text-xs text-slate-500">{email}</p>
        <Link href="/account" className="block px-3 py-2 text-sm hover:bg-slate-50">
          Your account
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="block w-full px-3 py-2 text-left text-sm hover:bg-slate-50">
            Sign out
          </button>
        </form>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="block w-full px-3 py-2 text-left text-sm hover:bg-slate-50">
            Sign out everywhere
          </button>
        </form>
      </div>
    </details>
  );
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}
