import type { Metadata } from 'next';
import Link from 'next/link';
import { signOutEverywhereAction } from '@/app/(auth)/actions';
import { Badge } from '@/app/_components/ui/badge';
import { requireUser } from '@/lib/auth/session';
import { getMyOrganizations } from '@/lib/organizations/context';
import { roleLabels } from '@/lib/permissions';
import { ChangePasswordForm, LeaveOrganizationButton, NameForm } from './account-forms';

export const metadata: Metadata = { title: 'Your account' };

const section = 'rounded-lg border border-slate-200 bg-white p-6';

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [user, params] = await Promise.all([requireUser(), searchParams]);
  const organizations = await getMyOrganizations(user.id);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Your account</h1>
        <p className="mt-1 text-sm text-slate-600">Signed in as {user.email}.</p>
      </div>
      {params.deleted === '1' && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          The organization was deleted. Its members have been told by email.
        </p>
      )}
      {params.changed === 'password' && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Your password was changed. Every other session has ended.
        </p>
      )}
      <section aria-labelledby="profile" className={section}>
        <h2 id="profile" className="mb-4 text-base font-semibold">
          Profile
        </h2>
        <NameForm name={user.name} />
      </section>
      <section aria-labelledby="password-section" className={section}>
        <h2 id="password-section" className="mb-1 text-base font-semibold">
          Password
        </h2>
        <p className="mb-4 text-sm text-slate-600">Changing it signs you out on every other device.</p>
        <ChangePasswordForm email={user.email} />
      </section>
      <section aria-labelledby="sessions" className={section}>
        <h2 id="sessions" className="mb-1 text-base font-semibold">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-slate-600">Lost a laptop or signed in on a shared computer? End every session, this one included.</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium hover:bg-slate-50">
            Sign out everywhere
          </button>
        </form>
      </section>
      <section aria-labelledby="organizations" className={section}>
        <h2 id="organizations" className="mb-4 text-base font-semibold">
          Your organizations
        </h2>
        {organizations.length === 0 ? (
          <p className="text-sm text-slate-600">
            You belong to no organization.{' '}
            <Link href="/signup" className="font-medium text-brand-600 hover:underline">
              Create one
            </Link>{' '}
            or ask an owner for an invitation.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {organizations.map((o) => (
              <li key={o.slug} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="flex items-center gap-3">
                  <Link href={`/${o.slug}`} className="font-medium text-brand-600 hover:underline">
                    {o.name}
                  </Link>
                  <Badge tone={o.role === 'owner' || o.role === 'admin' ? 'brand' : 'neutral'}>{roleLabels[o.role]}</Badge>
                </div>
                <LeaveOrganizationButton slug={o.slug} name={o.name} isOwner={o.role === 'owner'} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
