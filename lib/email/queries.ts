import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { emailOutbox } from '@/db/schema';

/** The newest outbox messages first, for the development mailbox. */
export function listOutbox(tx: Tx, limit: number) {
  return tx
    .select({
      id: emailOutbox.id,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      transport: emailOutbox.transport,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit);
}

export type OutboxSummary = Awaited<ReturnType<typeof listOutbox>>[number];

/** One message with both parts; null for an unknown or malformed id. */
export async function getOutboxMessage(tx: Tx, id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row ?? null;
}

export type OutboxMessage = NonNullable<Awaited<ReturnType<typeof getOutboxMessage>>>;
