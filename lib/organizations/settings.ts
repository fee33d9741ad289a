import { and, eq, sql } from 'drizzle-orm';
import type { TenantTx, UserTx } from '@/db';
import { rowsOf } from '@/db/client';
import { memberships, organizations, organizationSlugRedirects } from '@/db/schema';
import { ExpectedError } from '@/lib/errors';
import { unsafeTextProblem } from '@/lib/unsafe-text';
import { readPolicy } from './policy';
import { isValidSlug, reservedSlugs, slugCandidate, slugify } from './slug';
import type { ApprovalPolicyInput } from './settings-schemas';

async function slugTaken(tx: TenantTx, slug: string): Promise<boolean> {
  const [row] = rowsOf<{ taken: boolean }>(await tx.execute(sql`select organization_slug_taken(${slug}) as taken`));
  return Boolean(row?.taken);
}

/** The first free variant of a slug (acme-2, acme-3, …), to offer when it is taken or reserved. */
async function suggestSlug(tx: TenantTx, base: string): Promise<string | null> {
  const clean = slugify(base);
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = slugCandidate(clean, attempt);
    if (isValidSlug(candidate) && !(await slugTaken(tx, candidate))) return candidate;
  }
  return null;
}

/**
 * Gives the organization a new slug. The old one is kept as a redirect so
 * links and bookmarks keep working; taking back one of its own old slugs is
 * allowed. A reserved, malformed or taken slug is refused with a suggestion.
 */
export async function changeSlug(tx: TenantTx, slug: string) {
  const [current] = await tx.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, tx.organizationId)).for('update');
  if (!current) throw new ExpectedError('Organization not found', undefined, 'not_found');
  if (current.slug === slug) return { before: current.slug, after: slug, changed: false };
  const refuse = async (why: string) => {
    const suggestion = await suggestSlug(tx, slug);
    const message = suggestion ? `${why} Try “${suggestion}”.` : why;
    throw new ExpectedError('Please correct the highlighted fields.', { slug: [message] });
  };
  if (reservedSlugs.has(slug)) await refuse(`“${slug}” is reserved for a page of Keel.`);
  if (!isValidSlug(slug)) {
    await refuse('Use 1 to 48 lowercase letters, digits and hyphens, starting and ending with a letter or digit.');
  }
  if (await slugTaken(tx, slug)) await refuse(`“${slug}” is taken by another organization.`);
  await tx.delete(organizationSlugRedirects).where(eq(organizationSlugRedirects.slug, slug));
  await tx.insert(organizationSlugRedirects).values({ slug: current.slug, organizationId: tx.organizationId }).onConflictDoNothing();
  const updated = await tx
    .update(organizations)
    .set({ slug })
    .where(eq(organizations.id, tx.organizationId))
    .returning({ slug: organizations.slug })
    .catch((error: unknown) => {
      // Another organization took it between the check and now: the unique index decides.
      if (String((error as { cause?: Error }).cause?.message ?? error).includes('unique')) return null;
      throw error;
    });
  if (!updated) await refuse(`“${slug}” is taken by another organization.`);
  return { before: current.slug, after: slug, changed: true };
}

/** Where an old slug lives now, for a member of that organization; null for anyone else or an unknown slug. */
export async function resolveSlugRedirect(tx: UserTx, slug: string): Promise<string | null> {
  if (unsafeTextProblem(slug)) return null;
  const [row] = await tx
    .select({ slug: organizations.slug })
    .from(organizationSlugRedirects)
    .innerJoin(organizations, eq(organizations.id, organizationSlugRedirects.organizationId))
    .innerJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, tx.userId)))
    .where(eq(organizationSlugRedirects.slug, slug))
    .limit(1);
  return row?.slug ?? null;
}

/** `/old/kpis/1?x=y` → `/new/kpis/1?x=y`. */
export function redirectedPath(path: string, newSlug: string): string {
  const match = path.match(/^\/[^/?#]+(.*)$/);
  return `/${newSlug}${match ? match[1] : ''}`;
}

/** Consensus rule and self-approval, kept beside the organization's other policies. */
export async function updateApprovalPolicy(tx: TenantTx, input: ApprovalPolicyInput) {
  const [row] = await tx.select({ policy: organizations.policy }).from(organizations).where(eq(organizations.id, tx.organizationId));
  if (!row) throw new ExpectedError('Organization not found', undefined, 'not_found');
  const before = readPolicy(row.policy);
  const after = readPolicy({ ...before, consensus: input.consensus, allowSelfApproval: input.allowSelfApproval });
  await tx.update(organizations).set({ policy: after }).where(eq(organizations.id, tx.organizationId));
  return {
    before: { consensus: before.consensus, allowSelfApproval: before.allowSelfApproval },
    after: { consensus: after.consensus, allowSelfApproval: after.allowSelfApproval },
  };
}
