import { clamp } from './math';

/**
 * How far actual may sit from the expected pace, as a share of expected, and
 * still count as on pace: a week of noise should not flip a goal to "behind".
 */
export const paceTolerance = 0.05;

export type PaceVerdict = 'ahead' | 'on_pace' | 'behind' | 'no_data' | 'not_started' | 'achieved';

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  return ms / DAY_MS;
}

/**
 * Pace of a goal's outcome (product.md §3): expected = target × elapsed share
 * of the span, both ends inclusive, so the due date itself counts as elapsed.
 *
 * The model is cumulative from 0 towards the target. For `down` (a budget such
 * as "at most 100 incidents") being under the expected pace is ahead, and the
 * goal is achieved only once the span is over with actual ≤ target — before
 * that, the count can still grow. For `up`, reaching the target at any time is
 * achieved. Once the span is over, anything not achieved is behind.
 * progress is actual / target as stated, for either direction.
 */
export function goalPace(input: {
  target: number;
  actual: number | null;
  start: string;
  due: string;
  today: string;
  direction?: 'up' | 'down';
}): { elapsedShare: number; expected: number; progress: number | null; verdict: PaceVerdict } {
  const { target, actual, direction = 'up' } = input;
  const start = dayNumber(input.start);
  const due = dayNumber(input.due);
  const today = dayNumber(input.today);

  let elapsedShare: number;
  if (today < start) elapsedShare = 0;
  else if (today >= due) elapsedShare = 1;
  else elapsedShare = clamp((today - start + 1) / (due - start + 1), 0, 1);

  const expected = target * elapsedShare;
  const hasActual = actual !== null && Number.isFinite(actual);
  const progress = hasActual && target !== 0 ? actual / target : null;
  const result = { elapsedShare, expected, progress };

  if (today < start) return { ...result, verdict: 'not_started' };
  if (!hasActual) return { ...result, verdict: 'no_data' };
  const over = today >= due;
  if (direction === 'up' ? actual >= target : over && actual <= target) return { ...result, verdict: 'achieved' };
  if (over) return { ...result, verdict: 'behind' };

  const band = paceTolerance * Math.abs(expected);
  const lead = direction === 'up' ? actual - expected : expected - actual;
  const verdict = lead > band ? 'ahead' : lead < -band ? 'behind' : 'on_pace';
  return { ...result, verdict };
}
