import type { Metadata } from 'next';
import Link from 'next/link';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create your organization' };

export default function SignUpPage() {
  return (
    <>
      <h1 className="text-xl font-semibold">Create your organization</h1>
      <p className="mt-1 text-sm text-slate-600">You will be its owner and can invite your team next.</p>
      <SignUpForm />
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
