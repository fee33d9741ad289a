import { serve } from '@/lib/api/serve';
import { createMetricHandler, listMetricsHandler } from '@/lib/api/v1/endpoints';

export const GET = serve(listMetricsHandler);
export const POST = serve(createMetricHandler);
