import type { Metadata } from 'next';
import Link from 'next/link';
import { getDatabase } from '@/db';
import { checkResetToken } from '@/lib/account/password-reset';
import { resetLinkProblems } from './problems';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await checkResetToken(await getDatabase(), token);
  if (link.state !== 'valid') {
    const problem = resetLinkProblems[link.state];
    return (
      <>
        <h1 className="text-xl font-semibold">{problem.title}</h1>
        <p className="mt-2 text-sm text-slate-600">{problem.body}</p>
        <p className="mt-6 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
            Ask for a new reset link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <p className="mt-2 text-sm text-slate-600">
        For <strong>{link.email}</strong>. Setting it signs you out on every other device.
      </p>
      <ResetPasswordForm token={token} email={link.email} />
    </>
  );
}
