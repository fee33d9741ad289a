import { describe, expect, it } from 'vitest';
import { addDays, utcDateOf } from '@/lib/periods';

/** The schema's year-ahead bound is relative to the clock, so these dates are too. */
const today = () => utcDateOf(new Date());
import { MAX_CSV_ROWS, parseMeasurementsCsv, type ParsedCsv } from './measurements';

function rowsOf(parsed: ParsedCsv) {
  if (!parsed.ok) throw new Error(`Expected rows, got: ${parsed.error}`);
  return parsed.rows;
}
const errorOf = (parsed: ParsedCsv) => (parsed.ok ? null : parsed.error);
const one = (line: string) => rowsOf(parseMeasurementsCsv(`metric,date,value,note\n${line}\n`))[0]!;

describe('measurement CSV parsing', () => {
  it('reads a plain file into items, numbering rows as a spreadsheet does', () => {
    const rows = rowsOf(parseMeasurementsCsv('metric,date,value\nvisitors,2026-01-05,1200\nsignups,2026-01-05,-3.5\n'));
    expect(rows).toEqual([
      { row: 2, cells: ['visitors', '2026-01-05', '1200'], item: { metric: 'visitors', date: '2026-01-05', value: 1200, note: null }, problems: [] },
      { row: 3, cells: ['signups', '2026-01-05', '-3.5'], item: { metric: 'signups', date: '2026-01-05', value: -3.5, note: null }, problems: [] },
    ]);
  });

  it('strips a UTF-8 byte-order mark before the header', () => {
    const rows = rowsOf(parseMeasurementsCsv('\ufeffmetric,date,value\r\nvisitors,2026-01-05,1\r\n'));
    expect(rows[0]!.item).toMatchObject({ metric: 'visitors', value: 1 });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const rows = rowsOf(parseMeasurementsCsv('metric,date,value,note\r\nvisitors,2026-01-05,1,"Launch, day 1 said ""wow""\r\nsecond line"\r\nvisitors,2026-01-06,2,plain\r\n'));
    expect(rows[0]!.item?.note).toBe('Launch, day 1 said "wow"\r\nsecond line');
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it('reads CRLF, LF and CR line ends alike', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const rows = rowsOf(parseMeasurementsCsv(['metric,date,value', 'visitors,2026-01-05,1', 'visitors,2026-01-06,2', ''].join(eol)));
      expect(rows.map((r) => r.item?.value)).toEqual([1, 2]);
    }
  });

  it('skips blank lines (also rows of empty cells) but keeps counting them in row numbers', () => {
    const rows = rowsOf(parseMeasurementsCsv('\nmetric,date,value\n\nvisitors,2026-01-05,1\n,,\n\nvisitors,2026-01-06,2\n\n'));
    expect(rows.map((r) => r.row)).toEqual([4, 7]);
  });

  it('takes header names in any case and order, with spaces around them, and ignores the export-only columns', () => {
    const rows = rowsOf(parseMeasurementsCsv(' Value ,NOTE,Date,Metric,source,recorded_by,recorded_at\n5,hi,2026-01-05,visitors,csv,Ava,2026-01-05T10:00:00.000Z\n'));
    expect(rows[0]!.item).toEqual({ metric: 'visitors', date: '2026-01-05', value: 5, note: 'hi' });
  });

  it('refuses a missing header, unknown, repeated or missing columns as a file-level error', () => {
    expect(errorOf(parseMeasurementsCsv(''))).toMatch(/^The file is empty/);
    expect(errorOf(parseMeasurementsCsv('\n\n'))).toMatch(/^The file is empty/);
    expect(errorOf(parseMeasurementsCsv('metric,date,value\n'))).toBe('The file has a header but no rows of values');
    expect(errorOf(parseMeasurementsCsv('visitors,2026-01-05,1\n'))).toMatch(/^The header names “visitors”/);
    expect(errorOf(parseMeasurementsCsv('metric,date,value,comment\nvisitors,2026-01-05,1,x\n'))).toBe(
      'The header names “comment”: the columns are metric,date,value,note (note is optional)',
    );
    expect(errorOf(parseMeasurementsCsv('metric,date,value,\nvisitors,2026-01-05,1,\n'))).toMatch(/an empty column name/);
    expect(errorOf(parseMeasurementsCsv('metric,date,date,value\n'))).toBe('The header names the column “date” twice');
    expect(errorOf(parseMeasurementsCsv('metric,date\nvisitors,2026-01-05\n'))).toBe(
      'The header has no value column: the first line must be metric,date,value,note (note is optional)',
    );
    expect(errorOf(parseMeasurementsCsv('metric\nvisitors\n'))).toMatch(/^The header has no date, value columns/);
  });

  it('refuses a quote that is never closed', () => {
    expect(errorOf(parseMeasurementsCsv('metric,date,value,note\nvisitors,2026-01-05,1,"open\nvisitors,2026-01-06,2,x\n'))).toMatch(
      /^Row 2: a quoted value is never closed/,
    );
  });

  it('flags a row with more cells than the header, and treats missing trailing cells as empty', () => {
    expect(one('visitors,2026-01-05,1,note,extra').problems).toEqual([
      'Has 5 cells but the header names 4 columns (quote a value that contains a comma)',
    ]);
    expect(one('visitors,2026-01-05,1').item).toMatchObject({ value: 1, note: null });
    expect(one('visitors,2026-01-05').problems).toEqual(['Value: Enter a number']);
  });

  it('uses the form’s number rules for values', () => {
    const cases: [string, string | number][] = [
      ['', 'Value: Enter a number'],
      ['NaN', 'Value: Enter a number'],
      ['Infinity', 'Value: Enter a finite number'],
      ['-inf', 'Value: Enter a finite number'],
      ['1e309', 'Value: Enter a finite number'],
      ['12abc', 'Value: Enter a number'],
      ['0x10', 'Value: Enter a number'],
      ['"1,5"', 'Value: Enter a number without commas, e.g. 1234.5'],
      ['"1,234.5"', 'Value: Enter a number without commas, e.g. 1234.5'],
      [' 12.5 ', 12.5],
      ['-0', 0],
      ['+7', 7],
      ['.5', 0.5],
      ['1e3', 1000],
      ['-1.5E-2', -0.015],
    ];
    for (const [cell, expected] of cases) {
      const row = one(`visitors,2026-01-05,${cell}`);
      if (typeof expected === 'number') expect(row.item?.value, cell).toBe(expected);
      else expect(row.problems, cell).toEqual([expected]);
    }
  });

  it('uses the form’s date rules', () => {
    expect(one('visitors,2026-02-30,1').problems).toEqual(['Date: Enter a real date as YYYY-MM-DD']);
    expect(one('visitors,2026/01/01,1').problems).toEqual(['Date: Enter a real date as YYYY-MM-DD']);
    expect(one('visitors,,1').problems).toEqual(['Date: Enter a date']);
    expect(one(`visitors,${addDays(today(), 400)},1`).problems).toEqual(['Date: The date is more than a year in the future']);
    expect(one('visitors,2024-02-29,1').item?.date).toBe('2024-02-29');
  });

  it('lists every problem of a row and refuses notes over 1,000 characters', () => {
    expect(one(`,2026-13-01,abc,${'x'.repeat(1001)}`).problems).toEqual([
      'Metric: Enter a metric key',
      'Date: Enter a real date as YYYY-MM-DD',
      'Value: Enter a number',
      'Note: A note has at most 1,000 characters',
    ]);
    expect(one(`visitors,2026-01-05,1,${'x'.repeat(1000)}`).item?.note).toHaveLength(1000);
  });

  it('reads back a note the CSV writer escaped against formulas', () => {
    expect(one(`visitors,2026-01-05,1,'=SUM(A1)`).item?.note).toBe('=SUM(A1)');
    expect(one(`visitors,2026-01-05,1,'quoted`).item?.note).toBe("'quoted");
  });

  it('accepts exactly 50,000 rows and refuses 50,001 with the limit named', () => {
    const lines = (n: number) => ['metric,date,value', ...Array.from({ length: n }, (_, i) => `visitors,2026-01-05,${i}`)].join('\n');
    expect(rowsOf(parseMeasurementsCsv(lines(MAX_CSV_ROWS)))).toHaveLength(MAX_CSV_ROWS);
    expect(errorOf(parseMeasurementsCsv(`${lines(MAX_CSV_ROWS)}\n\n`))).toBeNull();
    expect(errorOf(parseMeasurementsCsv(lines(MAX_CSV_ROWS + 1)))).toBe('The file has more than 50,000 rows');
  }, 120_000);
});

describe('measurement CSV parsing, row by row', () => {
  it('gives no item for a row with any problem', () => {
    expect(one('visitors,2026-02-30,1')).toMatchObject({ item: null, problems: ['Date: Enter a real date as YYYY-MM-DD'] });
    expect(one('visitors,2026-01-05,abc').item).toBeNull();
    expect(one(`visitors,2026-01-05,1,${'x'.repeat(1001)}`).item).toBeNull();
    expect(one('visitors,2026-01-05,1,note,extra').item).toBeNull();
  });

  it('trims the metric key', () => {
    expect(one(' visitors ,2026-01-05,1').item?.metric).toBe('visitors');
  });

  it('skips a line of spaces between commas as blank', () => {
    const rows = rowsOf(parseMeasurementsCsv('metric,date,value\n  ,\t, \nvisitors,2026-01-05,1\n'));
    expect(rows.map((r) => r.row)).toEqual([3]);
  });

  it('strips the byte-order mark before a quoted header', () => {
    expect(rowsOf(parseMeasurementsCsv('\ufeff"metric",date,value\nvisitors,2026-01-05,1\n'))[0]!.item?.metric).toBe('visitors');
  });

  it('reads commas only: a tab-separated file is refused by its header', () => {
    expect(errorOf(parseMeasurementsCsv('metric\tdate\tvalue\nvisitors\t2026-01-05\t1\n'))).toMatch(/^The header names “metric\tdate\tvalue”/);
  });

  it('flags a quote that is not doubled inside a value on its row, and reads the rest of the file', () => {
    const rows = rowsOf(parseMeasurementsCsv('metric,date,value,note\nvisitors,2026-01-05,1,"say "hi" now"\nvisitors,2026-01-06,2,x\n'));
    expect(rows[0]).toMatchObject({ item: null, problems: ['A quote inside a value is not doubled (write "" for a quote inside quotes)'] });
    expect(rows[1]!.item).toMatchObject({ value: 2, note: 'x' });
  });
});
