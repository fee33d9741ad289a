import type { NextAuthConfig } from 'next-auth';
import { env } from '@/lib/env';

/** How long a session token lives; an ended session is remembered as long (ended_sessions). */
export const sessionMaxAgeSeconds = 30 * 24 * 60 * 60;

/**
 * The part of the Auth.js configuration that needs no database, shared by the
 * proxy (which only asks "is there a valid token?") and the full config.
 */
export const baseAuthConfig = {
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds },
  pages: { signIn: '/login' },
  providers: [],
} satisfies NextAuthConfig;
