import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';
import type { Database, Tx } from '@/db';
import { passwordResetRequests, users } from '@/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import type { SignUpInput } from '@/lib/auth/schemas';
import { enqueueEmail } from '@/lib/email/outbox';
import { emailLayout } from '@/lib/email/templates';
import { env } from '@/lib/env';
import { ExpectedError } from '@/lib/errors';
import { createAccountWithOrganization } from './mutations';

/**
 * Sign-up answers the same whether or not the email has an account, so the
 * form cannot tell anyone who uses Keel: nothing is created until the person
 * opens the link emailed to them. A new email gets that link; an existing
 * account gets an email saying so instead (with the way to sign in).
 *
 * The link carries the sign-up itself, encrypted and authenticated with
 * AUTH_SECRET (a JWE, as Auth.js seals sessions), password as its Argon2 hash:
 * no table holds pending sign-ups. It is single-use because the account it
 * creates takes the email.
 */
export const signUpLinkLifetimeMs = 24 * 60 * 60 * 1000;

/** Per email and per address, within an hour, like password-reset links: a sign-up sends an email either way. */
export const signUpRequestLimit = { perEmail: 5, perAddress: 20, windowMs: 60 * 60 * 1000 } as const;

const salt = 'keel.sign-up-link';

const linkSchema = z.object({
  name: z.string(),
  email: z.string(),
  organizationName: z.string(),
  passwordHash: z.string(),
  expiresAt: z.number(),
});

type SignUpLink = z.infer<typeof linkSchema>;

export type SignUpRequestResult = { ok: true; email: string } | { ok: false; retryAt: Date };

export async function requestSignUp(db: Database, input: SignUpInput & { ip: string }, now = new Date()): Promise<SignUpRequestResult> {
  // Hashed either way, so both answers take the same time.
  const passwordHash = await hashPassword(input.password);
  const link: SignUpLink = {
    name: input.name,
    email: input.email,
    organizationName: input.organizationName,
    passwordHash,
    expiresAt: now.getTime() + signUpLinkLifetimeMs,
  };
  const token = await encode({ token: link, secret: env.AUTH_SECRET, salt, maxAge: signUpLinkLifetimeMs / 1000 });
  return db.withoutTenant(async (tx) => {
    const retryAt = await takeRequest(tx, { email: input.email, ip: input.ip }, now);
    if (retryAt) return { ok: false, retryAt };
    const [existing] = await tx.select({ name: users.name }).from(users).where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
    await enqueueEmail(tx, existing ? alreadyRegisteredEmail(input, existing.name) : confirmationEmail(input, token));
    return { ok: true, email: input.email };
  });
}

/** Counts the request against the email and the address; when either is full, the instant it frees up. */
async function takeRequest(tx: Tx, who: { email: string; ip: string }, now: Date): Promise<Date | null> {
  // password_reset_requests is the one table of "emails sent on request" counts; sign-ups keep their own keys.
  const keys = { email: `sign-up:email:${who.email.toLowerCase()}`, ip: `sign-up:ip:${who.ip}` };
  const since = new Date(now.getTime() - signUpRequestLimit.windowMs);
  await tx.delete(passwordResetRequests).where(lt(passwordResetRequests.requestedAt, since));
  const recent = await tx
    .select({ key: passwordResetRequests.key, at: passwordResetRequests.requestedAt })
    .from(passwordResetRequests)
    .where(and(inArray(passwordResetRequests.key, [keys.email, keys.ip]), gt(passwordResetRequests.requestedAt, since)));
  const byEmail = recent.filter((r) => r.key === keys.email);
  const byIp = recent.filter((r) => r.key === keys.ip);
  const full = byEmail.length >= signUpRequestLimit.perEmail ? byEmail : byIp.length >= signUpRequestLimit.perAddress ? byIp : null;
  if (full) return new Date(Math.min(...full.map((r) => r.at.getTime())) + signUpRequestLimit.windowMs);
  await tx.insert(passwordResetRequests).values([
    { key: keys.email, requestedAt: now },
    { key: keys.ip, requestedAt: now },
  ]);
  return null;
}

function confirmationEmail(input: SignUpInput, token: string) {
  return {
    to: input.email,
    subject: `Finish creating ${input.organizationName} on Keel`,
    ...emailLayout({
      organizationName: input.organizationName,
      heading: 'Confirm your email address',
      paragraphs: [
        `Hello ${input.name},`,
        `Open this link to finish creating ${input.organizationName} on Keel. You will be asked for the password you chose.`,
      ],
      action: { label: 'Create my organization', url: `${env.APP_URL}/signup/confirm/${token}` },
      footnotes: ['The link works for 24 hours.', 'If you did not sign up for Keel, ignore this email: nothing is created without this link.'],
    }),
  };
}

function alreadyRegisteredEmail(input: SignUpInput, name: string) {
  return {
    to: input.email,
    subject: 'You already have a Keel account',
    ...emailLayout({
      organizationName: 'your Keel account',
      heading: 'You already have a Keel account',
      paragraphs: [
        `Hello ${name},`,
        `Someone (we hope you) tried to sign up for Keel with this email address, to create ${input.organizationName}. This address already has an account, so nothing was created. Sign in with it instead.`,
      ],
      action: { label: 'Sign in', url: `${env.APP_URL}/login` },
      footnotes: [
        `Forgot your password? Choose a new one at ${env.APP_URL}/forgot-password.`,
        'If this was not you, ignore this email: your account stays as it is.',
      ],
    }),
  };
}

export type SignUpLinkState =
  | { state: 'valid'; name: string; email: string; organizationName: string }
  | { state: 'invalid' | 'expired' | 'used' };

async function openLink(token: string): Promise<SignUpLink | null> {
  if (token.length > 4000) return null;
  try {
    const parsed = linkSchema.safeParse(await decode({ token, secret: env.AUTH_SECRET, salt }));
    return parsed.success ? parsed.data : null;
  } catch {
    // Tampered with, made with another secret, or past its expiry.
    return null;
  }
}

async function accountExists(db: Database, email: string): Promise<boolean> {
  const found = await db.withoutTenant((tx) => tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())));
  return found.length > 0;
}

/** What a sign-up link is now, for the page that opens it. */
export async function checkSignUpLink(db: Database, token: string, now = new Date()): Promise<SignUpLinkState> {
  const link = await openLink(token);
  if (!link) return { state: 'invalid' };
  if (link.expiresAt <= now.getTime()) return { state: 'expired' };
  if (await accountExists(db, link.email)) return { state: 'used' };
  return { state: 'valid', name: link.name, email: link.email, organizationName: link.organizationName };
}

export type ConfirmSignUpResult = { ok: true; email: string; slug: string } | { ok: false; state: 'invalid' | 'expired' | 'used' };

/**
 * Creates the account and organization a link describes, once the person
 * shows they chose its password (so the caller can sign them in with it).
 */
export async function confirmSignUp(db: Database, input: { token: string; password: string }, now = new Date()): Promise<ConfirmSignUpResult> {
  const link = await openLink(input.token);
  if (!link) return { ok: false, state: 'invalid' };
  if (link.expiresAt <= now.getTime()) return { ok: false, state: 'expired' };
  if (!(await verifyPassword(link.passwordHash, input.password))) {
    throw new ExpectedError('Please correct the highlighted fields.', { password: ['This is not the password you chose when you signed up'] });
  }
  try {
    const { slug } = await createAccountWithOrganization(db, link);
    return { ok: true, email: link.email, slug };
  } catch (error) {
    if (error instanceof ExpectedError && (await accountExists(db, link.email))) return { ok: false, state: 'used' };
    throw error;
  }
}
