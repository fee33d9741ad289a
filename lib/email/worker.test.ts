import { asc, eq, sql } from 'drizzle-orm';
import { beforeEach, expect, it, vi } from 'vitest';
import type { Database } from '@/db';
import { emailOutbox } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { enqueueEmail } from './outbox';
import type { OutgoingEmail, Transport } from './transport';
import { fakeSmtpServer } from './fake-smtp';
import { smtpTransport } from './transport';
import {
  claimDueEmails,
  defaultDeadlineMs,
  deliverDueEmails,
  leaseDeadlines,
  maxAttempts,
  retryDelayMs,
  sendClaimedEmails,
  startEmailWorker,
} from './worker';

const message = (to: string) => ({ to, subject: `Hello ${to}`, text: 'Plain part', html: '<p>HTML part</p>' });
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
const minutes = 60_000;
const lease = leaseDeadlines * defaultDeadlineMs;
/** Options for a pass whose clock stands still at `time`, for tests right at a boundary. */
const frozenAt = (time: Date) => ({ clock: () => time });

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
    // A few deadlines, not minutes: a message lost with its worker waits only that long.
    expect(lease).toBeLessThanOrEqual(2 * minutes);
    expect(await deliverDueEmails(db(), transport, later(t0, lease), frozenAt(later(t0, lease)))).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueEmails(db(), transport, later(t0, lease + 1), frozenAt(later(t0, lease + 1)))).toEqual({ sent: 1, failed: 0 });
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
      // A clock that stands still, so each delay is exactly the backoff.
      expect(await deliverDueEmails(db(), transport, at, frozenAt(at))).toEqual({ sent: 0, failed: 1 });
      const row = await rowTo('retry@example.test');
      expect(row).toMatchObject({ attempts: attempt, lastError: 'connection refused', leaseUntil: null });
      if (attempt === maxAttempts) {
        expect(row.status).toBe('failed');
        break;
      }
      expect(row.status).toBe('pending');
      delays.push(row.nextAttemptAt.getTime() - at.getTime());
      // Not due a moment before the next attempt.
      const justBefore = later(row.nextAttemptAt, -1);
      expect(await deliverDueEmails(db(), transport, justBefore, frozenAt(justBefore))).toEqual({ sent: 0, failed: 0 });
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
    // Sent a few at once, so in no fixed order.
    expect(transport.sent.map((e) => e.to).sort()).toEqual(['queue-2@example.test', 'queue-3@example.test', 'queue-4@example.test']);
  });

  it('a mail server that stops answering holds up only its own message, which is retried after the deadline', async () => {
    const smtp = fakeSmtpServer({ stuck: ['stuck@example.test'] });
    const transport = smtpTransport(await smtp.listen(), 'Keel <keel@mail.example>');
    try {
      // Oldest first: the stuck message is the first one taken.
      await enqueue('stuck@example.test');
      const normal = Array.from({ length: 6 }, (_, i) => `normal-${i}@example.test`);
      for (const to of normal) await enqueue(to);
      const now = later(new Date(), 1000);

      const result = await deliverDueEmails(db(), transport, now, { deadlineMs: 2000, concurrency: 3 });

      expect(result).toEqual({ sent: 6, failed: 1 });
      for (const to of normal) expect(await rowTo(to)).toMatchObject({ status: 'sent', attempts: 1 });
      const stuck = await rowTo('stuck@example.test');
      expect(stuck).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: null });
      expect(stuck.lastError).toMatch(/within the 2 s deadline; the connection was closed/);
      expect(stuck.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + retryDelayMs(1));
      // The connection was closed by the worker, and only after every other message had been accepted meanwhile.
      await vi.waitFor(() => expect(smtp.events).toContain('closed stuck@example.test'));
      const closedAt = smtp.events.indexOf('closed stuck@example.test');
      expect(smtp.events.indexOf('stuck stuck@example.test')).toBeLessThan(closedAt);
      for (const to of normal) expect(smtp.events.slice(0, closedAt)).toContain(`accepted ${to}`);
    } finally {
      await smtp.close();
    }
  });

  it('gives up at the deadline even on a transport that ignores the abort', async () => {
    await enqueue('deaf@example.test');
    let aborted: unknown;
    const deaf: Transport = {
      name: 'dev',
      send: (_email, signal) => {
        signal?.addEventListener('abort', () => (aborted = signal.reason));
        return new Promise(() => {});
      },
    };
    expect(await deliverDueEmails(db(), deaf, later(new Date(), 1000), { deadlineMs: 200 })).toEqual({ sent: 0, failed: 1 });
    expect(await rowTo('deaf@example.test')).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('0.2 s deadline') });
    expect(aborted).toBeInstanceOf(Error);
  });

  it('marks a message sent as soon as it is accepted, while others are still in flight', async () => {
    await enqueue('first@example.test');
    await enqueue('second@example.test');
    const seen: string[] = [];
    // The second message is accepted only once the first one's row says sent: a worker that
    // recorded outcomes at the end of its pass would leave it waiting, and fail it at the wait's end.
    const transport = fakeTransport(async (email) => {
      if (email.to !== 'second@example.test') return;
      await vi.waitFor(async () => expect((await rowTo('first@example.test')).status).toBe('sent'), { timeout: 10_000 });
      seen.push((await rowTo('first@example.test')).status);
    });
    const now = later(new Date(), 1000);
    expect(await deliverDueEmails(db(), transport, now, { concurrency: 2 })).toEqual({ sent: 2, failed: 0 });
    expect(seen).toEqual(['sent']);
    // A worker that died right after that would leave nothing to send again, however long one waits.
    expect(await deliverDueEmails(db(), transport, later(now, 24 * 60 * minutes))).toEqual({ sent: 0, failed: 0 });
    expect(transport.sent.map((e) => e.to).sort()).toEqual(['first@example.test', 'second@example.test']);
  });

  it('refuses a lease no longer than the deadline, and other nonsense options', async () => {
    await expect(deliverDueEmails(db(), fakeTransport(), new Date(), { deadlineMs: 30_000, leaseMs: 30_000 })).rejects.toThrow(
      'the lease (30000 ms) must be longer than the per-message deadline (30000 ms)',
    );
    await expect(deliverDueEmails(db(), fakeTransport(), new Date(), { concurrency: 0 })).rejects.toThrow('concurrency must be a positive whole number, not 0');
    expect(() => startEmailWorker(db(), fakeTransport(), 10, undefined, { deadlineMs: Number.NaN })).toThrow('deadlineMs must be a positive whole number');
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
