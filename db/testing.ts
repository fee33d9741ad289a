import { afterAll, beforeAll, describe } from 'vitest';
import { env } from '@/lib/env';
import { openDatabase, type Database, type TenantTx } from './client';
import { createPostgresDatabase } from './testing-data';

export { makeOrganization } from './testing-data';

/**
 * Runs a suite once on in-memory PGlite and, when TEST_DATABASE_URL is set,
 * again on a fresh PostgreSQL database made for this file and dropped after it.
 */
export function describeEachDatabase(name: string, suite: (get: () => Database) => void) {
  const kinds = env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  for (const kind of kinds) {
    describe(`${name} [${kind}]`, () => {
      let db: Database;
      let drop = async () => {};
      beforeAll(async () => {
        if (kind === 'pglite') {
          db = await openDatabase({ memory: true });
        } else {
          const created = await createPostgresDatabase(env.TEST_DATABASE_URL!);
          db = await openDatabase({ url: created.url });
          drop = created.drop;
        }
        await db.migrate();
      });
      afterAll(async () => {
        await db?.close();
        await drop();
      });
      suite(() => db);
    });
  }
}

/** Counts the statements a function sends through the transaction, for "a constant number of queries" tests. */
export async function countQueries<T>(tx: TenantTx, fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const session = (tx as unknown as { session: { prepareQuery: (...args: unknown[]) => unknown } }).session;
  const original = session.prepareQuery;
  let queries = 0;
  session.prepareQuery = function (this: unknown, ...args: unknown[]) {
    queries++;
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), queries };
  } finally {
    session.prepareQuery = original;
  }
}
