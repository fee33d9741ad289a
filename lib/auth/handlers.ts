import type { NextRequest } from 'next/server';
import { handlers } from './config';
import { rateLimitedUntil, retryAfterSeconds, throttledMessage } from './sign-in';

/**
 * Auth.js's own endpoints (/api/auth/*), with one change: a throttled
 * sign-in through /api/auth/callback/credentials answers 429 with
 * Retry-After, not Auth.js's redirect to the sign-in page with an error code.
 */
export const authHandlers = {
  GET: (request: NextRequest) => handlers.GET(request),
  async POST(request: NextRequest): Promise<Response> {
    const response = await handlers.POST(request);
    const retryAt = rateLimitedUntil(errorCodeOf(await destination(response)));
    return retryAt ? throttledResponse(retryAt) : response;
  },
};

/** Where Auth.js sends the browser: the Location header, or `url` in JSON when asked with X-Auth-Return-Redirect. */
async function destination(response: Response): Promise<string | null> {
  const location = response.headers.get('location');
  if (location) return location;
  if (!response.headers.get('content-type')?.includes('application/json')) return null;
  const body = (await response.clone().json().catch(() => null)) as { url?: unknown } | null;
  return typeof body?.url === 'string' ? body.url : null;
}

function errorCodeOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, 'http://keel.invalid');
    return parsed.searchParams.get('error') === 'CredentialsSignin' ? parsed.searchParams.get('code') : null;
  } catch {
    return null;
  }
}

/** 429 with Retry-After (seconds) and the sentence the sign-in form shows. */
export function throttledResponse(retryAt: Date, now = new Date()): Response {
  return Response.json(
    { error: throttledMessage(retryAt, now), retryAt: retryAt.toISOString() },
    { status: 429, headers: { 'Retry-After': String(retryAfterSeconds(retryAt, now)), 'Cache-Control': 'no-store' } },
  );
}
