/** Set by proxy.ts on every request: the path and query the visitor asked for. */
export const requestPathHeader = 'x-keel-request-path';

/** A same-origin path to return to after sign-in; anything else (other hosts, `//evil`, `/\evil`) becomes `fallback`. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  try {
    const url = new URL(value, 'http://keel.invalid');
    return url.origin === 'http://keel.invalid' ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
