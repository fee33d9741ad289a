import { serve } from '@/lib/api/serve';
import { listUnitsHandler } from '@/lib/api/v1/endpoints';

export const GET = serve(listUnitsHandler);
