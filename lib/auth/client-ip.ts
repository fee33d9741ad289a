/**
 * The address a request came from, as the first X-Forwarded-For hop (Next's
 * server sets it; a reverse proxy in front must overwrite, not append, it).
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip') || 'unknown';
}
