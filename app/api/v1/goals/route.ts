import { serve } from '@/lib/api/serve';
import { listGoalsHandler } from '@/lib/api/v1/endpoints';

export const GET = serve(listGoalsHandler);
