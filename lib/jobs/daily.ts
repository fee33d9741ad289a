import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { rowsOf } from '@/db/client';
import { todayIso, type IsoDate } from '@/lib/periods';
import { overdueDigestKey, sendOverdueDigest } from './overdue-digest';
import { enqueueJob, runDueJobs, type JobHandlers } from './queue';

/**
 * The daily jobs. Each UTC day one schedule job ("overdue_digest:<day>") fans
 * out to one job per organization ("overdue_digest:<org>:<day>"); the keys
 * make each exist once however many workers schedule it, so an owner gets at
 * most one digest a day, even across restarts.
 */

const dayOf = (payload: Record<string, unknown>): IsoDate => {
  const day = payload.day;
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`A daily job needs a day, got ${JSON.stringify(day)}`);
  return day;
};

/** Daily jobs are due from the start of their UTC day. */
const startOf = (day: IsoDate) => new Date(`${day}T00:00:00Z`);

export const jobHandlers: JobHandlers = {
  async 'overdue_digest.schedule'(db, job, done) {
    const day = dayOf(job.payload);
    await db.withoutTenant(async (tx) => {
      const ids = rowsOf<{ organization_id: string }>(await tx.execute(sql`select organization_id from organization_ids_for_jobs()`));
      for (const { organization_id: organizationId } of ids) {
        await enqueueJob(tx, { kind: 'overdue_digest', key: overdueDigestKey(organizationId, day), payload: { organizationId, day }, runAt: startOf(day) });
      }
      await done(tx);
    });
  },
  async overdue_digest(db, job, done) {
    const day = dayOf(job.payload);
    const organizationId = job.payload.organizationId;
    if (typeof organizationId !== 'string') throw new Error('An overdue digest job needs an organizationId');
    // The emails and the job's mark commit together: the digest goes out once.
    await db.withTenant(organizationId, async (tx) => {
      await sendOverdueDigest(tx, day);
      await done(tx);
    });
  },
};

// The day each database last had its daily jobs queued by this process: saves an insert every pass.
const scheduled = new WeakMap<Database, IsoDate>();

/** Queues today's daily jobs (a no-op once they exist, in this process or any other). */
export async function scheduleDailyJobs(db: Database, now = new Date()): Promise<void> {
  const day = todayIso(now);
  if (scheduled.get(db) === day) return;
  await db.withoutTenant((tx) => enqueueJob(tx, { kind: 'overdue_digest.schedule', key: `overdue_digest:${day}`, payload: { day }, runAt: startOf(day) }));
  scheduled.set(db, day);
}

/** What the worker does each pass, besides delivering email: schedule today's jobs and run the due ones. */
export async function runDailyWork(db: Database, now = new Date()) {
  await scheduleDailyJobs(db, now);
  return runDueJobs(db, jobHandlers, now);
}
