import { createHash, randomBytes } from 'node:crypto';

/** `keel_` + base64url of 32 random bytes: 256 bits, so a plain SHA-256 is enough to store it. */
export const TOKEN_PATTERN = /^keel_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 'keel_'.length + 6;

export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = `keel_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
