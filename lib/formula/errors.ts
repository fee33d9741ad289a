/**
 * A problem in a formula's source.
 *
 * Convention: `position` is a 0-based UTF-16 offset into the source (it may
 * equal the end of the trimmed source when something is missing at the end);
 * `length` (>= 1) is how many characters to underline. Human text — the
 * `message` and `describeFormulaError` — says "at character N" with
 * N = position + 1, i.e. 1-based.
 */
export type FormulaError = { message: string; position: number; length: number };

/** The only error `parseFormula` throws. */
export class FormulaSyntaxError extends Error {
  readonly position: number;
  readonly length: number;

  constructor(error: FormulaError) {
    super(error.message);
    this.name = 'FormulaSyntaxError';
    this.position = error.position;
    this.length = Math.max(1, error.length);
  }

  toFormulaError(): FormulaError {
    return { message: this.message, position: this.position, length: this.length };
  }
}

/** "at character N", 1-based. */
export function at(position: number): string {
  return `at character ${position + 1}`;
}

/** Quotes source text for a message; control and space characters are named by code point. */
export function quote(text: string): string {
  if (/^[\s\p{Cc}\p{Cf}]$/u.test(text)) {
    return `U+${(text.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `"${text}"`;
}

const WINDOW = 80;
const CONTEXT_BEFORE = 30;

/**
 * The message, then the source (a window of it when long) and a caret line
 * under the problem, for a monospace block such as a <pre>.
 */
export function describeFormulaError(source: string, error: FormulaError): string {
  const text = typeof source === 'string' ? source : '';
  const position = Math.min(Math.max(0, Math.trunc(error.position) || 0), text.length);
  const length = Math.max(1, Math.trunc(error.length) || 1);

  let from = 0;
  let to = text.length;
  if (text.length > WINDOW) {
    from = Math.max(0, Math.min(position - CONTEXT_BEFORE, text.length - WINDOW));
    to = Math.min(text.length, from + WINDOW);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  // One column per code unit: whitespace and control characters become spaces so the caret lines up.
  const shown = text.slice(from, to).replace(/[\s\p{Cc}\p{Cf}]/gu, ' ');
  const column = prefix.length + (position - from);
  const caretLength = Math.max(1, Math.min(length, to - position));
  return `${error.message}\n${prefix}${shown}${suffix}\n${' '.repeat(column)}${'^'.repeat(caretLength)}`;
}
