import { env } from '@/lib/env';
import { openApiDocument } from '@/lib/api/v1/openapi';

/** Public: the contract itself, generated from the request schemas. */
export function GET() {
  return Response.json(openApiDocument(env.APP_URL));
}
