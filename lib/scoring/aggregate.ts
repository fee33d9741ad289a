import { mean } from './math';
import type { Aggregation } from './types';

/**
 * A metric's values in one period combined by its aggregation. The caller
 * restricts the values to the period. An empty period is null: no data is
 * never 0, or a month without readings would look like a month of zeros.
 */
export function aggregateValues(
  values: ReadonlyArray<{ date: string; value: number }>,
  aggregation: Aggregation,
): number | null {
  if (values.length === 0) return null;
  const xs = values.map((v) => v.value);
  switch (aggregation) {
    case 'sum':
      return xs.reduce((s, x) => s + x, 0);
    case 'average':
      return mean(xs);
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    case 'last': {
      // ISO dates order as strings; on a tie the later entry wins (it was recorded last).
      let latest = values[0]!;
      for (const v of values) if (v.date >= latest.date) latest = v;
      return latest.value;
    }
  }
}
