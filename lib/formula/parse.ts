import { at, FormulaSyntaxError, quote } from './errors';
import { tokenize, type Token } from './tokenize';
import { FORMULA_MAX_DEPTH, FORMULA_MAX_LENGTH, type FormulaNode } from './types';

/**
 * Recursive descent over a token list. Only parentheses and unary operators
 * recurse, and both check the depth limit before going deeper, so the stack
 * stays shallow whatever the input; binary operators are parsed in loops.
 */
export function parseFormula(source: string): FormulaNode {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new FormulaSyntaxError({ message: 'Enter a formula', position: 0, length: 1 });
  }
  if (source.length > FORMULA_MAX_LENGTH) {
    throw new FormulaSyntaxError({
      message: `The formula is longer than ${FORMULA_MAX_LENGTH} characters (it has ${source.length})`,
      position: FORMULA_MAX_LENGTH,
      length: source.length - FORMULA_MAX_LENGTH,
    });
  }

  const tokens = tokenize(source);
  let index = 0;

  const fail = (message: string, token: Token): never => {
    throw new FormulaSyntaxError({ message, position: token.start, length: token.end - token.start });
  };
  const text = (token: Token) => quote(source.slice(token.start, token.end));
  const peek = (): Token => {
    const token = tokens[index]!;
    if (token.kind === 'error') throw new FormulaSyntaxError(token.error);
    return token;
  };
  const advance = (): Token => {
    const token = peek();
    if (token.kind !== 'end') index++;
    return token;
  };
  const tooDeep = (token: Token) => fail(`The formula nests deeper than ${FORMULA_MAX_DEPTH} levels ${at(token.start)}`, token);

  function parseSum(depth: number): FormulaNode {
    let left = parseProduct(depth);
    for (let token = peek(); token.kind === 'operator' && (token.op === '+' || token.op === '-'); token = peek()) {
      advance();
      const right = parseProduct(depth);
      left = { type: 'binary', op: token.op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  function parseProduct(depth: number): FormulaNode {
    let left = parseUnary(depth);
    for (let token = peek(); token.kind === 'operator' && (token.op === '*' || token.op === '/'); token = peek()) {
      advance();
      const right = parseUnary(depth);
      left = { type: 'binary', op: token.op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  function parseUnary(depth: number): FormulaNode {
    const token = peek();
    if (token.kind === 'operator' && (token.op === '-' || token.op === '+')) {
      if (depth >= FORMULA_MAX_DEPTH) tooDeep(token);
      advance();
      const operand = parseUnary(depth + 1);
      return { type: 'unary', op: token.op, operand, start: token.start, end: operand.end };
    }
    return parsePrimary(depth);
  }

  function parsePrimary(depth: number): FormulaNode {
    const token = peek();
    switch (token.kind) {
      case 'number':
        advance();
        return { type: 'number', value: token.value, start: token.start, end: token.end };
      case 'metric':
        advance();
        return { type: 'metric', key: token.key, start: token.start, end: token.end };
      case '(': {
        if (depth >= FORMULA_MAX_DEPTH) tooDeep(token);
        advance();
        const inner = parseSum(depth + 1);
        const close = peek();
        if (close.kind === ')') {
          advance();
          return { ...inner, start: token.start, end: close.end };
        }
        if (close.kind === 'end') return fail(`Expected ")" to close the "(" ${at(token.start)}`, close);
        return fail(
          `Expected an operator or ")" ${at(close.start)}, found ${text(close)} (the "(" ${at(token.start)} is still open)`,
          close,
        );
      }
      case 'end':
        return fail('Expected a number, a {metric} or "(" at the end of the formula', token);
      default:
        return fail(`Expected a number, a {metric} or "(" ${at(token.start)}, found ${text(token)}`, token);
    }
  }

  const ast = parseSum(0);
  const rest = peek();
  if (rest.kind === ')') fail(`Unexpected ")" ${at(rest.start)}; there is no "(" to close`, rest);
  if (rest.kind !== 'end') fail(`Expected an operator (+, -, * or /) ${at(rest.start)}, found ${text(rest)}`, rest);
  return ast;
}
