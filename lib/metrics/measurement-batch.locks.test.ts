import { describe, expect, it } from 'vitest';
import { lockedMessage, lockedPeriodOf, type PeriodLockRange } from './measurement-batch';

const january = { periodKey: '2025-01', startDate: '2025-01-01', endDate: '2025-01-31' };
const q3 = { periodKey: '2025-Q3', startDate: '2025-07-01', endDate: '2025-09-30' };
const locks: PeriodLockRange[] = [january, q3];

describe('the period-lock check', () => {
  it('locks both ends of a period and every day between', () => {
    expect(lockedPeriodOf(locks, '2025-01-01')).toBe('2025-01');
    expect(lockedPeriodOf(locks, '2025-01-15')).toBe('2025-01');
    expect(lockedPeriodOf(locks, '2025-01-31')).toBe('2025-01');
    expect(lockedPeriodOf(locks, '2025-07-01')).toBe('2025-Q3');
    expect(lockedPeriodOf(locks, '2025-09-30')).toBe('2025-Q3');
  });

  it('leaves the days just outside a period, and between periods, open', () => {
    expect(lockedPeriodOf(locks, '2024-12-31')).toBeNull();
    expect(lockedPeriodOf(locks, '2025-02-01')).toBeNull();
    expect(lockedPeriodOf(locks, '2025-06-30')).toBeNull();
    expect(lockedPeriodOf(locks, '2025-10-01')).toBeNull();
  });

  it('needs the date inside one period, not merely after one start and before another end', () => {
    // After January's start and before Q3's end, yet in neither.
    expect(lockedPeriodOf([q3, january], '2025-04-15')).toBeNull();
  });

  it('names the period the date falls in, whatever the order of the locks', () => {
    expect(lockedPeriodOf([q3, january], '2025-01-20')).toBe('2025-01');
    expect(lockedPeriodOf([q3, january], '2025-08-20')).toBe('2025-Q3');
  });

  it('is open with no locks at all', () => {
    expect(lockedPeriodOf([], '2025-01-15')).toBeNull();
  });

  it('says which period is locked', () => {
    expect(lockedMessage('2025-Q3')).toBe('The period 2025-Q3 is locked: its values can no longer change');
  });
});
