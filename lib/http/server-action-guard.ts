import { isSameOrigin } from './same-origin';

/** Next's default `serverActions.bodySizeLimit` (next.config.ts sets none). */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

/** Route handlers outside /api that take form posts: they check their own origin and size, and are no server actions. */
export const FORM_ROUTE_HANDLERS = [/^\/login\/submit$/];

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/**
 * A server action call: a script's (with the Next-Action header) or a plain
 * form post to a page (no script yet). Both end in Next's action handler.
 */
export function isServerActionRequest(request: Request): boolean {
  if (request.method !== 'POST') return false;
  if (request.headers.has('next-action')) return true;
  const pathname = new URL(request.url).pathname;
  if (pathname.startsWith('/api/') || FORM_ROUTE_HANDLERS.some((route) => route.test(pathname))) return false;
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return FORM_TYPES.includes(type);
}

/**
 * Next refuses a server action from another origin, or over its body limit,
 * by answering 500 (or failing on a malformed Origin): to the caller that
 * reads as our fault. This answers first, 403 or 413, before anything runs.
 * No Origin at all is let through as Next does: browsers send it on every
 * POST, so only a hand-made request (with no one's cookies but its maker's) lacks it.
 */
export async function refuseServerAction(request: Request): Promise<Response | null> {
  if (!isServerActionRequest(request)) return null;
  if (request.headers.has('origin') && !isSameOrigin(request)) {
    return refusal(403, 'This request did not come from Keel’s own pages, so nothing was changed.');
  }
  if (await isLargerThan(request, SERVER_ACTION_BODY_LIMIT)) {
    return refusal(413, 'The form is larger than 1 MB, so nothing was saved. Send less at a time.');
  }
  return null;
}

/** By Content-Length when given (Node holds a body to it); otherwise by counting a copy of the stream. */
async function isLargerThan(request: Request, limit: number): Promise<boolean> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared)) return Number(declared) > limit;
  const body = request.clone().body;
  if (!body) return false;
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: a branch of a tee'd stream settles its cancel only once the other branch is cancelled too.
      reader.cancel().catch(() => {});
      return true;
    }
  }
}

function refusal(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
