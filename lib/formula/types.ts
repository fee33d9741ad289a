/** The longest formula source accepted, in UTF-16 code units. */
export const FORMULA_MAX_LENGTH = 500;
/** How deeply parentheses and unary operators may nest. */
export const FORMULA_MAX_DEPTH = 32;
/** Metric keys are 1..64 of these characters. */
export const METRIC_KEY_MAX_LENGTH = 64;

/**
 * A parsed formula. `start`/`end` are 0-based UTF-16 offsets into the source
 * (end exclusive); a parenthesized expression's span includes its parentheses.
 * Number literals are never negative: `-3` is a unary minus applied to 3.
 */
export type FormulaNode =
  | { type: 'number'; value: number; start: number; end: number }
  | { type: 'metric'; key: string; start: number; end: number }
  | { type: 'unary'; op: '-' | '+'; operand: FormulaNode; start: number; end: number }
  | { type: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode; start: number; end: number };

export type MetricUnit = 'count' | 'currency' | 'percent' | 'ratio' | 'duration';
