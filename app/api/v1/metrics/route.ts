import { routes, serve } from '@/lib/api/serve';
import { createMetricHandler, listMetricsHandler } from '@/lib/api/v1/endpoints';

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = routes({ GET: serve(listMetricsHandler), POST: serve(createMetricHandler) });
