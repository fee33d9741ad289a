import { unknownPath } from '@/lib/api/serve';

/** Any path under /api/v1 that no other route serves: a 404 problem, not the HTML not-found page. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = unknownPath();
