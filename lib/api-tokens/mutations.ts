import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { apiTokens } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import type { CreateApiTokenInput, RevokeApiTokenInput } from './schemas';
import { generateToken } from './token';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit'>;

/** Creates a token and returns it in full: the only time it is ever shown. Only its SHA-256 is stored. */
export async function createApiToken({ tx, actor, audit }: Ctx, input: CreateApiTokenInput) {
  const { token, hash, prefix } = generateToken();
  const [row] = await tx
    .insert(apiTokens)
    .values({ organizationId: tx.organizationId, name: input.name, scope: input.scope, tokenHash: hash, prefix, createdBy: actor.userId })
    .returning({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, prefix: apiTokens.prefix });
  audit({ action: 'api_token.create', entityType: 'api_token', entityId: row!.id, after: { name: row!.name, scope: row!.scope, prefix } });
  return { ...row!, token };
}

/** Revokes a live token; a revoked or unknown one (another organization's included) is "not found". */
export async function revokeApiToken({ tx, audit }: Ctx, input: RevokeApiTokenInput) {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.organizationId, tx.organizationId), eq(apiTokens.id, input.tokenId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, prefix: apiTokens.prefix });
  if (!row) throw new ExpectedError('This token does not exist or is already revoked.', undefined, 'not_found');
  audit({ action: 'api_token.revoke', entityType: 'api_token', entityId: row.id, before: { name: row.name, scope: row.scope, prefix: row.prefix } });
  return { id: row.id };
}

/**
 * Records that a token was used, at most once a minute per token: the
 * condition makes a second request within the minute a no-op, and callers
 * skip the statement entirely when the last use they read is recent.
 */
export async function touchApiToken(tx: TenantTx, tokenId: string, now: Date) {
  await tx
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.organizationId, tx.organizationId),
        eq(apiTokens.id, tokenId),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - 60_000))),
      ),
    );
}
