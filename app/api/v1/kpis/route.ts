import { serve } from '@/lib/api/serve';
import { listKpisHandler } from '@/lib/api/v1/endpoints';

export const GET = serve(listKpisHandler);
