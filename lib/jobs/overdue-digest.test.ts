import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { emailOutbox, jobs, measurements, metrics, notifications, organizations } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runDailyWork } from './daily';
import { sendOverdueDigestOnce } from './overdue-digest';

/** Noon UTC on a day in December 2026: November's monthly value is owed from 4 December. */
const at = (day: string) => new Date(`${day}T12:00:00Z`);

describeEachDatabase('daily overdue digest', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  const emailsTo = (to: string) => db().owner.select().from(emailOutbox).where(eq(emailOutbox.to, to));
  const person = (i: number) => org.people[i]!;

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Digest Co', ['owner', 'member', 'member']);
    await db().withTenant(org.id, async (tx) => {
      const base = { organizationId: org.id, unit: 'count' as const, aggregation: 'sum' as const, frequency: 'month' as const, createdAt: new Date('2025-01-01T00:00:00Z') };
      const [late1, late2, onTime, fresh] = await tx
        .insert(metrics)
        .values([
          { ...base, key: 'leads', name: 'Qualified <leads>', ownerId: person(1).id },
          { ...base, key: 'demos', name: 'Demos held', ownerId: person(1).id },
          { ...base, key: 'signups', name: 'Signups', ownerId: person(2).id },
          // Created after November ended: it never owed November.
          { ...base, key: 'new_metric', name: 'New metric', ownerId: person(0).id, createdAt: new Date('2026-12-02T00:00:00Z') },
        ])
        .returning();
      await tx.insert(measurements).values([
        { organizationId: org.id, metricId: late1!.id, date: '2026-10-31', value: 5, source: 'manual' },
        { organizationId: org.id, metricId: onTime!.id, date: '2026-11-30', value: 7, source: 'manual' },
      ]);
      void late2;
      void fresh;
    });
  });

  it('sends one email and one notification per owner with overdue metrics, once a day, and again the next day', async () => {
    await runDailyWork(db(), at('2026-12-04'));
    const first = await emailsTo(person(1).email);
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe('2 values are overdue in Digest Co');
    expect(first[0]!.text).toContain('• Demos held: Nov 2026 (overdue since 4 December 2026)');
    expect(first[0]!.text).toContain('• Qualified <leads>: Nov 2026');
    expect(first[0]!.text).toContain(`/${org.slug}/updates`);
    expect(first[0]!.html).toContain('Qualified &lt;leads&gt;');
    expect(first[0]!.html).not.toContain('<leads>');
    // Nothing overdue (Signups has November) or nothing owed yet (created after November): no email.
    expect(await emailsTo(person(2).email)).toHaveLength(0);
    expect(await emailsTo(person(0).email)).toHaveLength(0);
    const told = await db().withTenant(org.id, (tx) => tx.select().from(notifications).where(eq(notifications.organizationId, org.id)));
    expect(told.map((n) => [n.userId, n.kind, n.link])).toEqual([[person(1).id, 'metrics.overdue', `/${org.slug}/updates`]]);

    // The same day again (a second pass, a second worker, a restart): nothing new.
    await runDailyWork(db(), at('2026-12-04'));
    await runDailyWork(db(), new Date(at('2026-12-04').getTime() + 3 * 3600_000));
    expect(await emailsTo(person(1).email)).toHaveLength(1);

    // The next day brings the next digest.
    await runDailyWork(db(), at('2026-12-05'));
    expect(await emailsTo(person(1).email)).toHaveLength(2);
    const dayJobs = await db()
      .owner.select({ key: jobs.key, status: jobs.status })
      .from(jobs)
      .where(inArray(jobs.key, [`overdue_digest:${org.id}:2026-12-04`, `overdue_digest:${org.id}:2026-12-05`, 'overdue_digest:2026-12-04T12']));
    expect(dayJobs.every((j) => j.status === 'done')).toBe(true);
    expect(dayJobs).toHaveLength(3);
  });

  it('owes the month before until the grace days are over', async () => {
    // On 3 December October is still the owed month: Qualified leads has it, Demos held does not.
    await db().owner.delete(emailOutbox).where(sql`true`);
    await runDailyWork(db(), at('2026-12-03'));
    const mails = await emailsTo(person(1).email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('One value is overdue in Digest Co');
    expect(mails[0]!.text).toContain('• Demos held: Oct 2026 (overdue since 4 November 2026)');
  });

  it("dates each organization's digest by its own calendar day", async () => {
    // 23:30 UTC on 3 December: already 4 December in Auckland (November is owed), still the 3rd in Los Angeles.
    const late = new Date('2026-12-03T23:30:00Z');
    const zoned = async (name: string, timeZone: string) => {
      const o = await makeOrganization(db(), name, ['owner']);
      await db().owner.update(organizations).set({ timeZone }).where(eq(organizations.id, o.id));
      await db().withTenant(o.id, (tx) =>
        tx.insert(metrics).values({ organizationId: o.id, key: 'visits', name: 'Visits', unit: 'count', aggregation: 'sum', frequency: 'month', ownerId: o.people[0]!.id, createdAt: new Date('2025-01-01T00:00:00Z') }),
      );
      return o;
    };
    const auckland = await zoned('Digest Auckland', 'Pacific/Auckland');
    const losAngeles = await zoned('Digest Los Angeles', 'America/Los_Angeles');
    await runDailyWork(db(), late);
    const keys = (await db().owner.select({ key: jobs.key }).from(jobs).where(inArray(jobs.key, [
      `overdue_digest:${auckland.id}:2026-12-04`,
      `overdue_digest:${losAngeles.id}:2026-12-03`,
    ]))).map((j) => j.key);
    expect(keys.sort()).toEqual([`overdue_digest:${auckland.id}:2026-12-04`, `overdue_digest:${losAngeles.id}:2026-12-03`].sort());
    const [nz] = await emailsTo(auckland.people[0]!.email);
    const [us] = await emailsTo(losAngeles.people[0]!.email);
    expect(nz!.text).toContain('• Visits: Nov 2026 (overdue since 4 December 2026)');
    expect(us!.text).toContain('• Visits: Oct 2026 (overdue since 4 November 2026)');
  });

  it('sends the seed digest once, and the worker does not send that day again', async () => {
    await db().owner.delete(emailOutbox).where(sql`true`);
    expect(await db().withTenant(org.id, (tx) => sendOverdueDigestOnce(tx, '2026-12-07'))).toBe(1);
    expect(await db().withTenant(org.id, (tx) => sendOverdueDigestOnce(tx, '2026-12-07'))).toBe(0);
    await runDailyWork(db(), at('2026-12-07'));
    expect(await emailsTo(person(1).email)).toHaveLength(1);
  });
});
