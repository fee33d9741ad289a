import { describe, expect, it } from 'vitest';
import { METRIC_KEY_PATTERN } from './schemas';
import { suggestMetricKey } from './suggest-key';

describe('suggestMetricKey', () => {
  it.each([
    ['Paid sign-ups', 'paid_sign_ups'],
    ['  Website visitors ', 'website_visitors'],
    ['Café revenue (EUR)', 'cafe_revenue_eur'],
    ['CSAT %', 'csat'],
    ['!!!', ''],
  ])('%j → %j', (name, key) => {
    expect(suggestMetricKey(name)).toBe(key);
  });

  it('always suggests a valid key for a name with letters or digits', () => {
    const key = suggestMetricKey(`${'Long name '.repeat(10)}x`);
    expect(key).toMatch(METRIC_KEY_PATTERN);
    expect(key.endsWith('_')).toBe(false);
  });
});
