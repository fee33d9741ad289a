import { routes, serve } from '@/lib/api/serve';
import { scorecardHandler } from '@/lib/api/v1/endpoints';

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = routes({ GET: serve(scorecardHandler) });
