import { FORMULA_MAX_LENGTH, type FormulaNode } from './types';

const BINARY_PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;
const UNARY_PRECEDENCE = 3;
const ATOM_PRECEDENCE = 4;

const isNegative = (value: number) => value < 0 || Object.is(value, -0);

function precedence(node: FormulaNode): number {
  switch (node.type) {
    case 'binary':
      return BINARY_PRECEDENCE[node.op];
    case 'unary':
      return UNARY_PRECEDENCE;
    case 'number':
      return isNegative(node.value) ? UNARY_PRECEDENCE : ATOM_PRECEDENCE;
    case 'metric':
      return ATOM_PRECEDENCE;
  }
}

/** The shortest text that parses back to exactly `value` (finite, >= 0). */
function shortestNumber(value: number): string {
  const candidates = [String(value), value.toExponential()].map((text) =>
    text.replace('e+', 'e').replace(/^0\./, '.'),
  );
  return candidates.reduce((best, text) => (text.length < best.length ? text : best));
}

function printNumber(value: number, compact: boolean): string {
  if (!Number.isFinite(value)) throw new TypeError(`printFormula cannot print the number ${value}`);
  const magnitude = Math.abs(value);
  const text = compact ? shortestNumber(magnitude) : String(magnitude);
  return isNegative(value) ? `-${text}` : text;
}

function print(node: FormulaNode, compact: boolean): string {
  switch (node.type) {
    case 'number':
      return printNumber(node.value, compact);
    case 'metric':
      return `{${node.key}}`;
    case 'unary': {
      let operand = print(node.operand, compact);
      if (precedence(node.operand) < UNARY_PRECEDENCE) operand = `(${operand})`;
      const separator = !compact && (operand.startsWith('-') || operand.startsWith('+')) ? ' ' : '';
      return `${node.op}${separator}${operand}`;
    }
    case 'binary': {
      const own = BINARY_PRECEDENCE[node.op];
      let left = print(node.left, compact);
      let right = print(node.right, compact);
      if (precedence(node.left) < own) left = `(${left})`;
      // Operators are left-associative, so an equal-precedence right operand keeps its parentheses.
      if (precedence(node.right) <= own) right = `(${right})`;
      return compact ? `${left}${node.op}${right}` : `${left} ${node.op} ${right}`;
    }
  }
}

/**
 * Canonical text: minimal parentheses, single spaces around binary operators,
 * unary operators attached to their operand (`-{a}`, `- -{a}`), numbers as
 * `String(n)`. If that is longer than FORMULA_MAX_LENGTH (a formula typed
 * without spaces), the compact form without spaces and with the shortest
 * number spelling is returned instead; it is never longer than the source it
 * was parsed from, so the result of printing a parsed formula always parses
 * back to the same tree. (Hand-built trees may exceed the limits; a negative
 * number node prints as a unary minus; a non-finite number throws TypeError.)
 */
export function printFormula(ast: FormulaNode): string {
  const spaced = print(ast, false);
  return spaced.length <= FORMULA_MAX_LENGTH ? spaced : print(ast, true);
}
