import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { z } from 'zod';
import * as schema from './schema';

type Schema = typeof schema;
type Drizzle = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

declare const tenantBrand: unique symbol;
declare const userBrand: unique symbol;
/** A transaction that sees one organization's rows and nothing else. Tenant queries take only this. */
export type TenantTx = Tx & { readonly organizationId: string; readonly [tenantBrand]: true };
/** A transaction that sees the signed-in person's memberships and their organizations, across tenants. */
export type UserTx = Tx & { readonly userId: string; readonly [userBrand]: true };

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** The only way to reach tenant data: one transaction, scoped to the organization by RLS. */
  withTenant<T>(organizationId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  /** For resolving who someone is in which organization (membership by slug, the switcher). */
  withUser<T>(userId: string, fn: (tx: UserTx) => Promise<T>): Promise<T>;
  /** Global tables only (accounts, sign-in failures): every tenant table reads as empty here. */
  withoutTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** The table owner's connection, which bypasses RLS: migrations and test set-up only. */
  readonly owner: Drizzle;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const uuid = z.uuid();
/** How long opening a PostgreSQL connection may take before the request gives up. */
export const CONNECT_TIMEOUT_SECONDS = 5;
const migrationsFolder = path.resolve(process.cwd(), 'db/migrations');

export type DatabaseLocation = { url: string } | { dataDir: string } | { memory: true };

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if ('url' in location) {
    // Fail fast while PostgreSQL is down (postgres.js waits 30 s by default): the API answers 503 within seconds.
    const client = postgres(location.url, { max: 10, connect_timeout: CONNECT_TIMEOUT_SECONDS, onnotice: () => {} });
    const owner = drizzlePostgres(client, { schema, casing: 'snake_case' });
    return scoped('postgres', owner, {
      migrate: () => migratePostgres(owner, { migrationsFolder }),
      close: () => client.end(),
    });
  }
  const release = 'dataDir' in location ? lockDataDir(location.dataDir) : () => {};
  try {
    const client = 'dataDir' in location ? await PGlite.create(location.dataDir) : await PGlite.create();
    const owner = drizzlePglite({ client, schema, casing: 'snake_case' });
    return scoped('pglite', owner, {
      migrate: () => migratePglite(owner, { migrationsFolder }),
      close: async () => {
        await client.close();
        release();
      },
    });
  } catch (error) {
    release();
    throw error;
  }
}

function scoped(
  kind: Database['kind'],
  owner: Drizzle,
  lifecycle: { migrate: () => Promise<void>; close: () => Promise<void> },
): Database {
  async function run<T>(settings: Record<string, string>, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return owner.transaction(async (tx) => {
      for (const [name, value] of Object.entries(settings)) {
        await tx.execute(sql`select set_config(${name}, ${value}, true)`);
      }
      // Transaction-local: the role and the settings end with the transaction, so pooled connections stay clean.
      await tx.execute(sql`set local role app_user`);
      return fn(tx);
    });
  }
  return {
    kind,
    owner,
    async withTenant(organizationId, fn) {
      const id = uuid.parse(organizationId);
      return run({ 'app.organization_id': id }, (tx) => fn(Object.assign(tx, { organizationId: id }) as TenantTx));
    },
    async withUser(userId, fn) {
      const id = uuid.parse(userId);
      return run({ 'app.user_id': id }, (tx) => fn(Object.assign(tx, { userId: id }) as UserTx));
    },
    withoutTenant(fn) {
      return run({}, fn);
    },
    ...lifecycle,
  };
}

/**
 * PGlite does not lock its folder and two processes on one folder lose rows
 * silently, so refuse a second process with a message that says what to do.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = `${dataDir}.pid`;
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid}. Stop that process first, ` +
          'or set DATABASE_URL to run more than one process on PostgreSQL.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => rmSync(lockFile, { force: true });
  process.once('exit', release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `execute` returns `{ rows }` on PGlite and an array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
