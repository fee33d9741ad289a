/**
 * Whether a request comes from one of our own pages. Route handlers that
 * change data with the session cookie must check it (server actions get the
 * same check from Next.js): browsers send `Origin` on every POST, and another
 * site's page cannot forge it. Behind a proxy, `X-Forwarded-Host` names the
 * host people reached (the same header Next.js compares for server actions).
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return false;
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
