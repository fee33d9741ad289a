import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, TenantTx } from '@/db';
import { memberships, organizations, orgUnits, users } from '@/db/schema';
import { appendAudit } from '@/lib/audit/mutations';
import { hashPassword } from '@/lib/auth/password';
import type { SignUpInput } from '@/lib/auth/schemas';
import { ExpectedError } from '@/lib/errors';
import { organizationPolicySchema, readPolicy } from './policy';
import { slugCandidate, slugify } from './slug';
import type { OrganizationSettingsInput, ScoringPolicyInput } from './schemas';

/**
 * Sign-up: the account, its organization, the company unit and the owner
 * membership, all in one transaction, so nothing is ever half-written.
 */
export async function signUp(db: Database, input: SignUpInput): Promise<{ userId: string; slug: string }> {
  if (await emailTaken(db, input.email)) throw emailTakenError();
  return createAccountWithOrganization(db, { ...input, passwordHash: await hashPassword(input.password) });
}

/** signUp with the password already hashed (a confirmed sign-up link carries the hash, never the password). */
export async function createAccountWithOrganization(
  db: Database,
  input: Omit<SignUpInput, 'password'> & { passwordHash: string },
): Promise<{ userId: string; slug: string }> {
  const { passwordHash } = input;
  const organizationId = randomUUID();
  return db.withTenant(organizationId, async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id });
    // The email is taken (perhaps by a sign-up that won a race with this one).
    if (!user) throw emailTakenError();
    const slug = await createOrganization(tx, { name: input.organizationName, ownerUserId: user.id });
    return { userId: user.id, slug };
  });
}

export async function emailTaken(db: Database, email: string): Promise<boolean> {
  const found = await db.withoutTenant((tx) =>
    tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())).limit(1),
  );
  return found.length > 0;
}

function emailTakenError() {
  return new ExpectedError('An account with this email already exists. Sign in instead.', {
    email: ['An account with this email already exists. Sign in instead.'],
  });
}

/**
 * Creates the organization withTenant is scoped to (tx.organizationId), with
 * a unique slug derived from its name, its company unit and its first owner.
 */
export async function createOrganization(
  tx: TenantTx,
  input: { name: string; ownerUserId: string; slug?: string },
): Promise<string> {
  const base = input.slug ?? slugify(input.name);
  let slug: string | undefined;
  // The unique index decides, not a prior read: two sign-ups racing for "acme" both succeed, one as acme-2.
  for (let attempt = 0; !slug; attempt++) {
    const candidate = attempt < 50 ? slugCandidate(base, attempt) : `${base.slice(0, 39)}-${randomUUID().slice(0, 8)}`;
    const [created] = await tx
      .insert(organizations)
      .values({ id: tx.organizationId, name: input.name, slug: candidate, policy: organizationPolicySchema.parse({}) })
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ slug: organizations.slug });
    slug = created?.slug;
  }
  const [company] = await tx
    .insert(orgUnits)
    .values({ organizationId: tx.organizationId, kind: 'company', name: input.name })
    .returning({ id: orgUnits.id });
  await tx.insert(memberships).values({ organizationId: tx.organizationId, userId: input.ownerUserId, role: 'owner' });
  await appendAudit(tx, input.ownerUserId, [
    { action: 'organization.create', entityType: 'organization', entityId: tx.organizationId, after: { name: input.name, slug } },
    { action: 'unit.create', entityType: 'org_unit', entityId: company!.id, after: { kind: 'company', name: input.name } },
    { action: 'membership.create', entityType: 'membership', entityId: input.ownerUserId, after: { role: 'owner' } },
  ]);
  return slug;
}

/** Renames the organization and sets its fiscal year and time zone; the company unit keeps the organization's name. */
export async function updateOrganizationSettings(tx: TenantTx, input: OrganizationSettingsInput) {
  const fields = { name: organizations.name, fiscalYearStartMonth: organizations.fiscalYearStartMonth, timeZone: organizations.timeZone };
  const [before] = await tx.select(fields).from(organizations).where(eq(organizations.id, tx.organizationId));
  if (!before) throw new ExpectedError('Organization not found');
  const [after] = await tx
    .update(organizations)
    .set({ name: input.name, fiscalYearStartMonth: input.fiscalYearStartMonth, timeZone: input.timeZone ?? before.timeZone })
    .where(eq(organizations.id, tx.organizationId))
    .returning(fields);
  await tx
    .update(orgUnits)
    .set({ name: input.name })
    .where(sql`${orgUnits.organizationId} = ${tx.organizationId} and ${orgUnits.kind} = 'company'`);
  return { before, after: after! };
}

/** Writes the scoring and vital-few settings into the organization's policy, keeping its other settings. */
export async function updateScoringPolicy(tx: TenantTx, input: ScoringPolicyInput) {
  const [row] = await tx.select({ policy: organizations.policy }).from(organizations).where(eq(organizations.id, tx.organizationId));
  if (!row) throw new ExpectedError('Organization not found');
  const before = readPolicy(row.policy);
  const after = readPolicy({
    ...before,
    scoreCap: input.scoreCap,
    statusThresholds: { green: input.green, amber: input.amber },
    vitalFew: { mode: input.vitalFewMode, company: input.vitalFewCompany, department: input.vitalFewDepartment, teamPerGoal: input.vitalFewTeamPerGoal },
    overdueGraceDays: input.overdueGraceDays,
  });
  await tx.update(organizations).set({ policy: after }).where(eq(organizations.id, tx.organizationId));
  return { before, after };
}

/** Records activity for the members page, at most once every five minutes per person. */
export async function touchMembership(tx: TenantTx, userId: string): Promise<void> {
  await tx
    .update(memberships)
    .set({ lastActiveAt: sql`now()` })
    .where(
      and(
        eq(memberships.organizationId, tx.organizationId),
        eq(memberships.userId, userId),
        or(isNull(memberships.lastActiveAt), lt(memberships.lastActiveAt, sql`now() - interval '5 minutes'`)),
      ),
    );
}
