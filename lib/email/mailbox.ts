import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { emailOutbox, invitations, memberships } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/queries';
import { env } from '@/lib/env';
import { hashInvitationToken } from '@/lib/invitations/token';

/**
 * The development mailbox (/dev/mailbox) fails closed: it exists only where
 * email goes nowhere else (no SMTP_URL, never with KEEL_ENV=production), and
 * shows a signed-in person only the email addressed to them. An owner also
 * sees the invitations their organization sent, since an invitee without an
 * account cannot sign in to read one. Nothing else: not a member's password
 * reset (an owner could take over the account, and with it the person's other
 * organizations), not another organization's mail to a shared address. Which
 * organization sent a message is known only for invitations (by the token in
 * their link); the outbox has no organization column.
 */
export function mailboxServed(settings: { KEEL_ENV: string; SMTP_URL?: string } = env): boolean {
  return settings.KEEL_ENV !== 'production' && !settings.SMTP_URL;
}

const invitationLink = /\/invite\/([A-Za-z0-9_-]{43})/;

/** The invitations (token hash → invitee) of every organization this person owns. */
async function ownedInvitations(db: Database, userId: string): Promise<Map<string, string>> {
  const owned = await db.withUser(userId, (tx) =>
    tx.select({ id: memberships.organizationId }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.role, 'owner'))),
  );
  const byHash = new Map<string, string>();
  for (const { id } of owned) {
    const rows = await db.withTenant(id, (tx) => tx.select({ tokenHash: invitations.tokenHash, email: invitations.email }).from(invitations));
    for (const row of rows) byHash.set(row.tokenHash, row.email.toLowerCase());
  }
  return byHash;
}

function visibleTo(user: CurrentUser, invited: Map<string, string>) {
  const own = user.email.toLowerCase();
  return (message: { to: string; text: string }) => {
    const to = message.to.toLowerCase();
    if (to === own) return true;
    const token = invitationLink.exec(message.text)?.[1];
    return token !== undefined && invited.get(hashInvitationToken(token)) === to;
  };
}

/** The newest messages this person may read, newest first. */
export async function listMailbox(db: Database, user: CurrentUser, limit = 100) {
  const invited = await ownedInvitations(db, user.id);
  const addresses = [user.email.toLowerCase(), ...new Set(invited.values())];
  const rows = await db.withoutTenant((tx) =>
    tx
      .select({
        id: emailOutbox.id,
        to: emailOutbox.to,
        subject: emailOutbox.subject,
        status: emailOutbox.status,
        transport: emailOutbox.transport,
        createdAt: emailOutbox.createdAt,
        text: emailOutbox.text,
      })
      .from(emailOutbox)
      .where(inArray(sql`lower(${emailOutbox.to})`, addresses))
      .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id)),
  );
  return rows
    .filter(visibleTo(user, invited))
    .slice(0, limit)
    .map((m) => ({ id: m.id, to: m.to, subject: m.subject, status: m.status, transport: m.transport, createdAt: m.createdAt }));
}

export type MailboxSummary = Awaited<ReturnType<typeof listMailbox>>[number];

/** One message with both parts, or null when it does not exist or is not this person's to read. */
export async function getMailboxMessage(db: Database, user: CurrentUser, id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db.withoutTenant((tx) => tx.select().from(emailOutbox).where(eq(emailOutbox.id, id)));
  if (!row) return null;
  return visibleTo(user, await ownedInvitations(db, user.id))(row) ? row : null;
}

export type MailboxMessage = NonNullable<Awaited<ReturnType<typeof getMailboxMessage>>>;
