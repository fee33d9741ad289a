/**
 * One CSV cell under RFC 4180: quoted when it holds a comma, quote, CR or LF
 * (quotes doubled). Cells that a spreadsheet would run as a formula (= + - @,
 * tab, CR) get a leading apostrophe first, as product.md §6 asks of exports.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
