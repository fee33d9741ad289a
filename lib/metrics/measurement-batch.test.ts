import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog, measurements, metrics, periodLocks } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import type { AuditEntry } from '@/lib/audit/mutations';
import { appendAudit } from '@/lib/audit/mutations';
import { resolveBatch, writeMeasurements, type BatchItem } from './measurement-batch';

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

  const push = (items: BatchItem[], orgId = org.id) =>
    db().withTenant(orgId, async (tx) => {
      const { writes, issues } = await resolveBatch(tx, items);
      if (issues.length) return { issues };
      const entries: AuditEntry[] = [];
      const counts = await writeMeasurements(tx, writes, { source: 'api', userId: null, tokenId: null }, (e) => void entries.push(e));
      await appendAudit(tx, null, entries);
      return { counts, entries };
    });

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
      expect.objectContaining({ index: 3, field: 'date' }),
    ]);
    const otherValues = await db().withTenant(other.id, (tx) => tx.$count(measurements));
    expect(otherValues).toBe(0);
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
