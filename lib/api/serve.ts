import { getDatabase } from '@/db';
import { isDatabaseUnavailable } from '@/db/unavailable';
import type { ApiHandler } from './handler';
import { apiResponseHeaders, problemOf, problemResponse, unavailableResponse } from './problem';

type RouteContext = { params?: Promise<Record<string, string | string[]> | undefined> };
export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

/** Adapts a handler to a Next.js route export: the database and the awaited path parameters (none on static routes). */
export function serve(handler: ApiHandler): RouteHandler {
  return async (request, context) => {
    try {
      const raw = (await context?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
      return await handler(request, { db: await getDatabase() }, params);
    } catch (error) {
      // The handler answers its own errors; this catches a database that cannot be opened.
      if (isDatabaseUnavailable(error)) return unavailableResponse();
      console.error('API request failed before its handler', error);
      return problemResponse(problemOf(500, 'Something went wrong on our side. Please try again.'));
    }
  };
}

export const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
type ServedMethod = Exclude<HttpMethod, 'HEAD' | 'OPTIONS'>;

/**
 * Every method's export for one route file: the served ones, HEAD as GET,
 * OPTIONS (204) and a 405 problem for the rest, both with `Allow`. Next's own
 * fallback is an empty 405 without `Allow`, so no method is left to it:
 * `export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = routes({ GET: serve(h) })`.
 */
export function routes(served: Partial<Record<ServedMethod, RouteHandler>>): Record<HttpMethod, RouteHandler> {
  const handlers: Partial<Record<HttpMethod, RouteHandler>> = { ...served };
  if (served.GET) handlers.HEAD = served.GET;
  const allow = HTTP_METHODS.filter((method) => handlers[method] || method === 'OPTIONS').join(', ');
  handlers.OPTIONS = async () => new Response(null, { status: 204, headers: { allow, ...apiResponseHeaders } });
  const notAllowed: RouteHandler = async (request) =>
    problemResponse(problemOf(405, `${request.method} is not served here; this path answers ${allow}.`), { allow });
  return Object.fromEntries(HTTP_METHODS.map((method) => [method, handlers[method] ?? notAllowed])) as Record<HttpMethod, RouteHandler>;
}

/** The catch-all under /api/v1: an unknown path is a 404 problem whatever the method, never the HTML page. */
export function unknownPath(): Record<HttpMethod, RouteHandler> {
  const notFound: RouteHandler = async (request) =>
    problemResponse(problemOf(404, `There is no ${new URL(request.url).pathname} in the API; see /api/v1/openapi.json for its paths.`));
  return Object.fromEntries(HTTP_METHODS.map((method) => [method, notFound])) as Record<HttpMethod, RouteHandler>;
}
