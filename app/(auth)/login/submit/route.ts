import type { NextRequest } from 'next/server';
import { parseInput } from '@/lib/action-runner';
import { throttledResponse } from '@/lib/auth/handlers';
import { safeReturnPath } from '@/lib/auth/return-path';
import { signInSchema } from '@/lib/auth/schemas';
import { trySignIn } from '@/lib/auth/sign-in';
import { isSameOrigin } from '@/lib/http/same-origin';

const noStore = { 'Cache-Control': 'no-store' };

/**
 * The sign-in form posts here rather than to a server action, so that a
 * throttled sign-in can answer 429 with Retry-After (a server action always
 * answers 200). The form's script asks for JSON; without a script the browser
 * posts the form itself and is sent back to /login with the problem named.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const wantsJson = request.headers.get('accept')?.includes('application/json') ?? false;
  const refuse = (status: number, body: Record<string, unknown>, problem: LoginProblem) =>
    wantsJson ? Response.json({ ok: false, ...body }, { status, headers: noStore }) : backToLogin(request, problem);

  // Another site's page must not sign its visitors in to an account of its choosing.
  if (!isSameOrigin(request)) return refuse(403, { error: 'Sign in from Keel’s own sign-in page.' }, { error: 'invalid' });
  const parsed = parseInput(signInSchema, await request.formData().catch(() => null));
  if (!parsed.ok) return refuse(422, { error: parsed.error, fieldErrors: parsed.fieldErrors, values: parsed.values }, { error: 'input' });

  const { email, password, next } = parsed.data;
  const outcome = await trySignIn(email, password);
  if (outcome.ok) {
    const redirectTo = safeReturnPath(next);
    return wantsJson
      ? Response.json({ ok: true, redirectTo }, { headers: noStore })
      : seeOther(new URL(redirectTo, request.nextUrl.origin));
  }
  if (outcome.reason === 'rate_limited') {
    return wantsJson ? throttledResponse(outcome.retryAt) : backToLogin(request, { error: 'throttled', retryAt: outcome.retryAt, next });
  }
  return refuse(401, { error: 'Invalid email or password', values: { email } }, { error: 'invalid', next });
}

type LoginProblem = { error: 'invalid' | 'input' | 'throttled'; retryAt?: Date; next?: string };

/** Without a script: back to the form, which reads the problem from the query (app/(auth)/login/page.tsx). */
function backToLogin(request: NextRequest, problem: LoginProblem): Response {
  const login = new URL('/login', request.nextUrl.origin);
  const returnTo = safeReturnPath(problem.next, '');
  if (returnTo) login.searchParams.set('next', returnTo);
  login.searchParams.set('error', problem.error);
  if (problem.retryAt) login.searchParams.set('retryAt', problem.retryAt.toISOString());
  return seeOther(login);
}

/** Not Response.redirect: its headers are immutable, and the session cookie still has to be added to them. */
function seeOther(url: URL): Response {
  return new Response(null, { status: 303, headers: { Location: url.toString(), ...noStore } });
}
