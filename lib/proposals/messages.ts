import { and, eq, inArray } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { memberships, users } from '@/db/schema';
import { enqueueEmail } from '@/lib/email/outbox';
import { emailLayout, oneLine } from '@/lib/email/templates';
import { env } from '@/lib/env';
import { notify } from '@/lib/notifications/mutations';

export type ProposalMessage = {
  kind: 'proposal.review_requested' | 'proposal.vote' | 'proposal.objection' | 'proposal.consensus' | 'proposal.approved' | 'proposal.rejected' | 'proposal.reminder' | 'proposal.decision_reminder';
  title: string;
  body: string;
  /** A path inside Keel, e.g. /acme/proposals/<id>. */
  link: string;
};

/**
 * Tells people in the app and by email, in the caller's transaction: if the
 * change rolls back, nobody hears of it. The actor is never told of their own act.
 */
export async function tellPeople(tx: TenantTx, organizationName: string, userIds: readonly (string | null)[], actorId: string | null, message: ProposalMessage) {
  const recipients = [...new Set(userIds.filter((id): id is string => !!id && id !== actorId))];
  if (recipients.length === 0) return;
  await notify(tx, recipients, message);
  const people = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, tx.organizationId), inArray(memberships.userId, recipients)));
  const body = emailLayout({
    organizationName,
    heading: message.title,
    paragraphs: [message.body],
    action: { label: 'Open the proposal', url: `${env.APP_URL}${message.link}` },
    footnotes: ['You receive this because you take part in this proposal.'],
  });
  for (const person of people) {
    await enqueueEmail(tx, { to: person.email, subject: oneLine(message.title), ...body });
  }
}
