import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe. Only its hash is stored; the token lives in the email alone. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;
