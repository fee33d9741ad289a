import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { safeReturnPath } from '@/lib/auth/return-path';
import { throttledMessage } from '@/lib/auth/sign-in';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const next = safeReturnPath(params.next);
  if (await getCurrentUser()) redirect(next);
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in to Keel</h1>
      {params.signedOut === 'everywhere' && (
        <p role="status" className="mt-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          You are signed out on every device.
        </p>
      )}
      <SignInForm next={next} initialError={problemFromQuery(params)} />
      <p className="mt-3 text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
          Forgot password?
        </Link>
      </p>
      <p className="mt-6 text-sm text-slate-600">
        New to Keel?{' '}
        <Link href="/signup" className="font-medium text-brand-600 hover:underline">
          Create an organization
        </Link>
      </p>
    </>
  );
}

/** A sign-in posted without a script comes back here with its problem in the query (app/(auth)/login/submit). */
function problemFromQuery(params: Record<string, string | undefined>): string | undefined {
  if (params.error === 'invalid') return 'Invalid email or password';
  if (params.error === 'input') return 'Enter your email address and your password.';
  if (params.error === 'throttled') {
    const retryAt = new Date(params.retryAt ?? '');
    return Number.isNaN(retryAt.getTime()) ? 'Too many failed sign-in attempts. Try again later.' : throttledMessage(retryAt);
  }
  return undefined;
}
