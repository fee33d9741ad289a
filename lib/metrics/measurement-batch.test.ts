import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog, measurements, metrics, periodLocks } from '@/db/schema';
import { countQueries, describeEachDatabase, makeOrganization } from '@/db/testing';
import type { AuditEntry } from '@/lib/audit/mutations';
import { appendAudit } from '@/lib/audit/mutations';
import { resolveBatch, writeMeasurements, type BatchItem, type MeasurementSource } from './measurement-batch';

describeEachDatabase('measurement batches', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let other: Awaited<ReturnType<typeof makeOrganization>>;

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Batch Org');
    other = await makeOrganization(db(), 'Other Batch Org');
    for (const o of [org, other]) {
      await db().withTenant(o.id, (tx) =>
        tx.insert(metrics).values([
          { organizationId: o.id, key: 'signups', name: 'Sign-ups', unit: 'count', aggregation: 'sum', frequency: 'month' },
          { organizationId: o.id, key: 'visitors', name: 'Visitors', unit: 'count', aggregation: 'sum', frequency: 'month' },
        ]),
      );
    }
    await db().withTenant(org.id, (tx) =>
      tx.insert(periodLocks).values({ organizationId: org.id, periodKey: '2025-01', kind: 'month', startDate: '2025-01-01', endDate: '2025-01-31' }),
    );
  });

  const push = (items: BatchItem[], orgId = org.id, source: MeasurementSource = 'api') =>
    db().withTenant(orgId, async (tx) => {
      const { writes, issues } = await resolveBatch(tx, items);
      if (issues.length) return { issues };
      const entries: AuditEntry[] = [];
      const counts = await writeMeasurements(tx, writes, { source, userId: null, tokenId: null }, (e) => void entries.push(e));
      await appendAudit(tx, null, entries);
      return { counts, entries };
    });
  const metricIdOf = (key: string) =>
    db().withTenant(org.id, async (tx) => (await tx.select({ id: metrics.id }).from(metrics).where(eq(metrics.key, key)))[0]!.id);
  const storedOn = (metricId: string, date: string) =>
    db().withTenant(org.id, async (tx) =>
      (
        await tx
          .select({ value: measurements.value, note: measurements.note, source: measurements.source })
          .from(measurements)
          .where(and(eq(measurements.metricId, metricId), eq(measurements.date, date)))
      )[0],
    );

  it('inserts, replaces and leaves identical values alone, auditing each change with the value it replaced', async () => {
    const first = await push([
      { metric: 'signups', date: '2025-03-01', value: 10, note: 'first' },
      { metric: 'visitors', date: '2025-03-01', value: 200, note: null },
    ]);
    expect(first.counts).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    const second = await push([
      { metric: 'signups', date: '2025-03-01', value: 12, note: 'fixed' },
      { metric: 'visitors', date: '2025-03-01', value: 200, note: null },
    ]);
    expect(second.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(second.entries).toEqual([
      expect.objectContaining({
        before: { metricKey: 'signups', date: '2025-03-01', value: 10, note: 'first', source: 'api' },
        after: { metricKey: 'signups', date: '2025-03-01', value: 12, note: 'fixed', source: 'api' },
      }),
    ]);
    const stored = await db().withTenant(org.id, (tx) => tx.select().from(measurements).where(eq(measurements.organizationId, org.id)));
    expect(stored.map((s) => s.value).sort((a, b) => a - b)).toEqual([12, 200]);
    expect(await db().withTenant(org.id, (tx) => tx.$count(auditLog))).toBeGreaterThanOrEqual(3);
  });

  it('refuses unknown metrics, locked periods and repeats, item by item, and another organization sees none of it', async () => {
    const result = await push([
      { metric: 'nope', date: '2025-03-02', value: 1, note: null },
      { metric: 'signups', date: '2025-01-15', value: 1, note: null },
      { metric: 'signups', date: '2025-04-01', value: 1, note: null },
      { metric: 'signups', date: '2025-04-01', value: 2, note: null },
    ]);
    expect(result.issues).toEqual([
      { index: 0, field: 'metric', message: 'No metric with the key "nope" in this organization' },
      { index: 1, field: 'date', message: 'The period 2025-01 is locked: its values can no longer change' },
      { index: 3, field: 'date', message: 'Repeats signups on 2025-04-01 (already at item 2); send one value per metric and date' },
    ]);
    const otherValues = await db().withTenant(other.id, (tx) => tx.$count(measurements));
    expect(otherValues).toBe(0);
  });

  it('refuses both ends of a locked period and writes the days just outside it', async () => {
    const edges = await push([
      { metric: 'signups', date: '2025-01-01', value: 1, note: null },
      { metric: 'signups', date: '2025-01-31', value: 1, note: null },
    ]);
    expect(edges.issues?.map((i) => i.index)).toEqual([0, 1]);
    const outside = await push([
      { metric: 'signups', date: '2024-12-31', value: 1, note: null },
      { metric: 'signups', date: '2025-02-01', value: 1, note: null },
    ]);
    expect(outside.counts).toMatchObject({ inserted: 2 });
  });

  it('the same date for two metrics, or two dates for one metric, is no repeat', async () => {
    const result = await push([
      { metric: 'signups', date: '2025-05-01', value: 1, note: null },
      { metric: 'visitors', date: '2025-05-01', value: 2, note: null },
      { metric: 'signups', date: '2025-05-02', value: 3, note: null },
    ]);
    expect(result.counts).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
  });

  it('audits a new value with no before, and hands back the value each replaced one had', async () => {
    const signups = await metricIdOf('signups');
    const visitors = await metricIdOf('visitors');
    const first = await push([{ metric: 'signups', date: '2025-05-10', value: 7, note: null }]);
    expect(first.entries).toEqual([
      {
        action: 'measurement.record',
        entityType: 'measurement',
        entityId: `${signups}:2025-05-10`,
        before: null,
        after: { metricKey: 'signups', date: '2025-05-10', value: 7, note: null, source: 'api' },
      },
    ]);
    expect(first.counts!.previous.size).toBe(0);
    await push([{ metric: 'visitors', date: '2025-05-10', value: 70, note: null }]);
    const second = await push([
      { metric: 'signups', date: '2025-05-10', value: 8, note: null },
      { metric: 'visitors', date: '2025-05-10', value: 71, note: null },
    ]);
    expect(second.counts!.previous).toEqual(
      new Map([
        [`${signups}|2025-05-10`, 7],
        [`${visitors}|2025-05-10`, 70],
      ]),
    );
  });

  it('a new note, or the same value from another source, is a change; only all three alike leave a value alone', async () => {
    const signups = await metricIdOf('signups');
    const item = { metric: 'signups', date: '2025-06-01', value: 5, note: 'a' };
    await push([item]);
    expect((await push([{ ...item, note: 'b' }])).counts).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await push([{ ...item, note: 'b' }], org.id, 'manual')).counts).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await storedOn(signups, '2025-06-01')).toEqual({ value: 5, note: 'b', source: 'manual' });
    expect((await push([{ ...item, note: 'b' }], org.id, 'manual')).counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('stores notes with quotes, backslashes, commas and braces as written, and no note as null', async () => {
    const signups = await metricIdOf('signups');
    const notes = ['say "hi", {ok}', 'C:\\temp\\ and \\"', null, 'NULL'];
    const result = await push(notes.map((note, i) => ({ metric: 'signups', date: `2025-08-0${i + 1}`, value: i, note })));
    expect(result.counts).toMatchObject({ inserted: 4 });
    for (const [i, note] of notes.entries()) expect((await storedOn(signups, `2025-08-0${i + 1}`))?.note).toBe(note);
  });

  it('costs one query for an empty batch and none to write nothing or to leave every value alone', async () => {
    const item = { metric: 'signups', date: '2025-09-15', value: 1, note: null };
    await push([item]);
    await db().withTenant(org.id, async (tx) => {
      expect((await countQueries(tx, () => resolveBatch(tx, []))).queries).toBe(1);
      const writer = { source: 'api', userId: null, tokenId: null } as const;
      expect((await countQueries(tx, () => writeMeasurements(tx, [], writer, () => {}))).queries).toBe(0);
      const { writes } = await resolveBatch(tx, [item]);
      const same = await countQueries(tx, () => writeMeasurements(tx, writes, writer, () => {}));
      expect(same).toMatchObject({ queries: 1, result: { unchanged: 1 } });
    });
  });

  it('a value slipping past the application into a locked period is refused by the database', async () => {
    const metricId = await db().withTenant(org.id, async (tx) => (await tx.select().from(metrics).where(eq(metrics.key, 'signups')))[0]!.id);
    await expect(
      db().withTenant(org.id, (tx) =>
        tx.insert(measurements).values({ organizationId: org.id, metricId, date: '2025-01-10', value: 3, source: 'manual' }),
      ),
    ).rejects.toThrow();
  });

  it('writes 10,000 values in one batch', async () => {
    const items: BatchItem[] = Array.from({ length: 10_000 }, (_, i) => ({
      metric: i % 2 ? 'signups' : 'visitors',
      date: new Date(Date.UTC(2000, 0, 1) + Math.floor(i / 2) * 86_400_000).toISOString().slice(0, 10),
      value: i,
      note: null,
    }));
    const result = await push(items);
    expect(result.counts).toMatchObject({ inserted: 10_000 });
  });
});
