import { getDatabase } from '@/db';
import type { ApiHandler } from './handler';
import { problemOf, problemResponse } from './problem';

type RouteContext = { params?: Promise<Record<string, string | string[]> | undefined> };

/** Adapts a handler to a Next.js route export: the database and the awaited path parameters (none on static routes). */
export function serve(handler: ApiHandler) {
  return async (request: Request, context?: RouteContext) => {
    try {
      const raw = (await context?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
      return await handler(request, { db: await getDatabase() }, params);
    } catch (error) {
      // The handler answers its own errors; this catches a database that cannot be opened.
      console.error('API request failed before its handler', error);
      return problemResponse(problemOf(500, 'Something went wrong on our side. Please try again.'));
    }
  };
}
