import { describe, expect, it } from 'vitest';
import { formatDate, formatValue, unitLabel, unitSymbol } from './format';

describe('formatValue', () => {
  it.each([
    [1234, 'count', undefined, '1,234'],
    [1234.567, 'count', undefined, '1,234.57'],
    [1234.5, 'currency', 'EUR', '€1,234.50'],
    [-20, 'currency', 'USD', '-$20.00'],
    [99, 'currency', 'XYZ', 'XYZ 99.00'],
    [5, 'currency', null, '5'],
    [3.2, 'percent', undefined, '3.2%'],
    [2.345, 'ratio', undefined, '2.35×'],
    [45, 'duration', undefined, '45 min'],
    [37.55, 'duration', undefined, '37.6 min'],
    [-0, 'count', undefined, '0'],
  ] as const)('formats %s as %s', (value, unit, code, expected) => {
    expect(formatValue(value, unit, code).replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('shows a dash for no value, and never prints NaN or Infinity', () => {
    expect(formatValue(null, 'count')).toBe('—');
    expect(formatValue(undefined, 'percent')).toBe('—');
    expect(formatValue(Number.NaN, 'count')).toBe('—');
    expect(formatValue(Number.POSITIVE_INFINITY, 'currency', 'EUR')).toBe('—');
  });

  it('falls back to the code when it is not a valid currency code', () => {
    expect(formatValue(10, 'currency', 'euro')).toBe('10 euro');
  });
});

describe('labels', () => {
  it('names units and their symbols', () => {
    expect(unitLabel('currency', 'EUR')).toBe('Currency (EUR)');
    expect(unitLabel('duration')).toBe('Duration (minutes)');
    expect(unitSymbol('percent')).toBe('%');
    expect(unitSymbol('currency', 'GBP')).toBe('GBP');
  });

  it('formats calendar dates without a time-zone shift', () => {
    expect(formatDate('2026-01-01')).toBe('1 Jan 2026');
    expect(formatDate('2025-12-31')).toBe('31 Dec 2025');
    expect(formatDate('2025-09-30')).toBe('30 Sep 2025');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
