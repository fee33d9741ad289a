/**
 * Keel's KPI formula language: `{paid_signups} / {visitors} * 100`.
 * Pure — no I/O, no eval. Numbers, {metric_key} references, + - * /,
 * unary - and +, parentheses; at most FORMULA_MAX_LENGTH characters and
 * FORMULA_MAX_DEPTH levels of parentheses/unary operators.
 */
import { at, describeFormulaError, FormulaSyntaxError, type FormulaError } from './errors';
import { evaluateFormula, type FormulaValues } from './evaluate';
import { parseFormula } from './parse';
import { printFormula } from './print';
import type { FormulaNode } from './types';
import { formulaUnitHint } from './unit-hint';

export { FORMULA_MAX_DEPTH, FORMULA_MAX_LENGTH, type FormulaNode, type MetricUnit } from './types';
export { describeFormulaError, evaluateFormula, formulaUnitHint, FormulaSyntaxError, parseFormula, printFormula };
export type { FormulaError, FormulaValues };

export function safeParseFormula(source: string): { ok: true; ast: FormulaNode } | { ok: false; error: FormulaError } {
  try {
    return { ok: true, ast: parseFormula(source) };
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return { ok: false, error: error.toFormulaError() };
    throw error;
  }
}

function metricNodes(node: FormulaNode, into: Extract<FormulaNode, { type: 'metric' }>[] = []) {
  switch (node.type) {
    case 'metric':
      into.push(node);
      break;
    case 'unary':
      metricNodes(node.operand, into);
      break;
    case 'binary':
      metricNodes(node.left, into);
      metricNodes(node.right, into);
      break;
  }
  return into;
}

/** The formula divides by a metric somewhere (`{paid} / {visitors}`): it is a rate, not a flow or a stock. */
export function dividesByMetric(ast: FormulaNode): boolean {
  switch (ast.type) {
    case 'number':
    case 'metric':
      return false;
    case 'unary':
      return dividesByMetric(ast.operand);
    case 'binary':
      return (ast.op === '/' && metricNodes(ast.right).length > 0) || dividesByMetric(ast.left) || dividesByMetric(ast.right);
  }
}

/** Unique metric keys in order of first appearance. */
export function formulaReferences(ast: FormulaNode): string[] {
  return [...new Set(metricNodes(ast).map((node) => node.key))];
}

/**
 * Parses and checks every reference exists. Returns the syntax error alone if
 * the source does not parse, else one 'Unknown metric {foo} at character N'
 * error per occurrence of an unknown key, in source order.
 */
export function checkFormula(
  source: string,
  knownKeys: ReadonlySet<string>,
): { ok: true; ast: FormulaNode; references: string[] } | { ok: false; errors: FormulaError[] } {
  const parsed = safeParseFormula(source);
  if (!parsed.ok) return { ok: false, errors: [parsed.error] };
  const errors = metricNodes(parsed.ast)
    .filter((node) => !knownKeys.has(node.key))
    .map((node) => ({
      message: `Unknown metric {${node.key}} ${at(node.start)}`,
      position: node.start,
      length: node.end - node.start,
    }));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, ast: parsed.ast, references: formulaReferences(parsed.ast) };
}

/**
 * Parsed formulas by their stored text, kept in this process:
 * parsing 5,000 formulas on every scorecard was a quarter of its time.
 * A stored formula that no longer parses yields no data rather than a crash.
 */
const parsedFormulas = new Map<string, FormulaNode | null>();
export function parseStoredFormula(formula: string): FormulaNode | null {
  let ast = parsedFormulas.get(formula);
  if (ast === undefined) {
    try {
      ast = parseFormula(formula);
    } catch {
      ast = null;
    }
    if (parsedFormulas.size >= 100_000) parsedFormulas.clear();
    parsedFormulas.set(formula, ast);
  }
  return ast;
}
