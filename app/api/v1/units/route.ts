import { routes, serve } from '@/lib/api/serve';
import { listUnitsHandler } from '@/lib/api/v1/endpoints';

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = routes({ GET: serve(listUnitsHandler) });
