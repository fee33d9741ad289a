import type { FormulaNode } from './types';

export type FormulaValues =
  | ReadonlyMap<string, number | null | undefined>
  | Readonly<Record<string, number | null | undefined>>;

function lookup(values: FormulaValues, key: string): unknown {
  if (values instanceof Map || typeof (values as { get?: unknown }).get === 'function') {
    return (values as ReadonlyMap<string, unknown>).get(key);
  }
  // Own properties only: {constructor} must not find Object.prototype.constructor.
  return Object.hasOwn(values, key) ? (values as Record<string, unknown>)[key] : undefined;
}

/**
 * The formula's value, or null for "no data": a metric without a finite
 * value, a division by zero, or any non-finite intermediate result. A zero
 * result is returned as +0.
 */
export function evaluateFormula(ast: FormulaNode, values: FormulaValues): number | null {
  const result = evaluate(ast, values);
  return result === 0 ? 0 : result;
}

function evaluate(node: FormulaNode, values: FormulaValues): number | null {
  switch (node.type) {
    case 'number':
      return Number.isFinite(node.value) ? node.value : null;
    case 'metric': {
      const value = lookup(values, node.key);
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    case 'unary': {
      const operand = evaluate(node.operand, values);
      if (operand === null) return null;
      return node.op === '-' ? -operand : operand;
    }
    case 'binary': {
      const left = evaluate(node.left, values);
      if (left === null) return null;
      const right = evaluate(node.right, values);
      if (right === null) return null;
      let result: number;
      switch (node.op) {
        case '+':
          result = left + right;
          break;
        case '-':
          result = left - right;
          break;
        case '*':
          result = left * right;
          break;
        case '/':
          if (right === 0) return null;
          result = left / right;
          break;
      }
      return Number.isFinite(result) ? result : null;
    }
  }
}
