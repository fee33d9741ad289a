import { asc, eq, sql } from 'drizzle-orm';
import { beforeEach, expect, it, vi } from 'vitest';
import type { Database } from '@/db';
import { emailOutbox } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { enqueueEmail } from './outbox';
import type { OutgoingEmail, Transport } from './transport';
import { claimDueEmails, deliverDueEmails, maxAttempts, retryDelayMs, sendClaimedEmails, startEmailWorker } from './worker';

const message = (to: string) => ({ to, subject: `Hello ${to}`, text: 'Plain part', html: '<p>HTML part</p>' });
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
const minutes = 60_000;

/** Records what it was asked to send; `before` runs first and may throw or wait. */
function fakeTransport(before?: (email: OutgoingEmail) => Promise<void>) {
  const sent: OutgoingEmail[] = [];
  const transport: Transport = {
    name: 'dev',
    async send(email) {
      await before?.(email);
      sent.push(email);
    },
  };
  return Object.assign(transport, { sent });
}

const refusing = () =>
  fakeTransport(async () => {
    throw new Error('connection refused');
  });

describeEachDatabase('email outbox and worker', (db) => {
  const rows = () => db().owner.select().from(emailOutbox);
  const rowTo = async (to: string) => (await db().owner.select().from(emailOutbox).where(eq(emailOutbox.to, to)))[0]!;
  const enqueue = (to: string) => db().withoutTenant((tx) => enqueueEmail(tx, message(to)));

  beforeEach(async () => {
    await db().owner.delete(emailOutbox).where(sql`true`);
  });

  it('sends nothing for a change that rolls back, in a tenant or a global transaction', async () => {
    const org = await makeOrganization(db(), 'Rollback Co');
    const inTenant = db().withTenant(org.id, async (tx) => {
      await enqueueEmail(tx, message('tenant@example.test'));
      throw new Error('the change failed');
    });
    await expect(inTenant).rejects.toThrow('the change failed');
    const global = db().withoutTenant(async (tx) => {
      await enqueueEmail(tx, message('global@example.test'));
      throw new Error('the change failed');
    });
    await expect(global).rejects.toThrow('the change failed');

    const transport = fakeTransport();
    expect(await deliverDueEmails(db(), transport, later(new Date(), minutes))).toEqual({ sent: 0, failed: 0 });
    expect(transport.sent).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('queues from inside withTenant and delivers each message once', async () => {
    const org = await makeOrganization(db(), 'Once Co');
    await db().withTenant(org.id, (tx) => enqueueEmail(tx, message('once@example.test')));
    const transport = fakeTransport();

    expect(await deliverDueEmails(db(), transport)).toEqual({ sent: 1, failed: 0 });
    expect(await deliverDueEmails(db(), transport, later(new Date(), 24 * 60 * minutes))).toEqual({ sent: 0, failed: 0 });
    expect(transport.sent).toMatchObject([{ to: 'once@example.test', subject: 'Hello once@example.test', text: 'Plain part' }]);
    expect(await rowTo('once@example.test')).toMatchObject({ status: 'sent', attempts: 1, transport: 'dev', leaseUntil: null });
  });

  it('refuses a malformed address or an empty subject, which rolls the change back', async () => {
    await expect(enqueue('not an address')).rejects.toThrow();
    await expect(db().withoutTenant((tx) => enqueueEmail(tx, { ...message('a@example.test'), subject: ' \n ' }))).rejects.toThrow();
    expect(await rows()).toEqual([]);
  });

  it('after a worker dies holding a message, sends it once, and only when its lease has run out', async () => {
    await enqueue('restart@example.test');
    const t0 = later(new Date(), 1000);
    const crashed = await claimDueEmails(db(), t0);
    expect(crashed).toMatchObject([{ to: 'restart@example.test', attempts: 1 }]);

    const transport = fakeTransport();
    expect(await deliverDueEmails(db(), transport, later(t0, 4 * minutes))).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueEmails(db(), transport, later(t0, 5 * minutes + 1))).toEqual({ sent: 1, failed: 0 });
    expect(await deliverDueEmails(db(), transport, later(t0, 60 * minutes))).toEqual({ sent: 0, failed: 0 });
    expect(transport.sent.map((e) => e.to)).toEqual(['restart@example.test']);
    expect(await rowTo('restart@example.test')).toMatchObject({ status: 'sent', attempts: 2 });

    // The first worker was only slow, not dead: its late failure must not put the message back in the queue.
    await sendClaimedEmails(db(), refusing(), crashed, later(t0, 6 * minutes));
    expect(await rowTo('restart@example.test')).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(await deliverDueEmails(db(), transport, later(t0, 24 * 60 * minutes))).toEqual({ sent: 0, failed: 0 });
  });

  it('retries a failing transport with growing delays, then gives up after the last attempt', async () => {
    await enqueue('retry@example.test');
    const transport = refusing();
    let at = later(new Date(), 1000);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      expect(await deliverDueEmails(db(), transport, at)).toEqual({ sent: 0, failed: 1 });
      const row = await rowTo('retry@example.test');
      expect(row).toMatchObject({ attempts: attempt, lastError: 'connection refused', leaseUntil: null });
      if (attempt === maxAttempts) {
        expect(row.status).toBe('failed');
        break;
      }
      expect(row.status).toBe('pending');
      delays.push(row.nextAttemptAt.getTime() - at.getTime());
      // Not due a moment before the next attempt.
      expect(await deliverDueEmails(db(), transport, later(row.nextAttemptAt, -1))).toEqual({ sent: 0, failed: 0 });
      at = row.nextAttemptAt;
    }
    expect(delays).toEqual([0.5, 1, 2, 4, 8, 16, 32].map((m) => m * minutes));
    expect(retryDelayMs(20)).toBe(60 * minutes);
    expect(await deliverDueEmails(db(), fakeTransport(), later(at, 30 * 24 * 60 * minutes))).toEqual({ sent: 0, failed: 0 });
  });

  it('gives up on a message whose every attempt ended with the worker gone', async () => {
    await enqueue('poison@example.test');
    let at = later(new Date(), 1000);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      expect(await claimDueEmails(db(), at)).toHaveLength(1);
      at = later(at, 6 * minutes);
    }
    expect(await claimDueEmails(db(), at)).toEqual([]);
    expect(await rowTo('poison@example.test')).toMatchObject({ status: 'failed', attempts: maxAttempts });
  });

  it('two workers at once send each of 20 messages exactly once', async ({ skip }) => {
    // PGlite is a single connection that runs one transaction at a time: two workers can never overlap there.
    if (db().kind === 'pglite') skip('needs PostgreSQL: PGlite is one connection');
    await db().withoutTenant(async (tx) => {
      for (let i = 0; i < 20; i++) await enqueueEmail(tx, message(`crowd-${i}@example.test`));
    });
    const transport = fakeTransport();
    const worker = async () => {
      let sent = 0;
      for (;;) {
        const result = await deliverDueEmails(db(), transport, new Date(), { batch: 3 });
        if (result.sent + result.failed === 0) return sent;
        sent += result.sent;
      }
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    expect(a + b).toBe(20);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(new Set(transport.sent.map((e) => e.id)).size).toBe(20);
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('skips messages another worker is claiming, instead of waiting for them', async ({ skip }) => {
    if (db().kind === 'pglite') skip('needs PostgreSQL: PGlite is one connection');
    for (let i = 0; i < 5; i++) await enqueue(`queue-${i}@example.test`);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding = () => {};
    const held = new Promise<void>((resolve) => (holding = resolve));
    // Another worker, stopped in the middle of its claim with the two oldest rows locked.
    const other = db().withoutTenant(async (tx) => {
      await tx.select({ id: emailOutbox.id }).from(emailOutbox).orderBy(asc(emailOutbox.createdAt)).limit(2).for('update');
      holding();
      await gate;
    });
    await held;
    const transport = fakeTransport();
    // Waiting for the locked rows would never end (they are released only after this pass): the test would time out.
    const result = await deliverDueEmails(db(), transport);
    release();
    await other;
    expect(result).toEqual({ sent: 3, failed: 0 });
    expect(transport.sent.map((e) => e.to)).toEqual(['queue-2@example.test', 'queue-3@example.test', 'queue-4@example.test']);
  });

  it('runs in the background, and keeps going after a pass fails', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let outages = 1;
    const flaky: Database = {
      ...db(),
      withoutTenant: (fn) => (outages-- > 0 ? Promise.reject(new Error('database unavailable')) : db().withoutTenant(fn)),
    };
    await enqueue('background@example.test');
    const transport = fakeTransport();
    const worker = startEmailWorker(flaky, transport, 10);
    try {
      await vi.waitFor(() => expect(transport.sent).toHaveLength(1));
      await enqueue('background-2@example.test');
      await vi.waitFor(() => expect(transport.sent).toHaveLength(2));
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      await worker.stop();
      errors.mockRestore();
    }
  });
});
