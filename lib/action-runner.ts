import type { z } from 'zod';
import type { Database, TenantTx } from '@/db';
import { appendAudit, type AuditEntry } from '@/lib/audit/mutations';
import { refreshResults } from '@/lib/results/maintain';
import { ExpectedError } from '@/lib/errors';
import { getMembershipBySlug, type Membership } from '@/lib/organizations/queries';
import { can, canAnywhere, mayInScope, type OrgRole, type Permission } from '@/lib/permissions';
import { organizationToday, type IsoDate } from '@/lib/periods';
import { findUnsafeText } from '@/lib/unsafe-text';
import { getUnitParents, getUnitRolesOf } from '@/lib/units/queries';

export type ActionFailure = {
  ok: false;
  code: ExpectedError['code'];
  error: string;
  fieldErrors?: Record<string, string[]>;
  /** What was submitted (never passwords), so a form re-renders with it after React resets it. */
  values?: Record<string, string>;
};
type MaybePromise<T> = T | Promise<T>;
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

export type OrgActionContext = {
  tx: TenantTx;
  organization: Membership['organization'];
  actor: { userId: string; role: OrgRole; headOf: string[]; memberOf: string[] };
  /** The request's clock, read once: `today` is the organization's date at `now` (lib/periods organizationToday). */
  now: Date;
  today: IsoDate;
  /** Every org action records what it changed; the runner refuses to commit one that recorded nothing. */
  audit(entry: AuditEntry): void;
  /** Says the request repeats what is already recorded and changed nothing, so no audit entry is owed. */
  unchanged(): void;
};

export type OrgActionDefinition<S extends z.ZodType, T> = {
  permission: Permission;
  schema: S;
  /**
   * The unit(s) the action works on, for permissions that heads hold within
   * their subtree or members within their unit. Without it (and without
   * `owner`) only the roles that may act anywhere pass.
   */
  unit?: (input: z.output<S>, tx: TenantTx) => MaybePromise<string | readonly string[] | null | undefined>;
  /** The owner of the record the action touches, for permissions its owner holds. Throws "not found" for a missing record. */
  owner?: (input: z.output<S>, tx: TenantTx) => MaybePromise<string | null | undefined>;
  run: (ctx: OrgActionContext, input: z.output<S>) => Promise<T>;
};

/**
 * The recipe every organization action follows, without Next.js so tests can
 * drive it: session → membership for the slug (from the database, every time)
 * → permission → zod → one tenant transaction → audit entries → typed result.
 */
export async function runOrgAction<S extends z.ZodType, T>(
  db: Database,
  userId: string | null,
  slug: string,
  definition: OrgActionDefinition<S, T>,
  raw: unknown,
  clock: { now?: Date } = {},
): Promise<ActionResult<T>> {
  if (!userId) return failure('unauthenticated', 'Your session has ended. Sign in again to continue.');
  const membership = await db.withUser(userId, (tx) => getMembershipBySlug(tx, slug));
  if (!membership) return failure('not_found', 'Not found');
  const anywhere = canAnywhere(membership.role, definition.permission);
  if (!anywhere && !mayInScope(membership.role, definition.permission)) return forbidden();
  const input = toPlainInput(raw);
  const parsed = parse(definition.schema, input);
  if (!parsed.ok) return parsed;

  try {
    const data = await db.withTenant(membership.organization.id, async (tx) => {
      const actor = { userId, role: membership.role, ...(await getUnitRolesOf(tx, userId)) };
      if (!anywhere) {
        // A scoped grant: the target must lie in their units or be their own record.
        const unit = await definition.unit?.(parsed.data, tx);
        const unitIds = unit == null ? [] : typeof unit === 'string' ? [unit] : [...unit];
        const parents = await getUnitParents(tx);
        if (unitIds.some((id) => !parents.has(id))) throw new ExpectedError('Not found', undefined, 'not_found');
        const ownerId = await definition.owner?.(parsed.data, tx);
        if (!can(actor, definition.permission, { unitId: unitIds, parents, ownerIds: [ownerId ?? null] })) throw forbiddenError();
      }
      const entries: AuditEntry[] = [];
      let unchanged = false;
      const now = clock.now ?? new Date();
      const ctx: OrgActionContext = {
        tx,
        organization: membership.organization,
        actor,
        now,
        today: organizationToday(membership.organization, now),
        audit: (entry) => void entries.push(entry),
        unchanged: () => void (unchanged = true),
      };
      const result = await definition.run(ctx, parsed.data);
      if (entries.length === 0 && !unchanged) throw new Error(`The action for ${definition.permission} recorded no audit entry`);
      await appendAudit(tx, userId, entries);
      // The results store catches up with what the action changed before it commits (lib/results/maintain).
      await refreshResults(tx, ctx.today);
      return result;
    });
    return { ok: true, data };
  } catch (error) {
    return fromError(error, input);
  }
}

/** Parses input for actions outside an organization (sign-in, sign-up) the same way. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; data: z.output<S>; input: Record<string, unknown> } | ActionFailure {
  const input = toPlainInput(raw);
  const parsed = parse(schema, input);
  return parsed.ok ? { ok: true, data: parsed.data, input } : parsed;
}

/** The one validation every action's input passes: text any field may hold (lib/unsafe-text), then the schema. */
function parse<S extends z.ZodType>(schema: S, input: Record<string, unknown>): { ok: true; data: z.output<S> } | ActionFailure {
  const unsafe = findUnsafeText(input);
  if (unsafe.length) return invalidFields(unsafe, input);
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : invalidFields(parsed.error.issues, input);
}

export function fromError(error: unknown, input: Record<string, unknown> = {}): ActionFailure {
  if (error instanceof ExpectedError) {
    return { ...failure(error.code, error.message), fieldErrors: error.fieldErrors, values: echo(input) };
  }
  console.error(error);
  return { ...failure('invalid', 'Something went wrong on our side and nothing was saved. Please try again.'), values: echo(input) };
}

function invalidFields(issues: readonly { path: PropertyKey[]; message: string }[], input: Record<string, unknown>): ActionFailure {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.join('.') || '_form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ...failure('invalid', 'Please correct the highlighted fields.'), fieldErrors, values: echo(input) };
}

export function forbiddenError() {
  return new ExpectedError('You are not allowed to do this in this organization.', undefined, 'forbidden');
}

function forbidden(): ActionFailure {
  return failure('forbidden', forbiddenError().message);
}

function failure(code: ActionFailure['code'], error: string): ActionFailure {
  return { ok: false, code, error };
}

/** FormData (minus Next's internal `$ACTION_…` fields) or a plain object, as a plain object. */
function toPlainInput(raw: unknown): Record<string, unknown> {
  if (raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const key of new Set(raw.keys())) {
      if (key.startsWith('$ACTION')) continue;
      const values = raw.getAll(key);
      out[key] = values.length > 1 ? values : values[0];
    }
    return out;
  }
  return raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {};
}

function echo(input: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => typeof value === 'string' && !/password/i.test(key)) as [string, string][],
  );
}

/** Declares an organization action with its types inferred; wrap it with orgAction() in app/, drive it with runOrgAction() in tests. */
export function defineOrgAction<S extends z.ZodType, T>(definition: OrgActionDefinition<S, T>): OrgActionDefinition<S, T> {
  return definition;
}
