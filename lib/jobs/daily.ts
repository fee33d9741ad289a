import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { rowsOf } from '@/db/client';
import { organizationToday, type IsoDate } from '@/lib/periods';
import { overdueDigestKey, sendOverdueDigest } from './overdue-digest';
import { enqueueJob, runDueJobs, type JobHandlers } from './queue';

/**
 * The daily jobs, on each organization's own calendar. Each UTC hour one
 * schedule job ("overdue_digest:<hour>") fans out to one job per organization
 * for the day it is there ("overdue_digest:<org>:<day>"), so an organization
 * gets its digest within the first hour of its day, whatever its time zone.
 * The keys make each exist once however many workers schedule it, so an owner
 * gets at most one digest a day, even across restarts.
 */

const dayOf = (payload: Record<string, unknown>): IsoDate => {
  const day = payload.day;
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`A daily job needs a day, got ${JSON.stringify(day)}`);
  return day;
};

/** "2026-12-04T13": the UTC hour a schedule job covers. */
const hourOf = (now: Date) => now.toISOString().slice(0, 13);
const startOfHour = (hour: string) => new Date(`${hour}:00:00Z`);

export const jobHandlers: JobHandlers = {
  async 'overdue_digest.schedule'(db, job, done) {
    const hour = job.payload.hour;
    if (typeof hour !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}$/.test(hour)) throw new Error(`A schedule job needs an hour, got ${JSON.stringify(hour)}`);
    const at = startOfHour(hour);
    await db.withoutTenant(async (tx) => {
      const organizations = rowsOf<{ organization_id: string; time_zone: string }>(await tx.execute(sql`select organization_id, time_zone from organization_time_zones_for_jobs()`));
      for (const { organization_id: organizationId, time_zone: timeZone } of organizations) {
        const day = organizationToday({ timeZone }, at);
        await enqueueJob(tx, { kind: 'overdue_digest', key: overdueDigestKey(organizationId, day), payload: { organizationId, day }, runAt: at });
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

// The hour each database last had its schedule job queued by this process: saves an insert every pass.
const scheduled = new WeakMap<Database, string>();

/** Queues this hour's schedule job (a no-op once it exists, in this process or any other). */
export async function scheduleDailyJobs(db: Database, now = new Date()): Promise<void> {
  const hour = hourOf(now);
  if (scheduled.get(db) === hour) return;
  await db.withoutTenant((tx) => enqueueJob(tx, { kind: 'overdue_digest.schedule', key: `overdue_digest:${hour}`, payload: { hour }, runAt: startOfHour(hour) }));
  scheduled.set(db, hour);
}

/** What the worker does each pass, besides delivering email: schedule today's jobs and run the due ones. */
export async function runDailyWork(db: Database, now = new Date()) {
  await scheduleDailyJobs(db, now);
  return runDueJobs(db, jobHandlers, now);
}
