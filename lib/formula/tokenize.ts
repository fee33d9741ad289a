import { at, quote, type FormulaError } from './errors';
import { METRIC_KEY_MAX_LENGTH } from './types';

type Span = { start: number; end: number };
export type Token =
  | ({ kind: 'number'; value: number } & Span)
  | ({ kind: 'metric'; key: string } & Span)
  | ({ kind: 'operator'; op: '+' | '-' | '*' | '/' } & Span)
  | ({ kind: '(' | ')' | 'end' } & Span)
  | ({ kind: 'error'; error: FormulaError } & Span);

const KEY_CHAR = /[a-z0-9_]/;
const NUMBER = /(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const NUMBER_RUN_CHAR = /[0-9A-Za-z_.]/;
const WORD = /[A-Za-z0-9_]+/y;
const WHITESPACE = /\s/;

/**
 * Splits the source into tokens. The last token is `end`, or `error` at the
 * first character that cannot start a token (the parser reports it when it
 * gets there, so problems are reported left to right).
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, position: number, length: number): Token[] => {
    const error = { message, position, length: Math.max(1, length) };
    tokens.push({ kind: 'error', error, start: position, end: position + error.length });
    return tokens;
  };

  let pos = 0;
  let lastEnd = 0;
  while (pos < source.length) {
    const ch = source[pos]!;
    if (WHITESPACE.test(ch)) {
      pos++;
      continue;
    }
    const start = pos;
    if (ch === '+' || ch === '-' || ch === '*' || ch === '/') {
      tokens.push({ kind: 'operator', op: ch, start, end: start + 1 });
      pos++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, start, end: start + 1 });
      pos++;
    } else if (ch === '{') {
      let i = start + 1;
      while (i < source.length && KEY_CHAR.test(source[i]!)) i++;
      const next = source[i];
      if (next === '}') {
        const key = source.slice(start + 1, i);
        if (key.length === 0) return fail(`Expected a metric key between "{" and "}" ${at(start)}`, start, 2);
        if (key.length > METRIC_KEY_MAX_LENGTH) {
          return fail(
            `Metric keys are at most ${METRIC_KEY_MAX_LENGTH} characters; the one ${at(start)} has ${key.length}`,
            start,
            i + 1 - start,
          );
        }
        tokens.push({ kind: 'metric', key, start, end: i + 1 });
        pos = i + 1;
      } else {
        const close = source.indexOf('}', i);
        const reopen = source.indexOf('{', i);
        if (next === undefined || close === -1 || (reopen !== -1 && reopen < close)) {
          return fail(`Unclosed "{" ${at(start)}; write metrics as {key}`, start, i - start);
        }
        const bad = String.fromCodePoint(source.codePointAt(i)!);
        if (WHITESPACE.test(bad)) return fail(`Metric keys cannot contain spaces (${at(i)})`, i, 1);
        return fail(`Metric keys use lowercase letters, digits and _; found ${quote(bad)} ${at(i)}`, i, bad.length);
      }
    } else if (ch === '}') {
      return fail(`Unexpected "}" ${at(start)}; there is no "{" to close`, start, 1);
    } else if ((ch >= '0' && ch <= '9') || ch === '.') {
      // Take the whole run a reader would see as one number, then insist it is a well-formed one.
      let i = start;
      while (i < source.length) {
        const c = source[i]!;
        if (NUMBER_RUN_CHAR.test(c)) i++;
        else if ((c === '+' || c === '-') && /^[0-9.]+[eE]$/.test(source.slice(start, i))) i++;
        else break;
      }
      const run = source.slice(start, i);
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(source);
      if (!match || match[0].length !== run.length) {
        return fail(`Malformed number "${run}" ${at(start)}; write numbers like 12, 12.5, .5 or 1e3`, start, run.length);
      }
      const value = Number(run);
      if (!Number.isFinite(value)) return fail(`The number ${at(start)} is too large`, start, run.length);
      tokens.push({ kind: 'number', value, start, end: i });
      pos = i;
    } else if (/[A-Za-z_]/.test(ch)) {
      WORD.lastIndex = start;
      const word = WORD.exec(source)![0];
      const key = word.toLowerCase();
      const hint = key.length <= METRIC_KEY_MAX_LENGTH ? `; write metrics in braces, like {${key}}` : '';
      return fail(`Unexpected "${word}" ${at(start)}${hint}`, start, word.length);
    } else {
      const bad = String.fromCodePoint(source.codePointAt(start)!);
      return fail(`Unexpected ${quote(bad)} ${at(start)}`, start, bad.length);
    }
    lastEnd = pos;
  }
  tokens.push({ kind: 'end', start: lastEnd, end: lastEnd + 1 });
  return tokens;
}
