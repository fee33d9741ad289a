import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { passwordResetRequests, passwordResetTokens, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { enqueueEmail } from '@/lib/email/outbox';
import { emailLayout } from '@/lib/email/templates';
import { env } from '@/lib/env';

export const resetTokenLifetimeMs = 30 * 60 * 1000;
/** Per email and per address, within an hour: enough for a person who mistyped, too few to flood an inbox. */
export const resetRequestLimit = { perEmail: 5, perAddress: 20, windowMs: 60 * 60 * 1000 } as const;

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newResetToken() {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashResetToken(token) };
}

export type ResetRequestResult = { ok: true } | { ok: false; retryAt: Date };

/**
 * Asks for a reset link. The answer is the same whether or not the email has
 * an account, and so is the work: a token is made and hashed and the request
 * counted either way; only the row and the email exist for a real account.
 */
export async function requestPasswordReset(db: Database, input: { email: string; ip: string }, now = new Date()): Promise<ResetRequestResult> {
  const email = input.email.trim().toLowerCase();
  const keys = { email: `email:${email}`, ip: `ip:${input.ip}` };
  const { token, tokenHash } = newResetToken();
  return db.withoutTenant(async (tx) => {
    const since = new Date(now.getTime() - resetRequestLimit.windowMs);
    await tx.delete(passwordResetRequests).where(lt(passwordResetRequests.requestedAt, since));
    const recent = await tx
      .select({ key: passwordResetRequests.key, at: passwordResetRequests.requestedAt })
      .from(passwordResetRequests)
      .where(and(inArray(passwordResetRequests.key, [keys.email, keys.ip]), gt(passwordResetRequests.requestedAt, since)));
    const byEmail = recent.filter((r) => r.key === keys.email);
    const byIp = recent.filter((r) => r.key === keys.ip);
    const full = byEmail.length >= resetRequestLimit.perEmail ? byEmail : byIp.length >= resetRequestLimit.perAddress ? byIp : null;
    if (full) {
      const oldest = Math.min(...full.map((r) => r.at.getTime()));
      return { ok: false, retryAt: new Date(oldest + resetRequestLimit.windowMs) };
    }
    await tx.insert(passwordResetRequests).values([
      { key: keys.email, requestedAt: now },
      { key: keys.ip, requestedAt: now },
    ]);
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email));
    if (!user) return { ok: true };
    // A new link makes every earlier one stop working.
    await tx
      .update(passwordResetTokens)
      .set({ supersededAt: now })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt), isNull(passwordResetTokens.supersededAt)));
    await tx.insert(passwordResetTokens).values({ userId: user.id, tokenHash, createdAt: now, expiresAt: new Date(now.getTime() + resetTokenLifetimeMs) });
    await enqueueEmail(tx, {
      to: user.email,
      subject: 'Reset your Keel password',
      ...emailLayout({
        organizationName: 'your Keel account',
        heading: 'Reset your password',
        paragraphs: [`Hello ${user.name},`, 'Someone (we hope you) asked to reset the password of your Keel account. Choose a new one with this link.'],
        action: { label: 'Choose a new password', url: `${env.APP_URL}/reset-password/${token}` },
        footnotes: [
          'The link works once, for 30 minutes. Asking for another link makes this one stop working.',
          'If you did not ask for this, ignore this email: your password stays as it is.',
        ],
      }),
    });
    return { ok: true };
  });
}

export type ResetTokenState =
  | { state: 'valid'; userId: string; email: string }
  | { state: 'expired' | 'used' | 'superseded' | 'unknown' };

/** What a reset link is now; the token itself is never stored, only looked up by its hash. */
export async function checkResetToken(db: Database, token: string, now = new Date()): Promise<ResetTokenState> {
  if (token.length > 100) return { state: 'unknown' };
  const [row] = await db.withoutTenant((tx) =>
    tx
      .select({
        userId: passwordResetTokens.userId,
        email: users.email,
        expiresAt: passwordResetTokens.expiresAt,
        usedAt: passwordResetTokens.usedAt,
        supersededAt: passwordResetTokens.supersededAt,
      })
      .from(passwordResetTokens)
      .innerJoin(users, eq(users.id, passwordResetTokens.userId))
      .where(eq(passwordResetTokens.tokenHash, hashResetToken(token))),
  );
  if (!row) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used' };
  if (row.supersededAt) return { state: 'superseded' };
  if (row.expiresAt <= now) return { state: 'expired' };
  return { state: 'valid', userId: row.userId, email: row.email };
}

export type ResetResult = { ok: true; userId: string; email: string } | { ok: false; state: Exclude<ResetTokenState['state'], 'valid'> };

/**
 * Sets the new password (already checked against the sign-up rules) and uses
 * up the link, compare-and-set so two submissions of one link get one winner.
 * Every session issued before `now` ends; the caller signs the person in anew.
 */
export async function resetPassword(db: Database, input: { token: string; password: string }, now = new Date()): Promise<ResetResult> {
  const before = await checkResetToken(db, input.token, now);
  if (before.state !== 'valid') return { ok: false, state: before.state };
  const passwordHash = await hashPassword(input.password);
  return db.withoutTenant(async (tx) => {
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashResetToken(input.token)),
          isNull(passwordResetTokens.usedAt),
          isNull(passwordResetTokens.supersededAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!used) return { ok: false, state: 'used' } as const;
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionsValidAfter: now })
      .where(eq(users.id, used.userId))
      .returning({ id: users.id, email: users.email });
    // Other live links of this person stop working too: the password they were for is gone.
    await tx
      .update(passwordResetTokens)
      .set({ supersededAt: now })
      .where(and(eq(passwordResetTokens.userId, used.userId), isNull(passwordResetTokens.usedAt), isNull(passwordResetTokens.supersededAt)));
    return { ok: true, userId: user!.id, email: user!.email } as const;
  });
}
