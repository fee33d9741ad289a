/**
 * Every value Keel stores is a double precision number. Reading `1e-400` or
 * `9007199254740993` as one changes it silently (to 0, to …992), so such
 * literals are refused, in form fields, CSV cells and JSON bodies alike:
 * - a non-zero number too close to zero to be held (it would become 0);
 * - an integer, written as one (digits only), that a double does not hold
 *   exactly: beyond ±2^53 only some integers exist (…992 and …994, never …993).
 * Anything written with a point or an exponent (0.1, 1e300, 9007199254740993.0)
 * is a decimal and rounds to the nearest double, as decimals always do.
 */

const INTEGER_LITERAL = /^[+-]?\d+$/;

/** Why this plain decimal literal, read as `value`, would not be stored as written; null when it would. */
export function unstorableNumberProblem(literal: string, value: number): string | null {
  const text = literal.trim();
  if (value === 0) {
    const mantissa = text.split(/e/i)[0]!;
    return /[1-9]/.test(mantissa) ? 'This number is too close to zero to be stored (the smallest is about 5e-324): enter 0 or a larger number' : null;
  }
  if (Math.abs(value) <= Number.MAX_SAFE_INTEGER || !Number.isFinite(value) || !INTEGER_LITERAL.test(text)) return null;
  const stored = BigInt(value);
  return BigInt(text) === stored
    ? null
    : `This integer cannot be stored exactly: it would be stored as ${stored} (integers are exact up to ±9007199254740991); round it to the digits that matter`;
}

const NUMBER_CHARACTERS = new Set('0123456789.eE+-');

/**
 * The numbers of a JSON text (already known to be valid JSON) that would not
 * be stored as written, with their paths: JSON.parse has already rounded
 * them, so only the text tells `9007199254740993` from `…992`.
 */
export function unstorableJsonNumbers(text: string): { path: (string | number)[]; message: string }[] {
  const found: { path: (string | number)[]; message: string }[] = [];
  // Each open container: an array with the index of its current item, or an object with its current key.
  const open: ({ index: number } | { key: string; expectingKey: boolean })[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = open.at(-1);
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top && 'key' in top && top.expectingKey) {
        top.key = JSON.parse(text.slice(i, end + 1)) as string;
        top.expectingKey = false;
      }
      i = end;
    } else if (c === '{') open.push({ key: '', expectingKey: true });
    else if (c === '[') open.push({ index: 0 });
    else if (c === '}' || c === ']') open.pop();
    else if (c === ',' && top) {
      if ('index' in top) top.index++;
      else top.expectingKey = true;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < text.length && NUMBER_CHARACTERS.has(text[end]!)) end++;
      const literal = text.slice(i, end);
      const message = unstorableNumberProblem(literal, Number(literal));
      if (message) found.push({ path: open.map((frame) => ('index' in frame ? frame.index : frame.key)), message });
      i = end - 1;
    }
  }
  return found;
}
