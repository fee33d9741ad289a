import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { baseAuthConfig } from '@/lib/auth/base-config';
import { requestPathHeader } from '@/lib/auth/return-path';
import { refuseServerAction } from '@/lib/http/server-action-guard';

const { auth } = NextAuth(baseAuthConfig);

/** Paths a signed-out visitor may open (JSON endpoints answer for themselves rather than redirect). */
const publicPaths = [
  /^\/$/,
  /^\/login(\/submit)?$/,
  /^\/signup$/,
  /^\/signup\/confirm\/[^/]+$/,
  /^\/forgot-password$/,
  /^\/reset-password\/[^/]+$/,
  /^\/invite(\/|$)/,
  /^\/api\//,
  /^\/dev(\/|$)/,
  /^\/[^/]+\/notifications\/feed$/,
  /^\/[^/]+\/proposals\/counts$/,
  /^\/[^/]+\/metrics\/import\/(preview|run)$/,
];

/**
 * Only sends signed-out visitors to sign-in, with a same-origin return path.
 * Authorization never happens here: every page and action checks the
 * membership in the database itself.
 */
const signedInProxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (!request.auth && !publicPaths.some((p) => p.test(pathname))) {
    const login = new URL('/login', request.nextUrl.origin);
    login.searchParams.set('next', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  // Pages that find the session stale (e.g. after "sign out everywhere") send people back here after sign-in.
  const headers = new Headers(request.headers);
  headers.set(requestPathHeader, `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers } });
  if (request.auth) response.headers.set('Cache-Control', 'private, no-store');
  return response;
});

/** A server action from another origin or over the body limit is refused first (403, 413), not left to Next's 500. */
export async function proxy(request: NextRequest, context: Parameters<typeof signedInProxy>[1]) {
  return (await refuseServerAction(request)) ?? signedInProxy(request, context);
}

/**
 * The REST API and the health check answer for themselves and must set no
 * cookie, so the Auth.js wrapper (which refreshes session cookies) never runs on them.
 */
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|api/v1|api/health).*)'],
};
