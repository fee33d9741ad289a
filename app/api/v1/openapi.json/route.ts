import { env } from '@/lib/env';
import { apiJsonResponse } from '@/lib/api/problem';
import { routes } from '@/lib/api/serve';
import { openApiDocument } from '@/lib/api/v1/openapi';

/** Public: the contract itself, generated from the request schemas. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = routes({
  GET: async () => apiJsonResponse(200, openApiDocument(env.APP_URL)),
});
