import { evaluateFormula } from './evaluate';
import type { FormulaNode, MetricUnit } from './types';

function isConstant(node: FormulaNode): boolean {
  switch (node.type) {
    case 'number':
      return true;
    case 'metric':
      return false;
    case 'unary':
      return isConstant(node.operand);
    case 'binary':
      return isConstant(node.left) && isConstant(node.right);
  }
}

/**
 * The unit of the formula's value where it is clear, else null:
 * a metric has its own unit; a constant has none; -x has x's unit;
 * a ± b with equal units keeps it; x * c and c * x keep x's unit, except a
 * ratio times 100 is a percent; x / c keeps x's unit; a / b with equal units
 * is a ratio; currency / count is a currency (cost per acquisition).
 * A constant is any sub-expression without metrics.
 */
export function formulaUnitHint(ast: FormulaNode, unitOf: (key: string) => MetricUnit | undefined): MetricUnit | null {
  const hint = (node: FormulaNode): MetricUnit | null => {
    switch (node.type) {
      case 'number':
        return null;
      case 'metric':
        return unitOf(node.key) ?? null;
      case 'unary':
        return hint(node.operand);
      case 'binary': {
        const leftConstant = isConstant(node.left);
        const rightConstant = isConstant(node.right);
        if (leftConstant && rightConstant) return null;
        if (node.op === '*' && (leftConstant || rightConstant)) {
          const [expression, constant] = leftConstant ? [node.right, node.left] : [node.left, node.right];
          const unit = hint(expression);
          return unit === 'ratio' && evaluateFormula(constant, {}) === 100 ? 'percent' : unit;
        }
        if (node.op === '/' && rightConstant) return hint(node.left);
        if (leftConstant || rightConstant) return null;
        const left = hint(node.left);
        const right = hint(node.right);
        if (left === null || right === null) return null;
        switch (node.op) {
          case '+':
          case '-':
            return left === right ? left : null;
          case '*':
            return null;
          case '/':
            if (left === right) return 'ratio';
            return left === 'currency' && right === 'count' ? 'currency' : null;
        }
      }
    }
  };
  return hint(ast);
}
