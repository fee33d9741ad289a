import { getDatabase } from '@/db';
import { healthResponse } from '@/lib/api/health';
import { routes } from '@/lib/api/serve';

/** Public and token-free: whether this process can reach its database. */
export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = routes({ GET: () => healthResponse(getDatabase) });
