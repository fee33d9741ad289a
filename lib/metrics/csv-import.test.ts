import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it, vi } from 'vitest';
import { auditLog, kpiMetrics, kpis, measurements, metrics, orgUnits, periodLocks, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { parseMeasurementsCsv } from '@/lib/csv/measurements';
import type { Actor } from '@/lib/permissions';
import { getUnitRolesOf } from '@/lib/units/queries';
import { metricValuesCsv } from './csv-export';
import { checkImport, forbiddenMetricMessage, importMeasurementsAction } from './csv-import';
import { getMetric, listMeasurements } from './queries';

type Org = Awaited<ReturnType<typeof makeOrganization>>;

describeEachDatabase('CSV import of measurements', (db) => {
  let acme: Org;
  let other: Org;
  let ids: Record<'visitors' | 'signups' | 'revenue' | 'secret', string>;
  // people: 0 owner, 1 admin, 2 member owning `visitors`, 3 viewer, 4 member heading Sales (whose KPI uses `signups`).
  const person = (i: number) => acme.people[i]!.id;

  beforeAll(async () => {
    acme = await makeOrganization(db(), 'Acme CSV', ['owner', 'admin', 'member', 'viewer', 'member']);
    other = await makeOrganization(db(), 'Other CSV', ['owner']);
    await db().withTenant(acme.id, async (tx) => {
      const base = { organizationId: acme.id, unit: 'count', aggregation: 'sum', frequency: 'month' } as const;
      const [visitors, signups, revenue] = await tx
        .insert(metrics)
        .values([
          { ...base, key: 'visitors', name: 'Visitors', ownerId: person(2) },
          { ...base, key: 'signups', name: 'Sign-ups' },
          { ...base, key: 'revenue', name: 'Revenue' },
        ])
        .returning();
      const [company] = await tx.select().from(orgUnits);
      const [sales] = await tx.insert(orgUnits).values({ organizationId: acme.id, parentId: company!.id, kind: 'department', name: 'Sales' }).returning();
      await tx.insert(unitMemberships).values({ organizationId: acme.id, unitId: sales!.id, userId: person(4), role: 'head' });
      const [kpi] = await tx
        .insert(kpis)
        .values({
          organizationId: acme.id,
          unitId: sales!.id,
          name: 'Sign-ups',
          unit: 'count',
          direction: 'up',
          frequency: 'month',
          indicator: 'lagging',
          horizon: 'operational',
          source: 'formula',
          formula: '{signups}',
          state: 'active',
        })
        .returning();
      await tx.insert(kpiMetrics).values({ organizationId: acme.id, kpiId: kpi!.id, metricId: signups!.id });
      await tx.insert(periodLocks).values({ organizationId: acme.id, periodKey: '2025-01', kind: 'month', startDate: '2025-01-01', endDate: '2025-01-31' });
      ids = { visitors: visitors!.id, signups: signups!.id, revenue: revenue!.id, secret: '' };
    });
    const [secret] = await db().withTenant(other.id, (tx) =>
      tx.insert(metrics).values({ organizationId: other.id, key: 'secret', name: 'Secret', unit: 'count', aggregation: 'sum', frequency: 'month' }).returning(),
    );
    ids.secret = secret!.id;
  });

  const importFile = (userId: string, file: string, onProgress?: (done: number, total: number) => void, chunkSize?: number) =>
    runOrgAction(db(), userId, acme.slug, importMeasurementsAction({ userId, onProgress, chunkSize }), { fileName: 'values.csv', file });
  const preview = (userId: string, file: string) =>
    db().withTenant(acme.id, async (tx) => {
      const parsed = parseMeasurementsCsv(file);
      if (!parsed.ok) throw new Error(parsed.error);
      const role = acme.people.find((p) => p.id === userId)!.role;
      const actor: Actor = { userId, role, ...(await getUnitRolesOf(tx, userId)) };
      return checkImport(tx, actor, parsed.rows);
    });
  const countValues = (orgId = acme.id) => db().withTenant(orgId, (tx) => tx.$count(measurements));

  it('previews every bad row with its reason, and the import then writes nothing', async () => {
    const file = [
      'metric,date,value,note',
      'visitors,2025-03-01,100,',
      'nope,2025-03-01,1,',
      'visitors,2025-01-15,5,',
      'visitors,2025-03-01,101,again',
      'revenue,2025-03-01,7,',
      'visitors,2025-03-02,12abc,',
      'secret,2025-03-01,1,',
      'visitors,2025-03-03,3,',
    ].join('\n');
    const check = await preview(person(2), file);
    expect(check).toMatchObject({ rowCount: 8, ready: 2 });
    expect(check.issues).toEqual([
      { row: 3, cells: ['nope', '2025-03-01', '1', ''], reasons: ['No metric with the key "nope" in this organization'] },
      { row: 4, cells: ['visitors', '2025-01-15', '5', ''], reasons: ['The period 2025-01 is locked: its values can no longer change'] },
      { row: 5, cells: ['visitors', '2025-03-01', '101', 'again'], reasons: ['Repeats visitors on 2025-03-01 from row 2: give one value per metric and date'] },
      { row: 6, cells: ['revenue', '2025-03-01', '7', ''], reasons: [forbiddenMetricMessage('revenue')] },
      { row: 7, cells: ['visitors', '2025-03-02', '12abc', ''], reasons: ['Value: Enter a number'] },
      // Another organization's metric keys are unknown here.
      { row: 8, cells: ['secret', '2025-03-01', '1', ''], reasons: ['No metric with the key "secret" in this organization'] },
    ]);
    const before = await countValues();
    const result = await importFile(person(2), file);
    expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { file: [expect.stringMatching(/^Nothing was imported\. 8 rows: 2 ready, 6 with problems/)] } });
    expect(await countValues()).toBe(before);
    expect(await countValues(other.id)).toBe(0);
  });

  it('refuses a file-level problem on the file field', async () => {
    const result = await importFile(person(0), 'metric,when,value\nvisitors,2025-03-01,1\n');
    expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { file: [expect.stringMatching(/^The header names “when”/)] } });
  });

  it('imports all at once with progress; the same file again changes nothing; a changed value keeps the previous one in the audit log', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `signups,2025-04-0${i + 1},${i * 10},"day ${i + 1}, note"`);
    const file = ['Metric,Date,Value,Note', ...rows, ''].join('\r\n');
    const progress: [number, number][] = [];
    const first = await importFile(person(0), file, (done, total) => progress.push([done, total]), 2);
    expect(first).toEqual({ ok: true, data: { rowCount: 5, inserted: 5, updated: 0, unchanged: 0, metrics: [{ id: ids.signups, key: 'signups' }] } });
    expect(progress).toEqual([[0, 5], [2, 5], [4, 5], [5, 5]]);
    const stored = await db().withTenant(acme.id, (tx) => listMeasurements(tx, ids.signups));
    expect(stored.map((s) => [s.date, s.value, s.note, s.source, s.recordedBy])).toContainEqual(['2025-04-03', 20, 'day 3, note', 'csv', person(0)]);

    const again = await importFile(person(0), file);
    expect(again).toMatchObject({ ok: true, data: { inserted: 0, updated: 0, unchanged: 5 } });

    const changed = await importFile(person(4), file.replace('signups,2025-04-03,20', 'signups,2025-04-03,21'));
    expect(changed).toMatchObject({ ok: true, data: { inserted: 0, updated: 1, unchanged: 4 } });
    const entries = await db().withTenant(acme.id, (tx) =>
      tx.select().from(auditLog).where(and(eq(auditLog.action, 'measurement.record'), eq(auditLog.entityId, `${ids.signups}:2025-04-03`))),
    );
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => ({ by: e.actorUserId, before: e.before, after: e.after }))).toEqual(expect.arrayContaining([
      { by: person(0), before: null, after: { metricKey: 'signups', date: '2025-04-03', value: 20, note: 'day 3, note', source: 'csv' } },
      {
        by: person(4),
        before: { metricKey: 'signups', date: '2025-04-03', value: 20, note: 'day 3, note', source: 'csv' },
        after: { metricKey: 'signups', date: '2025-04-03', value: 21, note: 'day 3, note', source: 'csv' },
      },
    ]));
    const imports = await db().withTenant(acme.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, 'measurements.import')));
    expect(imports).toHaveLength(3);
    expect(imports.map((e) => e.after)).toContainEqual({ fileName: 'values.csv', rows: 5, inserted: 0, updated: 0, unchanged: 5, metrics: ['signups'] });
  });

  it('is all or nothing: a failure after some chunks are written leaves nothing behind', async () => {
    const file = ['metric,date,value', 'revenue,2025-05-01,1', 'revenue,2025-05-02,2', 'revenue,2025-05-03,3'].join('\n');
    const before = await countValues();
    const failAfterFirstChunk = (done: number) => {
      if (done === 1) throw new Error('connection lost');
    };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await importFile(person(1), file, failAfterFirstChunk, 1)).toMatchObject({ ok: false, code: 'invalid' });
    quiet.mockRestore();
    expect(await countValues()).toBe(before);
    // A row the checks refuse stops the whole file too.
    expect(await importFile(person(1), `${file}\nrevenue,2025-01-20,4`)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await countValues()).toBe(before);
  });

  it('lets viewers import nothing, members only the metrics they may record', async () => {
    expect(await importFile(person(3), 'metric,date,value\nvisitors,2025-06-01,1\n')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await importFile(person(2), 'metric,date,value\nvisitors,2025-06-01,1\n')).toMatchObject({ ok: true, data: { inserted: 1 } });
    expect(await importFile(person(2), 'metric,date,value\nrevenue,2025-06-01,1\n')).toMatchObject({ ok: false, code: 'forbidden' });
    const mixed = await importFile(person(2), 'metric,date,value\nvisitors,2025-06-02,1\nsignups,2025-06-02,1\n');
    expect(mixed).toMatchObject({ ok: false, code: 'invalid' });
    expect((await preview(person(2), 'metric,date,value\nvisitors,2025-06-02,1\nsignups,2025-06-02,1\n')).issues).toEqual([
      { row: 3, cells: ['signups', '2025-06-02', '1'], reasons: [forbiddenMetricMessage('signups')] },
    ]);
    // The head of Sales records the metric Sales' KPI uses, not the one owned by someone else.
    expect(await importFile(person(4), 'metric,date,value\nsignups,2025-06-03,4\n')).toMatchObject({ ok: true, data: { inserted: 1 } });
    expect(await importFile(person(4), 'metric,date,value\nvisitors,2025-06-03,4\n')).toMatchObject({ ok: false, code: 'forbidden' });
    // Another organization's owner is not a member here.
    expect(await runOrgAction(db(), other.people[0]!.id, acme.slug, importMeasurementsAction({ userId: other.people[0]!.id }), { file: 'metric,date,value\nvisitors,2025-06-04,1\n' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });

  it('exports values that import back unchanged, formula-like notes and negative numbers included; another organization’s metric is not found', async () => {
    const file = ['metric,date,value,note', 'revenue,2025-07-01,-5,=SUM(A1)', 'revenue,2025-07-02,1e21,"a ""quoted"", note\nover two lines"', 'revenue,2025-07-03,0.1,@home'].join('\n');
    expect(await importFile(person(0), file)).toMatchObject({ ok: true, data: { inserted: 3 } });
    const exported = await db().withTenant(acme.id, async (tx) => metricValuesCsv('revenue', await listMeasurements(tx, ids.revenue)));
    expect(exported.split('\r\n')).toEqual([
      '\ufeffmetric,date,value,note,source,recorded_by,recorded_at',
      expect.stringMatching(/^revenue,2025-07-01,-5,'=SUM\(A1\),csv,owner-0-.*@example\.test,20\d\d-\d\d-\d\dT[\d:.]+Z$/),
      expect.stringMatching(/^revenue,2025-07-02,1e\+21,"a ""quoted"", note\nover two lines",csv,/),
      expect.stringMatching(/^revenue,2025-07-03,0\.1,'@home,csv,/),
      '',
    ]);
    const back = await importFile(person(0), exported);
    expect(back).toMatchObject({ ok: true, data: { inserted: 0, updated: 0, unchanged: 3 } });
    expect(await db().withTenant(acme.id, (tx) => getMetric(tx, ids.secret))).toBeNull();
  });
});
