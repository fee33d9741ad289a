import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, TenantTx } from '@/db';
import { rowsOf } from '@/db/client';
import { apiIdempotencyKeys } from '@/db/schema';
import { ApiError } from './problem';

/** How long a claimed key is held for its request; after that a crashed request's key may be taken over. */
export const IDEMPOTENCY_LEASE_SECONDS = 120;
const PRINTABLE = /^[\x20-\x7e]{1,255}$/;

export type StoredResponse = { status: number; body: unknown };
export type Claim =
  | { kind: 'claimed'; key: string; leaseUntil: string }
  | { kind: 'replay'; response: StoredResponse };

/** The Idempotency-Key header, checked: 1–255 printable ASCII characters, or absent. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get('idempotency-key');
  if (key === null) return null;
  if (!PRINTABLE.test(key)) throw new ApiError(400, 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.');
  return key;
}

export function requestHashOf(request: Request, body: string): string {
  return createHash('sha256').update(`${request.method} ${new URL(request.url).pathname}\n${body}`).digest('hex');
}

/**
 * Claims the key in a short transaction of its own, so a concurrent request
 * with the same key sees it at once: a new key, a key older than 24 hours, or
 * one whose request died (lease over, same request) is (re)claimed; a done
 * key is replayed; a running one is a 409; another request's key a 422.
 * Ages and leases are on the application's clock (`now`, the request's), never
 * the database's: the two may differ, and one request must see one time.
 */
export async function claimIdempotencyKey(db: Database, organizationId: string, key: string, requestHash: string, now = new Date()): Promise<Claim> {
  const at = now.toISOString();
  return db.withTenant(organizationId, async (tx) => {
    const claimed = rowsOf<{ lease_until: string }>(
      await tx.execute(sql`
        insert into ${apiIdempotencyKeys} as k (organization_id, key, request_hash, state, lease_until, created_at)
        values (${tx.organizationId}, ${key}, ${requestHash}, 'in_flight', ${at}::timestamptz + make_interval(secs => ${IDEMPOTENCY_LEASE_SECONDS}), ${at}::timestamptz)
        on conflict (organization_id, key) do update set
          request_hash = excluded.request_hash, state = 'in_flight', lease_until = excluded.lease_until,
          response_status = null, response_body = null, created_at = excluded.created_at
        where k.created_at < ${at}::timestamptz - interval '24 hours'
          or (k.state = 'in_flight' and k.lease_until < ${at}::timestamptz and k.request_hash = excluded.request_hash)
        returning lease_until::text`),
    );
    if (claimed[0]) return { kind: 'claimed', key, leaseUntil: claimed[0].lease_until };
    const [existing] = await tx
      .select()
      .from(apiIdempotencyKeys)
      .where(and(eq(apiIdempotencyKeys.organizationId, tx.organizationId), eq(apiIdempotencyKeys.key, key)));
    if (!existing) throw new ApiError(409, 'This Idempotency-Key is being processed; retry shortly.');
    if (existing.requestHash !== requestHash) {
      throw new ApiError(422, 'This Idempotency-Key was already used with a different request; use a new key for a new request.');
    }
    if (existing.state === 'done' && existing.responseStatus !== null) {
      const stored = existing.responseBody;
      return { kind: 'replay', response: { status: existing.responseStatus, body: typeof stored === 'string' ? JSON.parse(stored) : stored } };
    }
    throw new ApiError(409, 'A request with this Idempotency-Key is still in progress; retry shortly.');
  });
}

/**
 * Marks the claim done with its response, in the caller's (write) transaction.
 * The body is kept as a JSON string (a jsonb string), not as a jsonb object,
 * which would reorder its keys: a replay is the first response byte for byte.
 */
export async function completeIdempotencyKey(tx: TenantTx, claim: Extract<Claim, { kind: 'claimed' }>, response: StoredResponse) {
  await tx.execute(sql`
    update ${apiIdempotencyKeys} set state = 'done', response_status = ${response.status}, response_body = ${JSON.stringify(JSON.stringify(response.body))}::jsonb
    where organization_id = ${tx.organizationId} and key = ${claim.key} and lease_until = ${claim.leaseUntil}::timestamptz`);
}

/** After a 5xx: let the next request with this key run again. */
export async function releaseIdempotencyKey(db: Database, organizationId: string, claim: Extract<Claim, { kind: 'claimed' }>) {
  await db.withTenant(organizationId, (tx) =>
    tx.execute(sql`
      delete from ${apiIdempotencyKeys}
      where organization_id = ${tx.organizationId} and key = ${claim.key} and lease_until = ${claim.leaseUntil}::timestamptz and state = 'in_flight'`),
  );
}
