import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { getDatabase, type Database } from '@/db';
import { getCurrentUser, type CurrentUser } from '@/lib/auth/session';
import {
  fromError,
  parseInput,
  runOrgAction,
  type ActionResult,
  type OrgActionDefinition,
} from './action-runner';

export type { ActionResult, ActionFailure, OrgActionContext } from './action-runner';

/**
 * The one wrapper for server actions inside an organization. The slug comes
 * from the page's URL (bound by the form) and is re-checked against the
 * database here; the role is never taken from the client or the token.
 *
 *   export const updateXAction = orgAction({ permission, schema, run });
 *   <form action={updateXAction.bind(null, slug)}> or useActionState(action.bind(null, slug), null)
 */
export function orgAction<S extends z.ZodType, T>(definition: OrgActionDefinition<S, T>) {
  return async (slug: string, _previous: unknown, raw: unknown): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    const result = await runOrgAction(await getDatabase(), user?.id ?? null, slug, definition, raw);
    if (result.ok) revalidatePath(`/${slug}`, 'layout');
    return result;
  };
}

/** Actions before an organization exists or outside one (sign-up, sign-in, account). */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  run: (ctx: { db: Database; user: CurrentUser | null }, input: z.output<S>) => Promise<T>,
) {
  return async (_previous: unknown, raw: unknown): Promise<ActionResult<T>> => {
    const parsed = parseInput(schema, raw);
    if (!parsed.ok) return parsed;
    try {
      const data = await run({ db: await getDatabase(), user: await getCurrentUser() }, parsed.data);
      return { ok: true, data };
    } catch (error) {
      // redirect() and notFound() work by throwing; they are not failures.
      unstable_rethrow(error);
      return fromError(error, parsed.input);
    }
  };
}
