import path from 'node:path';
import { env } from '@/lib/env';
import { openDatabase, type Database } from './client';

export type { Database, TenantTx, Tx, UserTx } from './client';

const globalKey = Symbol.for('keel.database');
type Holder = { [globalKey]?: Promise<Database> };

/** Where Keel keeps its data: PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR. */
export function configuredLocation() {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.resolve(env.DATA_DIR, 'pglite') };
}

/**
 * The process's one database handle. It lives on globalThis because Next loads
 * this module once per bundle (pages, route handlers, instrumentation) and a
 * second PGlite on the same folder would lose rows.
 */
export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= openDatabase(configuredLocation()).catch((error: unknown) => {
    delete holder[globalKey];
    throw error;
  });
  return holder[globalKey];
}
