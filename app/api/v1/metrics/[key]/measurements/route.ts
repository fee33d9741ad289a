import { serve } from '@/lib/api/serve';
import { listMeasurementsHandler } from '@/lib/api/v1/endpoints';

export const GET = serve(listMeasurementsHandler);
