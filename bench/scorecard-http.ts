import type { Database } from '@/db/client';
import type { LargeOrganization } from './large-organization';
import type { Row } from './scorecard';

export async function benchHttp(_db: Database, _url: string, _org: LargeOrganization, _log: (line: string) => void): Promise<Row[]> {
  return [];
}
