import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { isDatabaseUnavailable } from '@/db/unavailable';
import { apiJsonResponse, unavailableResponse } from './problem';

/**
 * `GET /api/health`, for load balancers: 200 when the database answers a query
 * as the application's role, else 503 with Retry-After, so traffic moves to a
 * process that can serve it. Never a 500: any failure here means "not healthy".
 */
export async function healthResponse(database: () => Promise<Database>): Promise<Response> {
  try {
    const db = await database();
    await db.withoutTenant((tx) => tx.execute(sql`select 1`));
    return apiJsonResponse(200, { status: 'ok' });
  } catch (error) {
    if (!isDatabaseUnavailable(error)) console.error('Health check failed', error);
    return unavailableResponse();
  }
}
