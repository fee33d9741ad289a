import { and, asc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '@/db';
import { jobs } from '@/db/schema';

/**
 * The durable job queue: scheduled work (the daily overdue digest) kept as
 * rows, so it survives restarts and is shared by every worker process.
 *
 * The design is the email outbox's (lib/email/worker.ts): a job is claimed in
 * one short transaction (FOR UPDATE SKIP LOCKED) with a lease; a worker that
 * dies leaves it 'running' until the lease runs out, then any worker takes it
 * over; every update after the claim is guarded by the attempt number it
 * claimed, so a worker whose lease was taken over changes nothing.
 *
 * A handler finishes its job by calling `done(tx)` in the transaction that
 * does its work (say, queues the digest email): the work and the mark commit
 * together or not at all, so a job's effect happens once.
 */

export const maxJobAttempts = 5;
export const defaultJobBatch = 10;
const defaultLeaseMs = 5 * 60_000;

/** 1 min, 2 min, 4 min, … capped at an hour, after the given (1-based) attempt failed. */
export function jobRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** (attempts - 1), 60 * 60_000);
}

export type NewJob = { kind: string; key: string; payload?: Record<string, unknown>; runAt?: Date };

/**
 * Queues a job in the caller's transaction unless one with the same key exists
 * (whatever its state): a key names one piece of work once ("overdue_digest:<org>:<day>").
 * Returns whether this call created it.
 */
export async function enqueueJob(tx: Tx, job: NewJob): Promise<boolean> {
  const created = await tx
    .insert(jobs)
    .values({ kind: job.kind, key: job.key, payload: job.payload ?? {}, runAt: job.runAt ?? new Date() })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id });
  return created.length > 0;
}

export type ClaimedJob = { id: string; kind: string; key: string; payload: Record<string, unknown>; attempts: number };

/** Raised by `done` when the lease was taken over: it rolls back the handler's transaction. */
export class JobLeaseLostError extends Error {
  constructor(key: string) {
    super(`The lease on job ${key} was taken over by another worker`);
  }
}

export type JobHandler = (db: Database, job: ClaimedJob, done: (tx: Tx) => Promise<void>) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;
type Options = { batch?: number; leaseMs?: number };

const leaseExpired = (now: Date) => and(eq(jobs.status, 'running'), lt(jobs.leaseUntil, now));

/** Takes up to `batch` due jobs for this worker. Exported so tests can play a worker that crashes after claiming. */
export async function claimDueJobs(db: Database, now = new Date(), options: Options = {}): Promise<ClaimedJob[]> {
  const { batch = defaultJobBatch, leaseMs = defaultLeaseMs } = options;
  return db.withoutTenant(async (tx) => {
    // A job whose every attempt ended with the worker gone stops here.
    await tx
      .update(jobs)
      .set({ status: 'failed', leaseUntil: null, lastError: 'The worker stopped while running it, on every attempt.' })
      .where(and(leaseExpired(now), gte(jobs.attempts, maxJobAttempts)));
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(or(and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)), leaseExpired(now)))
      .orderBy(asc(jobs.runAt), asc(jobs.createdAt))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(jobs)
      .set({ status: 'running', leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due.map((d) => d.id)))
      .returning({ id: jobs.id, kind: jobs.kind, key: jobs.key, payload: jobs.payload, attempts: jobs.attempts });
    const position = new Map(due.map((d, i) => [d.id, i]));
    return claimed
      .map((c) => ({ ...c, payload: (c.payload ?? {}) as Record<string, unknown> }))
      .sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  });
}

/** Runs what this worker claimed, one by one, and records each outcome. */
export async function runClaimedJobs(
  db: Database,
  handlers: JobHandlers,
  claimed: readonly ClaimedJob[],
  now = new Date(),
): Promise<{ done: number; failed: number }> {
  let doneCount = 0;
  let failed = 0;
  for (const job of claimed) {
    const stillOurs = and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts));
    let marked = false;
    const done = async (tx: Tx) => {
      const rows = await tx
        .update(jobs)
        .set({ status: 'done', doneAt: new Date(), leaseUntil: null, lastError: null })
        .where(stillOurs)
        .returning({ id: jobs.id });
      if (rows.length === 0) throw new JobLeaseLostError(job.key);
      marked = true;
    };
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`No handler for jobs of kind "${job.kind}"`);
      await handler(db, job, done);
      // A handler with nothing to commit of its own may leave the mark to us.
      if (!marked) await db.withoutTenant(done);
      doneCount++;
    } catch (error) {
      if (error instanceof JobLeaseLostError) continue;
      failed++;
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const giveUp = job.attempts >= maxJobAttempts;
      await db.withoutTenant((tx) =>
        tx
          .update(jobs)
          .set({
            status: giveUp ? 'failed' : 'pending',
            runAt: giveUp ? undefined : new Date(now.getTime() + jobRetryDelayMs(job.attempts)),
            leaseUntil: null,
            lastError,
          })
          .where(stillOurs),
      );
    }
  }
  return { done: doneCount, failed };
}

/**
 * One pass: claim the due jobs and run them, again while any are due (a job
 * may queue others, as the daily schedule does), up to a bound so a pass ends.
 */
export async function runDueJobs(db: Database, handlers: JobHandlers, now = new Date(), options?: Options): Promise<{ done: number; failed: number }> {
  const total = { done: 0, failed: 0 };
  for (let round = 0; round < 20; round++) {
    const claimed = await claimDueJobs(db, now, options);
    if (claimed.length === 0) break;
    const result = await runClaimedJobs(db, handlers, claimed, now);
    total.done += result.done;
    total.failed += result.failed;
  }
  return total;
}
