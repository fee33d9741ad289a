import { serve } from '@/lib/api/serve';
import { getKpiHandler } from '@/lib/api/v1/endpoints';

export const GET = serve(getKpiHandler);
