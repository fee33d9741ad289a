import { expect, it } from 'vitest';
import { measurements, metrics } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { parsePeriodKey } from '@/lib/periods';
import { getMetricPeriodValues, isWholeMonths } from './metric-period-values';

const calendar = { fiscalYearStartMonth: 4 };

it('tells ranges of whole months (months, quarters, fiscal years) from others (weeks, part of a month)', () => {
  expect(['2026-03', '2026-Q1', '2026', '2026-02'].map((k) => isWholeMonths(parsePeriodKey(k, calendar)))).toEqual([true, true, true, true]);
  expect(isWholeMonths(parsePeriodKey('2026-W05', calendar))).toBe(false);
  expect(isWholeMonths({ start: '2026-03-01', end: '2026-03-30' })).toBe(false);
  expect(isWholeMonths({ start: '2026-03-02', end: '2026-03-31' })).toBe(false);
});

describeEachDatabase('metric values per period', (db) => {
  it('combines each metric by its aggregation over months, a fiscal quarter and year (from metric_months) and a week (raw values)', async () => {
    const org = await makeOrganization(db(), 'Period Values');
    const result = await db().withTenant(org.id, async (tx) => {
      const aggregations = ['sum', 'last', 'average', 'min', 'max'] as const;
      const rows = await tx
        .insert(metrics)
        .values(aggregations.map((aggregation) => ({ organizationId: org.id, key: aggregation, name: aggregation, unit: 'count' as const, aggregation, frequency: 'month' as const })))
        .returning({ id: metrics.id, key: metrics.key });
      // Written straight into the table: the triggers keep metric_months whatever the path.
      const points: [string, number][] = [['2026-04-06', 4], ['2026-04-07', 10], ['2026-04-30', 1], ['2026-05-15', 7], ['2026-06-01', -2]];
      await tx.insert(measurements).values(rows.flatMap((m) => points.map(([date, value]) => ({ organizationId: org.id, metricId: m.id, date, value, source: 'manual' as const }))));
      const periods = ['2026-04', '2026-05', '2026-07', '2027-Q1', '2027', '2026-W15'].map((k) => parsePeriodKey(k, calendar));
      const values = await getMetricPeriodValues(tx, rows.map((r) => r.id), periods);
      return Object.fromEntries(rows.map((m) => [m.key, Object.fromEntries(periods.map((p) => [p.key, values.get(`${m.id}|${p.key}`) ?? null]))]));
    });
    // Fiscal years start in April here and are named by the year they end in, so 2027-Q1 is April–June 2026; week 15 of 2026 is 6–12 April.
    expect(result).toEqual({
      sum: { '2026-04': 15, '2026-05': 7, '2026-07': null, '2027-Q1': 20, '2027': 20, '2026-W15': 14 },
      last: { '2026-04': 1, '2026-05': 7, '2026-07': null, '2027-Q1': -2, '2027': -2, '2026-W15': 10 },
      average: { '2026-04': 5, '2026-05': 7, '2026-07': null, '2027-Q1': 4, '2027': 4, '2026-W15': 7 },
      min: { '2026-04': 1, '2026-05': 7, '2026-07': null, '2027-Q1': -2, '2027': -2, '2026-W15': 4 },
      max: { '2026-04': 10, '2026-05': 7, '2026-07': null, '2027-Q1': 10, '2027': 10, '2026-W15': 10 },
    });
  });
});
