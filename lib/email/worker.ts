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
 * A pass delivers through a few lanes at once, each claiming one message at a
 * time, and every message has a hard deadline that aborts its connection: a
 * mail server that stops answering holds one lane for one deadline, never the
 * rest of the queue.
 *
 * A claim is a lease of a few deadlines. A worker that dies mid-send leaves the
 * row 'sending' until the lease runs out, then any worker takes it over. Every
 * update after the claim is guarded by the attempt number it claimed, so a
 * worker whose lease was taken over changes nothing. A message is marked sent
 * in its own statement as soon as the server accepts it, so the only window for
 * a second copy is a death between that acceptance and that statement (the
 * stable Message-ID lets receiving servers drop it).
 */

export const maxAttempts = 8;
export const defaultBatch = 10;
export const defaultDeadlineMs = 30_000;
export const defaultConcurrency = 4;
/** Long enough for one send (its deadline) and the statements around it, with room to spare. */
export const leaseDeadlines = 3;

/** 30 s, 1 min, 2 min, … capped at an hour, after the given (1-based) attempt failed. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 60 * 60_000);
}

export type ClaimedEmail = OutgoingEmail & { attempts: number };
export type DeliveryOptions = {
  /** At most this many messages per pass. */
  batch?: number;
  /** How long one message may take to be accepted before its connection is aborted. */
  deadlineMs?: number;
  /** Messages in flight at once. */
  concurrency?: number;
  /** How long a claim lasts; defaults to `leaseDeadlines` deadlines and must exceed one. */
  leaseMs?: number;
  /** The pass's time; defaults to the `now` it was given, moved on by the time the pass has taken. */
  clock?: () => Date;
};

function resolveOptions(options: DeliveryOptions) {
  const { batch = defaultBatch, deadlineMs = defaultDeadlineMs, concurrency = defaultConcurrency } = options;
  const leaseMs = options.leaseMs ?? leaseDeadlines * deadlineMs;
  for (const [name, value] of Object.entries({ batch, deadlineMs, concurrency, leaseMs })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`Email delivery: ${name} must be a positive whole number, not ${value}.`);
  }
  // A lease that ran out while its message was still being sent would let a second worker send it too.
  if (leaseMs <= deadlineMs) {
    throw new Error(`Email delivery: the lease (${leaseMs} ms) must be longer than the per-message deadline (${deadlineMs} ms).`);
  }
  return { batch, deadlineMs, concurrency, leaseMs };
}

/** The error a message that missed its deadline is retried with. */
export class DeadlineError extends Error {
  constructor(deadlineMs: number) {
    super(`The mail server did not accept the message within the ${deadlineMs / 1000} s deadline; the connection was closed.`);
    this.name = 'DeadlineError';
  }
}

/**
 * Sends one message, giving up at the deadline whatever the transport does: the
 * abort tells it to close its connection, and the race stops waiting for it even
 * if it does not.
 */
async function sendWithinDeadline(transport: Transport, email: OutgoingEmail, deadlineMs: number): Promise<void> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineError(deadlineMs);
      controller.abort(error);
      reject(error);
    }, deadlineMs);
  });
  const sending = transport.send(email, controller.signal);
  // After the deadline nobody awaits the send any more: its late failure is expected, not unhandled.
  sending.catch(() => {});
  try {
    await Promise.race([sending, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The pass's clock: the `now` it was given, moved on by the time the pass has
 * taken, so a lease or a retry taken after a slow send counts from then.
 */
function passClock(now: Date, options: DeliveryOptions): () => Date {
  if (options.clock) return options.clock;
  const started = performance.now();
  return () => new Date(now.getTime() + Math.round(performance.now() - started));
}

/** Takes up to `batch` due messages for this worker. Exported so tests can play a worker that crashes after claiming. */
export async function claimDueEmails(db: Database, now = new Date(), options: DeliveryOptions = {}): Promise<ClaimedEmail[]> {
  const { batch, leaseMs } = resolveOptions(options);
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

/** Sends one claimed message within its deadline and records the outcome. */
async function deliverClaimed(
  db: Database,
  transport: Transport,
  { attempts, ...email }: ClaimedEmail,
  clock: () => Date,
  deadlineMs: number,
): Promise<'sent' | 'failed'> {
  const stillOurs = and(eq(emailOutbox.id, email.id), eq(emailOutbox.status, 'sending'), eq(emailOutbox.attempts, attempts));
  try {
    await sendWithinDeadline(transport, email, deadlineMs);
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const giveUp = attempts >= maxAttempts;
    await db.withoutTenant((tx) =>
      tx
        .update(emailOutbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          nextAttemptAt: giveUp ? undefined : new Date(clock().getTime() + retryDelayMs(attempts)),
          leaseUntil: null,
          lastError,
        })
        .where(stillOurs),
    );
    return 'failed';
  }
  // Accepted: record it now, in a statement of its own, before anything else can go wrong.
  await db.withoutTenant((tx) =>
    tx
      .update(emailOutbox)
      .set({ status: 'sent', sentAt: clock(), transport: transport.name, leaseUntil: null, lastError: null })
      .where(stillOurs),
  );
  return 'sent';
}

/**
 * Runs `lanes` copies of `lane` until each returns false, then reports the
 * first error any of them threw (the others are not cut short by it).
 */
async function runLanes(lanes: number, lane: () => Promise<boolean>): Promise<void> {
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      try {
        while (await lane());
      } catch (error) {
        errors.push(error);
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}

/** Sends what this worker claimed, a few at once, and records each outcome. */
export async function sendClaimedEmails(
  db: Database,
  transport: Transport,
  claimed: ClaimedEmail[],
  now = new Date(),
  options: DeliveryOptions = {},
): Promise<{ sent: number; failed: number }> {
  const { deadlineMs, concurrency } = resolveOptions(options);
  const clock = passClock(now, options);
  const result = { sent: 0, failed: 0 };
  const queue = [...claimed];
  await runLanes(Math.min(concurrency, queue.length), async () => {
    const next = queue.shift();
    if (!next) return false;
    result[await deliverClaimed(db, transport, next, clock, deadlineMs)]++;
    return true;
  });
  return result;
}

/**
 * One pass: up to `concurrency` lanes, each claiming one due message at a time
 * and sending it outside any transaction, until nothing is due or `batch`
 * messages were taken. A claim per message keeps each lease as short as one send.
 */
export async function deliverDueEmails(
  db: Database,
  transport: Transport,
  now = new Date(),
  options: DeliveryOptions = {},
): Promise<{ sent: number; failed: number }> {
  const { batch, deadlineMs, concurrency, leaseMs } = resolveOptions(options);
  const clock = passClock(now, options);
  const result = { sent: 0, failed: 0 };
  let taken = 0;
  let drained = false;
  await runLanes(Math.min(concurrency, batch), async () => {
    if (drained || taken >= batch) return false;
    taken++;
    const [claimed] = await claimDueEmails(db, clock(), { batch: 1, deadlineMs, leaseMs });
    if (!claimed) {
      taken--;
      drained = true;
      return false;
    }
    result[await deliverClaimed(db, transport, claimed, clock, deadlineMs)]++;
    return true;
  });
  return result;
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
  options: DeliveryOptions = {},
): { stop(): Promise<void> } {
  const { batch } = resolveOptions(options);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();

  async function pass() {
    try {
      // A full batch suggests more are due: keep going rather than wait an interval per batch.
      await beforePass?.();
      let result;
      do {
        result = await deliverDueEmails(db, transport, new Date(), options);
      } while (!stopped && result.sent + result.failed === batch);
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
