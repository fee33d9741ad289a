import { sql, type SQL } from 'drizzle-orm';
import { pgPolicy, pgRole } from 'drizzle-orm/pg-core';

/**
 * The role every request runs as (`set local role app_user` in withTenant).
 * It neither owns the tables nor bypasses RLS; a custom migration creates it
 * once per cluster and grants it what it may do.
 */
export const appUser = pgRole('app_user').existing();

/** The organization withTenant set for this transaction; NULL when none is set. */
export const currentOrganizationId = sql`nullif(current_setting('app.organization_id', true), '')::uuid`;
/** The signed-in user withUser set for this transaction; NULL when none is set. */
export const currentUserId = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

/** The policy every tenant table carries: rows of the current organization only, for reads and writes. */
export function tenantPolicy(column: SQL = sql`organization_id`) {
  const own = sql`${column} = ${currentOrganizationId}`;
  return pgPolicy('tenant_isolation', { as: 'permissive', for: 'all', to: appUser, using: own, withCheck: own });
}
