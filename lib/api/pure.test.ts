import { describe, expect, it } from 'vitest';
import { jsonDepth } from './body';
import { pathOf } from './problem';
import { createRateLimiter } from './rate-limit';

describe('API helpers', () => {
  it('measures JSON depth, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('"[[[["')).toBe(0);
    expect(jsonDepth('{"a":"\\"[[["}')).toBe(1);
    expect(jsonDepth('['.repeat(100))).toBe(100);
  });

  it('writes issue paths the way clients read them', () => {
    expect(pathOf(['measurements', 3, 'value'])).toBe('measurements[3].value');
    expect(pathOf([])).toBe('');
    expect(pathOf(['key'])).toBe('key');
  });

  it('slides its window: the previous minute counts for what still overlaps', () => {
    const limiter = createRateLimiter(2, 60_000);
    const t0 = 120_000;
    expect(limiter.take('a', t0).ok).toBe(true);
    expect(limiter.take('a', t0 + 1).ok).toBe(true);
    const refused = limiter.take('a', t0 + 2);
    expect(refused).toMatchObject({ ok: false });
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limiter.take('b', t0 + 2).ok).toBe(true);
    // Early in the next window the previous one still weighs almost fully.
    expect(limiter.take('a', t0 + 60_000 + 1_000).ok).toBe(false);
    // Late in it, it has faded.
    expect(limiter.take('a', t0 + 60_000 + 50_000).ok).toBe(true);
  });
});
