import type { Aggregation, Frequency, MeasureUnit } from './schemas';

// One fixed locale, so server-rendered and client-rendered numbers match.
const LOCALE = 'en-US';
const plain = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const currencies = new Map<string, Intl.NumberFormat>();

function currencyFormat(code: string): Intl.NumberFormat | null {
  let format = currencies.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: code });
    } catch {
      return null;
    }
    currencies.set(code, format);
  }
  return format;
}

/**
 * A value as people read it: count 1,234 · currency €1,234.50 · percent 3.2%
 * (the value is already in percent) · ratio 2.35× · duration 45 min (values
 * are minutes) · no value "—".
 */
export function formatValue(value: number | null | undefined, unit: MeasureUnit, currencyCode?: string | null): string {
  if (value == null || !Number.isFinite(value)) return '—';
  const v = value + 0; // -0 reads as "0"
  switch (unit) {
    case 'count':
      return plain.format(v);
    case 'currency': {
      const format = currencyCode ? currencyFormat(currencyCode) : null;
      return format ? format.format(v) : `${plain.format(v)}${currencyCode ? ` ${currencyCode}` : ''}`;
    }
    case 'percent':
      return `${plain.format(v)}%`;
    case 'ratio':
      return `${plain.format(v)}×`;
    case 'duration':
      return `${oneDecimal.format(v)} min`;
  }
}

/** The short unit suffix for axes and column headers: "EUR", "%", "×", "min" or "" for counts. */
export function unitSymbol(unit: MeasureUnit, currencyCode?: string | null): string {
  return { count: '', currency: currencyCode ?? '', percent: '%', ratio: '×', duration: 'min' }[unit];
}

export const unitLabels: Record<MeasureUnit, string> = {
  count: 'Count',
  currency: 'Currency',
  percent: 'Percent',
  ratio: 'Ratio',
  duration: 'Duration (minutes)',
};

export function unitLabel(unit: MeasureUnit, currencyCode?: string | null): string {
  return unit === 'currency' && currencyCode ? `Currency (${currencyCode})` : unitLabels[unit];
}

export const aggregationLabels: Record<Aggregation, { label: string; explanation: string }> = {
  sum: { label: 'Sum', explanation: 'Values in a period are summed (flows such as sign-ups)' },
  last: { label: 'Last value', explanation: 'The last value in a period counts (stocks such as headcount)' },
  average: { label: 'Average', explanation: 'Values in a period are averaged' },
  min: { label: 'Minimum', explanation: 'The lowest value in a period counts' },
  max: { label: 'Maximum', explanation: 'The highest value in a period counts' },
};

export const frequencyLabels: Record<Frequency, string> = {
  week: 'Weekly',
  month: 'Monthly',
  quarter: 'Quarterly',
  year: 'Yearly',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12 Mar 2026" from a YYYY-MM-DD date, without shifting it through a time zone or an ICU version ("Sept"). */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : date;
}
