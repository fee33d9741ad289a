import { randomUUID } from 'node:crypto';
import NextAuth, { CredentialsSignin, type DefaultSession } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDatabase } from '@/db';
import { baseAuthConfig } from './base-config';
import { authenticate } from './credentials';
import { clientIp } from './client-ip';
import { endSession } from './mutations';
import { signInSchema } from './schemas';

declare module 'next-auth' {
  interface Session {
    user: { id: string } & DefaultSession['user'];
    /** When this person signed in (ms); tokens older than users.sessions_valid_after are refused. */
    authAt: number;
    /** This sign-in's id, so that signing out can end it for good (ended_sessions). */
    sessionId: string | null;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    authAt?: number;
    sid?: string;
  }
}

/** Thrown from authorize so the sign-in form can say when to try again. The instant travels in `code`. */
export class SignInRateLimited extends CredentialsSignin {
  constructor(retryAt: Date) {
    super();
    this.code = `rate_limited:${retryAt.getTime()}`;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...baseAuthConfig,
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await authenticate(await getDatabase(), { ...parsed.data, ip: clientIp(request.headers) });
        if (result.ok) return result.user;
        if (result.reason === 'rate_limited') throw new SignInRateLimited(result.retryAt);
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // Only the user id (sub), the sign-in instant and its id live in the token; roles are read from the database.
      if (user) {
        token.authAt = Date.now();
        token.sid = randomUUID();
      }
      return { sub: token.sub, authAt: token.authAt, sid: token.sid };
    },
    session({ session, token }) {
      session.user.id = token.sub ?? '';
      session.authAt = token.authAt ?? 0;
      session.sessionId = token.sid ?? null;
      return session;
    },
  },
  events: {
    // Every way out ends the session for good, Auth.js's own /api/auth/signout included: clearing the
    // cookie alone leaves any copy of it working until it expires. Runs before the cookie is cleared.
    async signOut(message) {
      const sessionId = 'token' in message ? message.token?.sid : undefined;
      if (sessionId) await endSession(await getDatabase(), sessionId);
    },
  },
  logger: {
    // A wrong password is not a server error; keep the log for real ones.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(error);
    },
  },
});
