import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { jobs } from '@/db/schema';
import { describeEachDatabase } from '@/db/testing';
import { createPostgresDatabase } from '@/db/testing-data';
import { env } from '@/lib/env';
import { claimDueJobs, enqueueJob, jobRetryDelayMs, maxJobAttempts, runClaimedJobs, runDueJobs, type JobHandlers } from './queue';

const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
const minutes = 60_000;

describeEachDatabase('durable job queue', (db) => {
  const jobByKey = async (key: string) => (await db().owner.select().from(jobs).where(eq(jobs.key, key)))[0]!;
  const enqueue = (key: string, kind = 'test.record') => db().withoutTenant((tx) => enqueueJob(tx, { kind, key, payload: { key } }));

  beforeEach(async () => {
    await db().owner.delete(jobs).where(sql`true`);
  });

  /** Handlers that record which keys ran, in order. */
  function recording() {
    const ran: string[] = [];
    const handlers: JobHandlers = {
      async 'test.record'(_db, job) {
        ran.push(job.key);
      },
    };
    return { ran, handlers };
  }

  it('enqueues a key once, however often it is asked', async () => {
    expect(await enqueue('once')).toBe(true);
    expect(await enqueue('once')).toBe(false);
    expect(await db().owner.select().from(jobs)).toHaveLength(1);
  });

  it('runs a due job once and marks it done with done_at; a job due later waits', async () => {
    const now = new Date();
    await enqueue('now');
    await db().withoutTenant((tx) => enqueueJob(tx, { kind: 'test.record', key: 'tomorrow', runAt: later(now, 24 * 60 * minutes) }));
    const { ran, handlers } = recording();
    expect(await runDueJobs(db(), handlers, later(now, 1000))).toEqual({ done: 1, failed: 0 });
    expect(await runDueJobs(db(), handlers, later(now, 2000))).toEqual({ done: 0, failed: 0 });
    expect(ran).toEqual(['now']);
    const done = await jobByKey('now');
    expect(done).toMatchObject({ status: 'done', attempts: 1, leaseUntil: null });
    expect(done.doneAt).toBeInstanceOf(Date);
    expect((await jobByKey('tomorrow')).status).toBe('pending');
  });

  it('gives each job to one of two concurrent claimers', async () => {
    for (let i = 0; i < 12; i++) await enqueue(`job-${i}`);
    const now = later(new Date(), 1000);
    // On PostgreSQL the two claims really overlap (SKIP LOCKED); PGlite runs them one after the other.
    const [a, b] = await Promise.all([claimDueJobs(db(), now, { batch: 8 }), claimDueJobs(db(), now, { batch: 8 })]);
    const keys = [...a, ...b].map((j) => j.key);
    expect(keys).toHaveLength(12);
    expect(new Set(keys).size).toBe(12);
    const { ran, handlers } = recording();
    await Promise.all([runClaimedJobs(db(), handlers, a, now), runClaimedJobs(db(), handlers, b, now)]);
    expect(ran.sort()).toEqual(keys.sort());
    const rows = await db().owner.select().from(jobs);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('retries a failing handler with backoff, then marks it failed after the last attempt', async () => {
    await enqueue('flaky', 'test.fail');
    const handlers: JobHandlers = {
      async 'test.fail'() {
        throw new Error('the mail server is down');
      },
    };
    let now = later(new Date(), 1000);
    for (let attempt = 1; attempt <= maxJobAttempts; attempt++) {
      // Not due again before the backoff has passed.
      expect(await runDueJobs(db(), handlers, now)).toEqual({ done: 0, failed: 1 });
      const row = await jobByKey('flaky');
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe('the mail server is down');
      if (attempt < maxJobAttempts) {
        expect(row.status).toBe('pending');
        expect(row.runAt.getTime()).toBe(now.getTime() + jobRetryDelayMs(attempt));
        expect(await runDueJobs(db(), handlers, later(now, jobRetryDelayMs(attempt) - 1000))).toEqual({ done: 0, failed: 0 });
        now = later(now, jobRetryDelayMs(attempt));
      } else {
        expect(row.status).toBe('failed');
      }
    }
    expect(await runDueJobs(db(), handlers, later(now, 24 * 60 * minutes))).toEqual({ done: 0, failed: 0 });
    expect(jobRetryDelayMs(1)).toBe(minutes);
    expect(jobRetryDelayMs(2)).toBe(2 * minutes);
    expect(jobRetryDelayMs(20)).toBe(60 * minutes);
  });

  it('fails a job of an unknown kind instead of dropping it silently', async () => {
    await enqueue('mystery', 'test.unknown');
    expect(await runDueJobs(db(), {}, later(new Date(), 1000))).toEqual({ done: 0, failed: 1 });
    expect((await jobByKey('mystery')).lastError).toContain('No handler for jobs of kind "test.unknown"');
  });

  it('takes over a job left running past its lease, and the first worker then changes nothing', async () => {
    await enqueue('orphan');
    const now = later(new Date(), 1000);
    const [crashed] = await claimDueJobs(db(), now, { leaseMs: 5 * minutes });
    expect(crashed).toBeDefined();
    // Within the lease nobody else takes it.
    expect(await claimDueJobs(db(), later(now, 4 * minutes))).toEqual([]);
    const { ran, handlers } = recording();
    const takeover = later(now, 6 * minutes);
    expect(await runDueJobs(db(), handlers, takeover)).toEqual({ done: 1, failed: 0 });
    expect(ran).toEqual(['orphan']);
    expect(await jobByKey('orphan')).toMatchObject({ status: 'done', attempts: 2 });
    // The first worker wakes up: its mark is refused and its work rolled back.
    const late = await runClaimedJobs(db(), handlers, [crashed!], takeover);
    expect(late).toEqual({ done: 0, failed: 0 });
    expect(await jobByKey('orphan')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('rolls back a handler whose lease was taken over, with the work it did in the same transaction', async () => {
    await enqueue('slow', 'test.write');
    const now = later(new Date(), 1000);
    const [first] = await claimDueJobs(db(), now, { leaseMs: minutes });
    const [second] = await claimDueJobs(db(), later(now, 2 * minutes));
    expect(second!.attempts).toBe(2);
    const handlers: JobHandlers = {
      async 'test.write'(d, job, done) {
        await d.withoutTenant(async (tx) => {
          await enqueueJob(tx, { kind: 'test.record', key: `written-by-attempt-${job.attempts}` });
          await done(tx);
        });
      },
    };
    await runClaimedJobs(db(), handlers, [first!], later(now, 2 * minutes));
    await runClaimedJobs(db(), handlers, [second!], later(now, 2 * minutes));
    const keys = (await db().owner.select({ key: jobs.key }).from(jobs)).map((r) => r.key).sort();
    expect(keys).toEqual(['slow', 'written-by-attempt-2']);
  });
});

describe('durable job queue across a restart', () => {
  const kinds = env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  for (const kind of kinds) {
    it(`keeps pending jobs when the database is reopened [${kind}]`, async () => {
      let location: { dataDir: string } | { url: string };
      let cleanup: () => Promise<void>;
      if (kind === 'pglite') {
        const dataDir = mkdtempSync(join(tmpdir(), 'keel-jobs-'));
        location = { dataDir };
        cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
      } else {
        const created = await createPostgresDatabase(env.TEST_DATABASE_URL!);
        location = { url: created.url };
        cleanup = created.drop;
      }
      try {
        const first: Database = await openDatabase(location);
        await first.migrate();
        await first.withoutTenant((tx) => enqueueJob(tx, { kind: 'test.record', key: 'survivor' }));
        await first.close();

        const second = await openDatabase(location);
        try {
          const claimed = await claimDueJobs(second, later(new Date(), 1000));
          expect(claimed.map((j) => j.key)).toEqual(['survivor']);
        } finally {
          await second.close();
        }
      } finally {
        await cleanup();
      }
    }, 60_000);
  }
});
