import { unknownPath } from '@/lib/api/serve';

/** /api/v1 itself and any path under it that no other route serves: a 404 problem, not the HTML not-found page. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = unknownPath();
