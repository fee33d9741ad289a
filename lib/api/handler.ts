import type { z } from 'zod';
import type { Database, TenantTx } from '@/db';
import { isDatabaseUnavailable } from '@/db/unavailable';
import { resolveToken, type ApiOrganization } from '@/lib/api-tokens/queries';
import { touchApiToken } from '@/lib/api-tokens/mutations';
import type { ApiTokenScope } from '@/lib/api-tokens/schemas';
import { TOKEN_PATTERN } from '@/lib/api-tokens/token';
import { refreshResults } from '@/lib/results/maintain';
import { appendAudit, type AuditEntry } from '@/lib/audit/mutations';
import { env } from '@/lib/env';
import { organizationToday, type IsoDate } from '@/lib/periods';
import { ExpectedError } from '@/lib/errors';
import { findUnsafeText } from '@/lib/unsafe-text';
import { readJsonBody } from './body';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  idempotencyKeyOf,
  releaseIdempotencyKey,
  requestHashOf,
  type Claim,
} from './idempotency';
import { ApiError, apiJsonResponse, pathOf, problemOf, problemResponse, unavailableResponse, type ProblemField } from './problem';
import { createRateLimiter, type RateLimiter } from './rate-limit';

export type ApiContext = {
  tx: TenantTx;
  organization: ApiOrganization;
  token: { id: string; name: string; scope: ApiTokenScope };
  /** The request's clock, read once: `today` is the organization's date at `now`. */
  now: Date;
  today: IsoDate;
  /** Writes record what they changed; entries are appended with the token as actor. */
  audit(entry: AuditEntry): void;
};

/** `now` is for tests: a request otherwise reads the clock once, when it starts. */
export type ApiDeps = { db: Database; rateLimiter?: RateLimiter; now?: Date };

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiRouteDefinition<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, T> = {
  scope: ApiTokenScope;
  /** Path parameters; a value that cannot name anything is a 404, like a missing one. */
  params?: P;
  /** Query parameters (strict): anything unknown or malformed is a 400. */
  query?: Q;
  /** The JSON body (strict): valid JSON that breaks the schema is a 422. */
  body?: B;
  /** Honour the Idempotency-Key header. */
  idempotent?: boolean;
  status?: number;
  run: (ctx: ApiContext, input: { params: Out<P>; query: Out<Q>; body: Out<B> }) => Promise<T>;
};

export type ApiHandler = (request: Request, deps: ApiDeps, params?: Record<string, string>) => Promise<Response>;

/** Per process; see rate-limit.ts. */
const defaultLimiter = createRateLimiter(env.API_RATE_LIMIT_PER_MINUTE);
const QUERY_TOKEN_NAMES = new Set(['token', 'access_token', 'api_key', 'apikey', 'api_token', 'bearer', 'authorization']);
const LAST_USED_EVERY_MS = 60_000;

/**
 * The API twin of the action runner. In order: no token in the query string
 * → bearer token → live token (401) → scope (403) → rate limit (429) → query
 * (400) → body: JSON media type (415), size (413), syntax and depth (400),
 * schema (422) → idempotency → one tenant transaction with audit entries made
 * by the token → JSON. Every failure is problem details; an unreachable
 * database is a 503 with Retry-After; anything else unexpected is logged and
 * answered 500 without detail.
 */
export function apiRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, T>(
  definition: ApiRouteDefinition<P, Q, B, T>,
): ApiHandler {
  return async (request, deps, rawParams = {}) => {
    try {
      return await handle(definition, request, deps, rawParams);
    } catch (error) {
      if (error instanceof ApiError) return problemResponse(error.toProblem(), error.headers);
      if (isDatabaseUnavailable(error)) {
        console.warn('API request answered 503: the database is unreachable', request.method, new URL(request.url).pathname, String(error));
        return unavailableResponse();
      }
      console.error('API request failed', request.method, new URL(request.url).pathname, error);
      return problemResponse(problemOf(500, 'Something went wrong on our side and nothing was saved. Please try again.'));
    }
  };
}

async function handle<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, T>(
  definition: ApiRouteDefinition<P, Q, B, T>,
  request: Request,
  { db, rateLimiter = defaultLimiter, now = new Date() }: ApiDeps,
  rawParams: Record<string, string>,
): Promise<Response> {
  const url = new URL(request.url);
  for (const [name, value] of url.searchParams) {
    if (QUERY_TOKEN_NAMES.has(name.toLowerCase()) || value.startsWith('keel_')) {
      throw new ApiError(401, 'Tokens are not accepted in the query string; send them as Authorization: Bearer <token>.', [], challenge);
    }
  }
  const token = await authenticate(db, request);
  if (definition.scope === 'write' && token.scope !== 'write') {
    throw new ApiError(403, 'This token may only read; create a token with the write scope to change data.');
  }
  const limited = rateLimiter.take(token.tokenId);
  if (!limited.ok) {
    throw new ApiError(429, 'Too many requests for this token; retry after the time in Retry-After.', [], {
      'retry-after': String(limited.retryAfterSeconds),
    });
  }

  const params = definition.params ? parseWith(definition.params, rawParams, 404, 'Not found') : undefined;
  const query = definition.query ? parseWith(definition.query, queryObject(url), 400, 'The query is not valid.') : undefined;
  let rawBody = '';
  let body: unknown;
  if (definition.body) {
    const read = await readJsonBody(request);
    rawBody = read.text;
    body = parseWith(definition.body, read.json, 422, 'The request breaks the rules listed in errors; nothing was saved.');
  }

  const organizationId = token.organization.id;
  const key = definition.idempotent ? idempotencyKeyOf(request) : null;
  let claim: Claim | null = null;
  if (key !== null) {
    claim = await claimIdempotencyKey(db, organizationId, key, requestHashOf(request, rawBody), now);
    if (claim.kind === 'replay') return apiJsonResponse(claim.response.status, claim.response.body, { 'idempotent-replayed': 'true' });
  }
  const held = claim?.kind === 'claimed' ? claim : null;
  const status = definition.status ?? 200;
  const input = { params, query, body } as { params: Out<P>; query: Out<Q>; body: Out<B> };
  try {
    const result = await db.withTenant(organizationId, async (tx) => {
      const entries: AuditEntry[] = [];
      const ctx: ApiContext = {
        tx,
        organization: token.organization,
        token: { id: token.tokenId, name: token.name, scope: token.scope },
        now,
        today: organizationToday(token.organization, now),
        audit: (entry) => void entries.push(entry),
      };
      const data = await definition.run(ctx, input);
      if (entries.length) await appendAudit(tx, null, entries, token.tokenId);
      // The results store catches up with what the request changed before it commits (lib/results/maintain).
      await refreshResults(tx, ctx.today);
      // Last use is recorded at most once a minute per token, not once per request.
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_EVERY_MS) await touchApiToken(tx, token.tokenId, now);
      if (held) await completeIdempotencyKey(tx, held, { status, body: data });
      return data;
    });
    return apiJsonResponse(status, result);
  } catch (error) {
    const expected = toApiError(error);
    if (held) {
      if (expected) {
        // The same request would fail the same way: keep the answer for replays.
        await db.withTenant(organizationId, (tx) => completeIdempotencyKey(tx, held, { status: expected.status, body: expected.toProblem() }));
      } else {
        await releaseIdempotencyKey(db, organizationId, held).catch(() => {});
      }
    }
    throw expected ?? error;
  }
}

const challenge = { 'www-authenticate': 'Bearer realm="keel"' };

async function authenticate(db: Database, request: Request) {
  const header = request.headers.get('authorization');
  if (!header) throw new ApiError(401, 'Send an API token as Authorization: Bearer <token>.', [], challenge);
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match || !TOKEN_PATTERN.test(match[1]!)) {
    throw new ApiError(401, 'The Authorization header is not a Keel token (Bearer keel_…).', [], challenge);
  }
  const token = await resolveToken(db, match[1]!);
  if (!token) throw new ApiError(401, 'This token is unknown or has been revoked.', [], challenge);
  return token;
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in out) throw new ApiError(400, `The query parameter ${name} is given more than once.`, [{ path: name, message: 'Give it once' }]);
    out[name] = value;
  }
  return out;
}

/** Path parameters, query and body pass the same two checks: text any field may hold (lib/unsafe-text), then the schema. */
function parseWith(schema: z.ZodType, value: unknown, status: number, detail: string): unknown {
  const unsafe = findUnsafeText(value);
  const parsed = unsafe.length ? null : schema.safeParse(value);
  if (parsed?.success) return parsed.data;
  if (status === 404) throw new ApiError(404, 'Not found');
  throw new ApiError(status, detail, parsed ? issuesToErrors(parsed.error) : unsafe.map(({ path, message }) => ({ path: pathOf(path), message })));
}

export function issuesToErrors(error: z.ZodError): ProblemField[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `Unknown field "${key}"` }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** Domain errors (ExpectedError) mapped to the contract's statuses. */
function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ExpectedError) {
    if (error.code === 'not_found') return new ApiError(404, 'Not found');
    if (error.code === 'forbidden') return new ApiError(403, error.message);
    const errors = Object.entries(error.fieldErrors ?? {}).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
    return new ApiError(422, error.message, errors);
  }
  return null;
}

