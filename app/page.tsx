import Link from 'next/link';
import { redirect } from 'next/navigation';
import { KeelMark } from '@/app/_components/keel-mark';
import { getCurrentUser } from '@/lib/auth/session';
import { getMyOrganizations } from '@/lib/organizations/context';
import { roleLabels } from '@/lib/permissions';

/** Sends people where they belong: sign-in, their only organization, or a choice between several. */
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const organizations = await getMyOrganizations(user.id);
  if (organizations.length === 1) redirect(`/${organizations[0]!.slug}`);
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <div className="mb-6 flex items-center gap-2 text-xl font-semibold">
        <KeelMark /> Keel
      </div>
      <h1 className="text-lg font-semibold">Choose an organization</h1>
      {organizations.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">
          You are not a member of any organization. Ask an owner for an invitation, or{' '}
          <Link href="/signup" className="font-medium text-brand-600 hover:underline">
            create a new organization
          </Link>
          .
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {organizations.map((o) => (
            <li key={o.slug}>
              <Link href={`/${o.slug}`} className="flex justify-between px-4 py-3 text-sm hover:bg-slate-50">
                <span className="font-medium">{o.name}</span>
                <span className="text-slate-500">{roleLabels[o.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
