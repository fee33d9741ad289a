import type { Metadata } from 'next';
import Link from 'next/link';
import { getDatabase } from '@/db';
import { checkSignUpLink } from '@/lib/organizations/sign-up';
import { ConfirmSignUpForm } from './confirm-sign-up-form';
import { signUpLinkProblems } from './problems';

export const metadata: Metadata = { title: 'Finish creating your organization' };

/** Opening the link changes nothing (mail scanners open links); the form below does. */
export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await checkSignUpLink(await getDatabase(), token);
  if (link.state !== 'valid') {
    const problem = signUpLinkProblems[link.state];
    return (
      <>
        <h1 className="text-xl font-semibold">{problem.title}</h1>
        <p className="mt-2 text-sm text-slate-600">{problem.body}</p>
        <p className="mt-6 text-sm">
          <Link href={link.state === 'used' ? '/login' : '/signup'} className="font-medium text-brand-600 hover:underline">
            {link.state === 'used' ? 'Sign in' : 'Sign up again'}
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Create {link.organizationName}</h1>
      <p className="mt-2 text-sm text-slate-600">
        For <strong>{link.name}</strong>, <strong>{link.email}</strong>. Enter the password you chose to finish.
      </p>
      <ConfirmSignUpForm token={token} email={link.email} />
    </>
  );
}
