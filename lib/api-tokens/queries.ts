import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { apiTokens, organizations, users } from '@/db/schema';
import { readPolicy, type OrganizationPolicy } from '@/lib/organizations/policy';
import type { ApiTokenScope } from './schemas';
import { hashToken } from './token';

/** Every token of the organization, newest first, with its creator's name (one query). Never the hash. */
export function listApiTokens(tx: TenantTx) {
  return tx
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scope: apiTokens.scope,
      createdBy: apiTokens.createdBy,
      createdByName: users.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.organizationId, tx.organizationId))
    .orderBy(desc(apiTokens.createdAt));
}

export type ApiTokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

export type ApiOrganization = { id: string; name: string; fiscalYearStartMonth: number; timeZone: string; policy: OrganizationPolicy };
export type ResolvedToken = { tokenId: string; scope: ApiTokenScope; name: string; lastUsedAt: Date | null; organization: ApiOrganization };

/**
 * A live token with its organization. Before the organization is known no
 * tenant transaction can see api_tokens, so the hash goes through the
 * SECURITY DEFINER function `api_token_by_hash`; the scope and the
 * organization's calendar and policy are then read inside the tenant.
 */
export async function resolveToken(db: Database, token: string): Promise<ResolvedToken | null> {
  const hash = hashToken(token);
  const [found] = rowsOf<{ organization_id: string; token_id: string }>(
    await db.withoutTenant((tx) => tx.execute(sql`select organization_id, token_id from api_token_by_hash(${hash})`)),
  );
  if (!found) return null;
  const [row] = await db.withTenant(found.organization_id, (tx) =>
    tx
      .select({
        scope: apiTokens.scope,
        name: apiTokens.name,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
        organizationName: organizations.name,
        fiscalYearStartMonth: organizations.fiscalYearStartMonth,
        timeZone: organizations.timeZone,
        policy: organizations.policy,
      })
      .from(apiTokens)
      .innerJoin(organizations, eq(organizations.id, apiTokens.organizationId))
      .where(and(eq(apiTokens.organizationId, tx.organizationId), eq(apiTokens.id, found.token_id))),
  );
  if (!row || row.revokedAt) return null;
  return {
    tokenId: found.token_id,
    scope: row.scope,
    name: row.name,
    lastUsedAt: row.lastUsedAt,
    organization: {
      id: found.organization_id,
      name: row.organizationName,
      fiscalYearStartMonth: row.fiscalYearStartMonth,
      timeZone: row.timeZone,
      policy: readPolicy(row.policy),
    },
  };
}
