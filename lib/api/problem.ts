/**
 * RFC 9457 problem details, the one shape of every API error
 * (`application/problem+json`). `type` points at the contract's error list.
 */
export type ProblemField = { path: string; message: string };
export type Problem = { type: string; title: string; status: number; detail: string; errors: ProblemField[] };

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** An expected API failure: thrown anywhere under the API wrapper, answered as problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: ProblemField[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  toProblem(): Problem {
    return problemOf(this.status, this.detail, this.errors);
  }
}

export function problemOf(status: number, detail: string, errors: ProblemField[] = []): Problem {
  return { type: `https://keel.app/problems/${status}`, title: titles[status] ?? 'Error', status, detail, errors };
}

/** Every API answer is about one token's data at one moment: never stored by a browser or a shared cache. */
export const apiResponseHeaders = { 'cache-control': 'no-store' } as const;

/** The one way an API response is built: JSON (problem details from 400 up), never cached. */
export function apiJsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
  return Response.json(body, { status, headers: { 'content-type': contentType, ...headers, ...apiResponseHeaders } });
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return apiJsonResponse(problem.status, problem, headers);
}

/** `['measurements', 3, 'value']` → `measurements[3].value`. */
export function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** How long a client waits before retrying while the database is unreachable: about one connect timeout. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database cannot be reached: a 503 a client (or load balancer) retries, not a bug. */
export function unavailableResponse(): Response {
  return problemResponse(
    problemOf(503, 'The database cannot be reached right now and nothing was saved. Retry after the time in Retry-After.'),
    { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
  );
}
