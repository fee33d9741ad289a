import { serve } from '@/lib/api/serve';
import { scorecardHandler } from '@/lib/api/v1/endpoints';

export const GET = serve(scorecardHandler);
