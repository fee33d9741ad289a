import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db';
import { metrics } from '@/db/schema';
import { defineOrgAction } from '@/lib/action-runner';
import { parseMeasurementsCsv, type CsvRow } from '@/lib/csv/measurements';
import { ExpectedError } from '@/lib/errors';
import { can, canAnywhere, type Actor } from '@/lib/permissions';
import { getUnitParents } from '@/lib/units/queries';
import { issuesSummary } from './csv-summary';
import { resolveBatch, writeMeasurements, type BatchCounts, type MeasurementWrite } from './measurement-batch';
import { getMetricsAccess, type MetricAccess } from './queries';

/**
 * CSV import of measurements: the checks that need the database (unknown
 * metric, locked period, a metric and date twice, permission per metric) on
 * top of the file's own (lib/csv/measurements.ts), and the all-or-nothing
 * import. Preview and import run the same checks; the import repeats them on
 * the file the browser sends again, so the server keeps no state in between.
 */

export type ImportIssue = { row: number; cells: string[]; reasons: string[] };
export type ImportCheck = { rowCount: number; ready: number; issues: ImportIssue[]; writes: MeasurementWrite[] };
export type ImportResult = BatchCounts & { rowCount: number; metrics: { id: string; key: string }[] };

/** Values are written (and progress reported) this many at a time, inside the one transaction. */
export const IMPORT_CHUNK_SIZE = 2_000;

export const importFileSchema = z.object({
  fileName: z.string().trim().max(255).catch('file.csv').default('file.csv'),
  file: z.string({ error: 'Choose a CSV file' }).transform((text, ctx): CsvRow[] => {
    const parsed = parseMeasurementsCsv(text);
    if (parsed.ok) return parsed.rows;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }),
});

export function forbiddenMetricMessage(key: string) {
  return `You may not record values of “${key}”: its owner, the heads of the units whose KPIs use it, admins and owners may`;
}

function mayRecord(actor: Actor, access: MetricAccess | undefined, parents: Awaited<ReturnType<typeof getUnitParents>>) {
  return can(actor, 'measurements.record', { unitId: access?.unitIds ?? [], parents, ownerIds: [access?.ownerId ?? null] });
}

/** Every bad row of a parsed file and why, and the writes of the good ones. A constant number of queries. */
export async function checkImport(tx: TenantTx, actor: Actor, rows: readonly CsvRow[]): Promise<ImportCheck> {
  const reasons = new Map<number, string[]>();
  const flag = (row: number, reason: string) => (reasons.get(row) ?? reasons.set(row, []).get(row)!).push(reason);
  for (const r of rows) for (const p of r.problems) flag(r.row, p);

  const candidates = rows.filter((r): r is CsvRow & { item: NonNullable<CsvRow['item']> } => r.item !== null);
  const { writes, issues } = await resolveBatch(tx, candidates.map((c) => c.item));
  // resolveBatch names items by index; people know rows, so repeats point at the row that came first.
  const firstIndex = new Map<string, number>();
  candidates.forEach((c, index) => {
    if (!firstIndex.has(`${c.item.metric}|${c.item.date}`)) firstIndex.set(`${c.item.metric}|${c.item.date}`, index);
  });
  const refused = new Set(issues.map((i) => i.index));
  for (const issue of issues) {
    const { row, item } = candidates[issue.index]!;
    const first = firstIndex.get(`${item.metric}|${item.date}`)!;
    const repeatsGoodRow = first !== issue.index && !refused.has(first);
    flag(
      row,
      repeatsGoodRow ? `Repeats ${item.metric} on ${item.date} from row ${candidates[first]!.row}: give one value per metric and date` : issue.message,
    );
  }
  const writtenRows = candidates.filter((_, index) => !refused.has(index)).map((c) => c.row);

  let allowed = writes;
  if (!canAnywhere(actor.role, 'measurements.record')) {
    const [access, parents] = await Promise.all([getMetricsAccess(tx, writes.map((w) => w.metricId)), getUnitParents(tx)]);
    const permitted = new Map<string, boolean>();
    allowed = writes.filter((write, i) => {
      let ok = permitted.get(write.metricId);
      if (ok === undefined) permitted.set(write.metricId, (ok = mayRecord(actor, access.get(write.metricId), parents)));
      if (!ok) flag(writtenRows[i]!, forbiddenMetricMessage(write.metricKey));
      return ok;
    });
  }
  const cellsOf = new Map(rows.map((r) => [r.row, r.cells]));
  const list = [...reasons]
    .sort(([a], [b]) => a - b)
    .map(([row, why]) => ({ row, cells: cellsOf.get(row) ?? [], reasons: why }));
  return { rowCount: rows.length, ready: rows.length - list.length, issues: list, writes: allowed };
}

/** The metrics a file names that exist here, with who may record them: for the runner's permission gate. */
async function accessOfFile(tx: TenantTx, rows: readonly CsvRow[]) {
  const keys = [...new Set(rows.flatMap((r) => (r.item ? [r.item.metric] : [])))];
  const known = keys.length
    ? await tx.select({ id: metrics.id }).from(metrics).where(and(eq(metrics.organizationId, tx.organizationId), inArray(metrics.key, keys)))
    : [];
  return [...(await getMetricsAccess(tx, known.map((m) => m.id))).values()];
}

/**
 * The import as an organization action. `userId` is the person importing
 * (the runner's gate asks whether they own a metric of the file); `onProgress`
 * hears how many values are written so far.
 *
 * The gate lets through whoever may record at least one metric of the file;
 * `checkImport` then refuses the whole file if any row names a metric they
 * may not record.
 */
export function importMeasurementsAction({
  userId,
  onProgress = () => {},
  chunkSize = IMPORT_CHUNK_SIZE,
}: {
  userId: string;
  onProgress?: (done: number, total: number) => void;
  chunkSize?: number;
}) {
  let fileAccess: ReturnType<typeof accessOfFile> | null = null;
  const access = (rows: readonly CsvRow[], tx: TenantTx) => (fileAccess ??= accessOfFile(tx, rows));
  return defineOrgAction({
    permission: 'measurements.record',
    schema: importFileSchema,
    unit: async (input, tx) => [...new Set((await access(input.file, tx)).flatMap((a) => a.unitIds))],
    owner: async (input, tx) => ((await access(input.file, tx)).some((a) => a.ownerId === userId) ? userId : null),
    run: async (ctx, input): Promise<ImportResult> => {
      const check = await checkImport(ctx.tx, ctx.actor, input.file);
      if (check.issues.length > 0) {
        const message = `Nothing was imported. ${issuesSummary(check.rowCount, check.issues.length)}: preview the file to see them.`;
        throw new ExpectedError(message, { file: [message] });
      }
      const counts = { inserted: 0, updated: 0, unchanged: 0 };
      const writer = { source: 'csv' as const, userId: ctx.actor.userId, tokenId: null };
      onProgress(0, check.writes.length);
      for (let start = 0; start < check.writes.length; start += chunkSize) {
        const chunk = check.writes.slice(start, start + chunkSize);
        const written = await writeMeasurements(ctx.tx, chunk, writer, ctx.audit);
        counts.inserted += written.inserted;
        counts.updated += written.updated;
        counts.unchanged += written.unchanged;
        onProgress(start + chunk.length, check.writes.length);
      }
      const touched = new Map(check.writes.map((w) => [w.metricId, w.metricKey]));
      // One entry for the import itself, so that a file that changed nothing is on record too.
      ctx.audit({
        action: 'measurements.import',
        entityType: 'measurement_import',
        entityId: input.fileName,
        after: { fileName: input.fileName, rows: check.rowCount, ...counts, metrics: [...touched.values()] },
      });
      return { rowCount: check.rowCount, ...counts, metrics: [...touched].map(([id, key]) => ({ id, key })) };
    },
  });
}
