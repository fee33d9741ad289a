/**
 * An RFC 4180 CSV writer: comma separated, CRLF line ends, a field quoted
 * when it holds a comma, a quote, CR or LF, quotes doubled inside it.
 *
 * Formula injection: a spreadsheet runs a text cell beginning with `=`, `+`,
 * `-`, `@`, tab or carriage return as a formula. Such TEXT cells get a leading
 * apostrophe, which spreadsheets read as "this is text" and do not display.
 * Numbers are written plainly (`-5`, `1e+21`): a negative number is a value,
 * not a formula, and must re-import as the same number. The measurement import
 * drops that apostrophe again (`unescapeFormulaText`) so exports round-trip.
 */
export type CsvCell = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function escapeFormulaText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse of escapeFormulaText: `'=1+1` back to `=1+1`; any other text is left alone. */
export function unescapeFormulaText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

export function csvCell(value: CsvCell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = value instanceof Date ? value.toISOString() : escapeFormulaText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole file; `bom` adds the UTF-8 byte-order mark Excel needs to read accents correctly. */
export function toCsv(rows: readonly (readonly CsvCell[])[], { bom = false }: { bom?: boolean } = {}): string {
  return (bom ? '\ufeff' : '') + rows.map(csvRow).join('');
}
