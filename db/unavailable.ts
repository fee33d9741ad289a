/** Socket errors of a server that is down, restarting or unreachable. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** postgres.js's own: no connection within connect_timeout, or the connection went away mid-query. */
const clientCodes = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);
/** SQLSTATEs of a server that is shutting down, starting up or full (class 08 is checked by prefix). */
const serverCodes = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Whether an error means "the database cannot be reached right now" (worth a
 * retry later: 503) rather than a bug (500). Looks through drizzle's wrapping
 * (`cause`) and Node's AggregateError (one error per address tried).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (socketCodes.has(code) || clientCodes.has(code) || serverCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return true;
  }
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}
