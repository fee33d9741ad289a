/**
 * A per-token sliding-window rate limit, in memory.
 *
 * Per process: with several server processes each allows the limit on its
 * own, so the effective limit is the limit × the number of processes. That is
 * acceptable as a guard against runaway scripts; a shared limit would need
 * PostgreSQL or Redis.
 *
 * Sliding window counter: the previous fixed window's count, weighted by how
 * much of it still overlaps the last `windowMs`, plus the current window's.
 */
export type RateLimiter = { take(key: string, now?: number): { ok: true } | { ok: false; retryAfterSeconds: number } };

export function createRateLimiter(limit: number, windowMs = 60_000): RateLimiter {
  const windows = new Map<string, { start: number; current: number; previous: number }>();
  return {
    take(key, now = Date.now()) {
      const start = now - (now % windowMs);
      let w = windows.get(key);
      if (!w) {
        w = { start, current: 0, previous: 0 };
        windows.set(key, w);
      } else if (w.start !== start) {
        w.previous = w.start === start - windowMs ? w.current : 0;
        w.current = 0;
        w.start = start;
      }
      const overlap = 1 - (now - start) / windowMs;
      const estimate = w.previous * overlap + w.current;
      if (estimate + 1 > limit) {
        // When the previous window's weight has faded enough, or the next window starts.
        const needed = w.previous > 0 ? (estimate + 1 - limit) / (w.previous / windowMs) : start + windowMs - now;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.min(needed, start + windowMs - now + windowMs) / 1000)) };
      }
      w.current++;
      return { ok: true };
    },
  };
}
