import { z } from 'zod';
import type { Tx } from '@/db';
import { emailOutbox } from '@/db/schema';
import { oneLine } from './templates';

const messageSchema = z.object({
  to: z.email(),
  subject: z.string().transform(oneLine).pipe(z.string().min(1).max(300)),
  text: z.string().min(1),
  html: z.string().min(1),
});

/**
 * Queues an email in the caller's transaction: it is sent only if that
 * transaction commits, and the worker (lib/email/worker.ts) delivers it.
 * Works in withTenant too (a TenantTx is a Tx): the outbox is a global table.
 */
export async function enqueueEmail(tx: Tx, message: { to: string; subject: string; text: string; html: string }): Promise<void> {
  const { to, subject, text, html } = messageSchema.parse(message);
  await tx.insert(emailOutbox).values({ to, subject, text, html });
}
