import Papa from 'papaparse';
import { z } from 'zod';
import type { BatchItem } from '@/lib/metrics/measurement-batch';
import { finiteNumber, measurementDateSchema, recordMeasurementSchema } from '@/lib/metrics/schemas';
import { unsafeTextProblem } from '@/lib/unsafe-text';
import { unescapeFormulaText } from './write';

/**
 * Measurement CSV files: `metric,date,value[,note]` with a header line.
 * Parsed record by record (papaparse's step mode: no array of the whole file
 * is built) and stopped as soon as the row limit is passed. Each row is
 * checked with the same rules as the form (lib/metrics/schemas.ts); what needs
 * the database (unknown metric, locked period, permission) is checked by
 * lib/metrics/csv-import.ts.
 */

export const MAX_CSV_ROWS = 50_000;
export const tooManyRowsMessage = 'The file has more than 50,000 rows';
export const requiredColumns = ['metric', 'date', 'value'] as const;
/** Columns our own export adds; accepted and ignored so an exported file imports as it is. */
export const ignoredColumns = ['source', 'recorded_by', 'recorded_at'] as const;
export const expectedHeader = 'metric,date,value,note';

type Column = (typeof requiredColumns)[number] | 'note' | (typeof ignoredColumns)[number];
const knownColumns: readonly string[] = [...requiredColumns, 'note', ...ignoredColumns];

export type CsvRow = {
  /** The row as a spreadsheet numbers it: the header is row 1, blank lines count. */
  row: number;
  cells: string[];
  /** Ready to resolve against the database, when the row itself is fine. */
  item: BatchItem | null;
  problems: string[];
};

export type ParsedCsv = { ok: true; rows: CsvRow[] } | { ok: false; error: string };

const noteSchema = recordMeasurementSchema.shape.note;
const columnLabels: Record<'metric' | 'date' | 'value' | 'note', string> = { metric: 'Metric', date: 'Date', value: 'Value', note: 'Note' };

function readHeader(cells: string[]): { ok: true; columns: Column[] } | { ok: false; error: string } {
  const columns = cells.map((c) => c.trim().toLowerCase());
  const unknown = columns.find((c) => !knownColumns.includes(c));
  if (unknown !== undefined) {
    const name = unknown === '' ? 'an empty column name' : `“${unknown}”`;
    return { ok: false, error: `The header names ${name}: the columns are ${expectedHeader} (note is optional)` };
  }
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) return { ok: false, error: `The header names the column “${repeated}” twice` };
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length) {
    return { ok: false, error: `The header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: the first line must be ${expectedHeader} (note is optional)` };
  }
  return { ok: true, columns: columns as Column[] };
}

function firstMessage(result: { success: boolean; error?: z.ZodError }): string {
  return result.error?.issues[0]?.message ?? 'Invalid';
}

/** One data row against the form's rules; every problem of the row, not only the first. */
export function checkRow(row: number, cells: string[], columns: readonly Column[]): CsvRow {
  const problems: string[] = [];
  if (cells.length > columns.length) {
    problems.push(`Has ${cells.length} cells but the header names ${columns.length} columns (quote a value that contains a comma)`);
  }
  const cell = (name: Column) => {
    const at = columns.indexOf(name);
    return at === -1 ? '' : (cells[at] ?? '');
  };
  // Text no field may hold (lib/unsafe-text), in any cell, even of an ignored column: the import refuses it too.
  const unsafe = new Set<Column>();
  columns.forEach((column, at) => {
    const problem = unsafeTextProblem(cells[at] ?? '');
    if (problem) {
      unsafe.add(column);
      problems.push(`${columnLabels[column as keyof typeof columnLabels] ?? column}: ${problem}`);
    }
  });
  const metric = cell('metric').trim();
  if (!metric) problems.push(`${columnLabels.metric}: Enter a metric key`);
  const date = measurementDateSchema.safeParse(cell('date'));
  if (!date.success && !unsafe.has('date')) problems.push(`${columnLabels.date}: ${firstMessage(date)}`);
  const value = finiteNumber.safeParse(cell('value'));
  if (!value.success && !unsafe.has('value')) problems.push(`${columnLabels.value}: ${firstMessage(value)}`);
  const note = noteSchema.safeParse(unescapeFormulaText(cell('note')));
  if (!note.success && !unsafe.has('note')) problems.push(`${columnLabels.note}: ${firstMessage(note)}`);
  const item =
    problems.length === 0 && date.success && value.success && note.success ? { metric, date: date.data, value: value.data, note: note.data } : null;
  return { row, cells, item, problems };
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * Parses a whole file held as text (the caller has enforced the byte limit
 * while reading it). A file-level problem — no header, an unknown or missing
 * column, too many rows, a quote never closed — refuses the whole file.
 */
export function parseMeasurementsCsv(text: string): ParsedCsv {
  let columns: Column[] | null = null;
  let fileError: string | null = null;
  let record = 0;
  const rows: CsvRow[] = [];
  Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    delimiter: ',',
    // No newline given: papaparse detects CRLF, LF or CR.
    quoteChar: '"',
    escapeChar: '"',
    skipEmptyLines: false,
    step: (result, parser) => {
      record++;
      const cells = result.data;
      const broken = result.errors.find((e) => e.code === 'MissingQuotes');
      if (broken) {
        fileError = `Row ${record}: a quoted value is never closed (a value in quotes must end with a quote)`;
        parser.abort();
        return;
      }
      if (isBlank(cells)) return;
      if (!columns) {
        const header = readHeader(cells);
        if (!header.ok) {
          fileError = header.error;
          parser.abort();
          return;
        }
        columns = header.columns;
        return;
      }
      if (rows.length === MAX_CSV_ROWS) {
        fileError = tooManyRowsMessage;
        parser.abort();
        return;
      }
      const checked = checkRow(record, cells, columns);
      if (result.errors.some((e) => e.code === 'InvalidQuotes')) {
        checked.problems.push('A quote inside a value is not doubled (write "" for a quote inside quotes)');
        checked.item = null;
      }
      rows.push(checked);
    },
  });
  if (fileError) return { ok: false, error: fileError };
  if (!columns) return { ok: false, error: `The file is empty: the first line must be the header ${expectedHeader}` };
  if (rows.length === 0) return { ok: false, error: 'The file has a header but no rows of values' };
  return { ok: true, rows };
}
