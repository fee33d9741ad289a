import type { Database } from '@/db/client';
import { kpiLinks, kpiMetrics, kpis, kpiTargets, measurements, metrics, orgUnits } from '@/db/schema';

/**
 * A large organization for the KPI benchmarks: `departments` departments with
 * `kpisPerDepartment` formula KPIs each (two metrics apiece, twelve monthly
 * values and targets), plus one roll-up KPI per department over its KPIs.
 */
export async function makeKpiOrganization(db: Database, organizationId: string, departments: number, kpisPerDepartment: number) {
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
  const chunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
  };
  return db.withTenant(organizationId, async (tx) => {
    const [company] = await tx.select().from(orgUnits);
    const units = await tx
      .insert(orgUnits)
      .values(Array.from({ length: departments }, (_, d) => ({ organizationId, parentId: company!.id, kind: 'department' as const, name: `Dept ${d}` })))
      .returning({ id: orgUnits.id });
    const metricRows = await tx
      .insert(metrics)
      .values(
        units.flatMap((_, d) =>
          Array.from({ length: kpisPerDepartment * 2 }, (_, m) => ({
            organizationId,
            key: `m_${d}_${m}`,
            name: `Metric ${d}/${m}`,
            unit: 'count' as const,
            aggregation: 'sum' as const,
            frequency: 'month' as const,
          })),
        ),
      )
      .returning({ id: metrics.id, key: metrics.key });
    const metricId = new Map(metricRows.map((m) => [m.key, m.id]));
    const kpiRows = await tx
      .insert(kpis)
      .values(
        units.flatMap((unit, d) =>
          Array.from({ length: kpisPerDepartment }, (_, k) => ({
            organizationId,
            unitId: unit.id,
            name: `KPI ${d}/${k}`,
            unit: 'percent' as const,
            direction: 'up' as const,
            frequency: 'month' as const,
            indicator: 'lagging' as const,
            horizon: 'strategic' as const,
            source: 'formula' as const,
            formula: `{m_${d}_${2 * k}} / {m_${d}_${2 * k + 1}} * 100`,
            state: 'active' as const,
          })),
        ),
      )
      .returning({ id: kpis.id, name: kpis.name, unitId: kpis.unitId });
    await chunks(
      kpiRows.flatMap((kpi) => {
        const [d, k] = kpi.name.slice(4).split('/').map(Number) as [number, number];
        return [metricId.get(`m_${d}_${2 * k}`)!, metricId.get(`m_${d}_${2 * k + 1}`)!].map((id) => ({ organizationId, kpiId: kpi.id, metricId: id }));
      }),
      (chunk) => tx.insert(kpiMetrics).values(chunk),
    );
    await chunks(
      metricRows.flatMap((m, i) => months.map((month, j) => ({ organizationId, metricId: m.id, date: `${month}-15`, value: 100 + ((i * 7 + j * 13) % 50), source: 'manual' as const }))),
      (chunk) => tx.insert(measurements).values(chunk),
    );
    await chunks(
      kpiRows.flatMap((kpi) => months.map((periodKey) => ({ organizationId, kpiId: kpi.id, periodKey, value: 95 }))),
      (chunk) => tx.insert(kpiTargets).values(chunk),
    );
    const rollups = await tx
      .insert(kpis)
      .values(
        units.map((unit, d) => ({
          organizationId,
          unitId: unit.id,
          name: `Dept ${d} average`,
          unit: 'percent' as const,
          direction: 'up' as const,
          frequency: 'month' as const,
          indicator: 'lagging' as const,
          horizon: 'strategic' as const,
          source: 'rollup' as const,
          rollupMethod: 'average' as const,
          state: 'active' as const,
        })),
      )
      .returning({ id: kpis.id, unitId: kpis.unitId });
    await chunks(
      rollups.flatMap((r) => kpiRows.filter((k) => k.unitId === r.unitId).map((k) => ({ organizationId, parentKpiId: r.id, childKpiId: k.id }))),
      (chunk) => tx.insert(kpiLinks).values(chunk),
    );
    return { kpiIds: [...kpiRows, ...rollups].map((k) => k.id), months };
  });
}
