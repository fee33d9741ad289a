import { getDatabase } from '@/db';
import type { ApiHandler } from './handler';

/** Adapts a handler to a Next.js route export: the database and the awaited path parameters. */
export function serve(handler: ApiHandler) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => {
    const raw = await context.params;
    const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
    return handler(request, { db: await getDatabase() }, params);
  };
}
