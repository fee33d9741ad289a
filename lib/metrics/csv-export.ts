import { csvRow } from '@/lib/csv/write';
import type { MeasurementRow } from './queries';

export const exportColumns = ['metric', 'date', 'value', 'note', 'source', 'recorded_by', 'recorded_at'] as const;

/**
 * A metric's values as a CSV file. It imports back as it is: the import reads
 * metric,date,value,note and ignores the other columns; notes a spreadsheet
 * would run as formulas are escaped by the writer and unescaped by the import.
 * The byte-order mark lets Excel read accented notes and names as UTF-8.
 */
export function metricValuesCsv(metricKey: string, values: readonly MeasurementRow[]): string {
  const lines = ['\ufeff', csvRow(exportColumns)];
  for (const v of values) lines.push(csvRow([metricKey, v.date, v.value, v.note, v.source, v.recordedByName, v.recordedAt]));
  return lines.join('');
}
