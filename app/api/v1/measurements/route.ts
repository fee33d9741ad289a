import { serve } from '@/lib/api/serve';
import { pushMeasurementsHandler } from '@/lib/api/v1/endpoints';

export const POST = serve(pushMeasurementsHandler);
