import { and, asc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { emailOutbox } from '@/db/schema';
import type { OutgoingEmail, Transport } from './transport';

/**
 * Delivers the email outbox. A message is claimed in one short transaction
 * (FOR UPDATE SKIP LOCKED, so concurrent workers on PostgreSQL never claim the
 * same row) and sent outside any transaction: PGlite runs one transaction at a
 * time, and a slow SMTP server must not hold up the app.
 *
 * A claim is a lease. A worker that dies mid-send leaves the row 'sending'
 * until the lease runs out, then any worker takes it over. Every update after
 * the claim is guarded by the attempt number it claimed, so a worker whose
 * lease was taken over changes nothing.
 */

export const maxAttempts = 8;
export const defaultBatch = 10;
const defaultLeaseMs = 5 * 60_000;

/** 30 s, 1 min, 2 min, … capped at an hour, after the given (1-based) attempt failed. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 60 * 60_000);
}

export type ClaimedEmail = OutgoingEmail & { attempts: number };
type Options = { batch?: number; leaseMs?: number };

/** Takes up to `batch` due messages for this worker. Exported so tests can play a worker that crashes after claiming. */
export async function claimDueEmails(db: Database, now = new Date(), options: Options = {}): Promise<ClaimedEmail[]> {
  const { batch = defaultBatch, leaseMs = defaultLeaseMs } = options;
  const leaseExpired = and(eq(emailOutbox.status, 'sending'), lt(emailOutbox.leaseUntil, now));
  return db.withoutTenant(async (tx) => {
    // A message whose every attempt ended with the worker gone (say, it crashes the process) stops here.
    await tx
      .update(emailOutbox)
      .set({ status: 'failed', leaseUntil: null, lastError: 'The worker stopped while sending, on every attempt.' })
      .where(and(leaseExpired, gte(emailOutbox.attempts, maxAttempts)));
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(or(and(eq(emailOutbox.status, 'pending'), lte(emailOutbox.nextAttemptAt, now)), leaseExpired))
      .orderBy(asc(emailOutbox.createdAt))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(emailOutbox)
      .set({ status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${emailOutbox.attempts} + 1` })
      .where(inArray(emailOutbox.id, due.map((d) => d.id)))
      .returning({
        id: emailOutbox.id,
        to: emailOutbox.to,
        subject: emailOutbox.subject,
        text: emailOutbox.text,
        html: emailOutbox.html,
        attempts: emailOutbox.attempts,
      });
    // RETURNING has no order: send oldest first, as claimed.
    const position = new Map(due.map((d, i) => [d.id, i]));
    return claimed.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  });
}

/** Sends what this worker claimed, one by one, and records each outcome. */
export async function sendClaimedEmails(
  db: Database,
  transport: Transport,
  claimed: ClaimedEmail[],
  now = new Date(),
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const { attempts, ...email } of claimed) {
    const stillOurs = and(eq(emailOutbox.id, email.id), eq(emailOutbox.status, 'sending'), eq(emailOutbox.attempts, attempts));
    try {
      await transport.send(email);
    } catch (error) {
      failed++;
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const giveUp = attempts >= maxAttempts;
      await db.withoutTenant((tx) =>
        tx
          .update(emailOutbox)
          .set({
            status: giveUp ? 'failed' : 'pending',
            nextAttemptAt: giveUp ? undefined : new Date(now.getTime() + retryDelayMs(attempts)),
            leaseUntil: null,
            lastError,
          })
          .where(stillOurs),
      );
      continue;
    }
    sent++;
    await db.withoutTenant((tx) =>
      tx
        .update(emailOutbox)
        .set({ status: 'sent', sentAt: new Date(), transport: transport.name, leaseUntil: null, lastError: null })
        .where(stillOurs),
    );
  }
  return { sent, failed };
}

/** One pass: claim the due messages, then send them outside any transaction. */
export async function deliverDueEmails(
  db: Database,
  transport: Transport,
  now = new Date(),
  options?: Options,
): Promise<{ sent: number; failed: number }> {
  const claimed = await claimDueEmails(db, now, options);
  return sendClaimedEmails(db, transport, claimed, now);
}

/**
 * Delivers in the background every `intervalMs` until stopped. Passes never
 * overlap (the next is scheduled when one ends); a failed pass is logged and
 * the loop goes on.
 */
export function startEmailWorker(
  db: Database,
  transport: Transport,
  intervalMs = 2000,
  /** Other due work that produces email (reminders), run at the start of each pass. */
  beforePass?: () => Promise<unknown>,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();

  async function pass() {
    try {
      // A full batch suggests more are due: keep going rather than wait an interval per batch.
      await beforePass?.();
      let result;
      do {
        result = await deliverDueEmails(db, transport);
      } while (!stopped && result.sent + result.failed === defaultBatch);
    } catch (error) {
      console.error('[mail] delivery pass failed; trying again shortly', error);
    }
    if (!stopped) timer = setTimeout(() => (current = pass()), intervalMs);
  }

  current = pass();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
