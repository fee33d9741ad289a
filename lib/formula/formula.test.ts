import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFormula,
  describeFormulaError,
  dividesByMetric,
  evaluateFormula,
  FORMULA_MAX_DEPTH,
  FORMULA_MAX_LENGTH,
  formulaReferences,
  FormulaSyntaxError,
  formulaUnitHint,
  parseFormula,
  printFormula,
  safeParseFormula,
  type FormulaNode,
  type MetricUnit,
} from './index';

const evaluate = (source: string, values: Record<string, number | null | undefined> = {}) =>
  evaluateFormula(parseFormula(source), values);

const errorOf = (source: string) => {
  const result = safeParseFormula(source);
  if (result.ok) throw new Error(`expected ${JSON.stringify(source)} not to parse`);
  return result.error;
};

/** The tree without positions, to compare structure. */
function shape(node: FormulaNode): unknown {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'metric':
      return `{${node.key}}`;
    case 'unary':
      return [node.op, shape(node.operand)];
    case 'binary':
      return [shape(node.left), node.op, shape(node.right)];
  }
}

describe('parsing and evaluating', () => {
  it.each([
    ['8 / 4 / 2', 1],
    ['2 - 3 - 4', -5],
    ['-2 * 3', -6],
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['2 * -3', -6],
    ['- -2', 2],
    ['+2 - +3', -1],
    ['.5 + 12.5 + 1e3 + 1.5E-2', 1013.015],
    ['1e+2 / 1e-2', 10000],
    [' \t( 1\n+ 2 ) ', 3],
  ])('%s = %d', (source, value) => {
    expect(evaluate(source)).toBe(value);
  });

  it('parses with left associativity and source positions', () => {
    expect(shape(parseFormula('8 / 4 / 2'))).toEqual([[8, '/', 4], '/', 2]);
    expect(shape(parseFormula('-2 * 3'))).toEqual([['-', 2], '*', 3]);
    expect(parseFormula('({a} + 1) * 2')).toMatchObject({ start: 0, end: 13, left: { start: 0, end: 9 } });
  });

  it('lists references uniquely in order of first appearance', () => {
    expect(formulaReferences(parseFormula('({revenue} - {ad_spend}) / {ad_spend} + {x_1}'))).toEqual([
      'revenue',
      'ad_spend',
      'x_1',
    ]);
  });

  it('evaluates metrics from a map or a record', () => {
    const ast = parseFormula('{paid_signups} / {visitors} * 100');
    expect(evaluateFormula(ast, { paid_signups: 5, visitors: 200 })).toBe(2.5);
    expect(evaluateFormula(ast, new Map([['paid_signups', 5], ['visitors', 200]]))).toBe(2.5);
  });

  it('gives null, never 0, for missing data', () => {
    expect(evaluate('{a} + {b}', { a: 1 })).toBeNull();
    expect(evaluate('{a} + {b}', { a: 1, b: null })).toBeNull();
    expect(evaluate('{a} * 0', { a: undefined })).toBeNull();
    expect(evaluate('{a}', { a: Number.NaN })).toBeNull();
    expect(evaluate('{constructor} + {tostring}', {})).toBeNull();
  });

  it('gives null for division by zero and non-finite results', () => {
    expect(evaluate('{a} / 0', { a: 1 })).toBeNull();
    expect(evaluate('0 / 0')).toBeNull();
    expect(evaluate('{a} / ({b} - {b})', { a: 1, b: 7 })).toBeNull();
    expect(evaluate('{a} * {a}', { a: 1e200 })).toBeNull();
    expect(evaluate('1e300 * 1e300 - 1e300 * 1e300')).toBeNull();
    expect(Object.is(evaluate('0 * -1'), 0)).toBe(true);
  });
});

describe('syntax errors', () => {
  it.each([
    ['{a} + * {b}', 6, 1, 'Expected a number, a {metric} or "(" at character 7, found "*"'],
    ['{a} +', 5, 1, 'Expected a number, a {metric} or "(" at the end of the formula'],
    ['(1 + 2', 6, 1, 'Expected ")" to close the "(" at character 1'],
    ['(1 2)', 3, 1, 'Expected an operator or ")" at character 4, found "2" (the "(" at character 1 is still open)'],
    ['1 {a}', 2, 3, 'Expected an operator (+, -, * or /) at character 3, found "{a}"'],
    ['1 + 2)', 5, 1, 'Unexpected ")" at character 6; there is no "(" to close'],
    ['{a}} + 1', 3, 1, 'Unexpected "}" at character 4; there is no "{" to close'],
    ['{Revenue}', 1, 1, 'Metric keys use lowercase letters, digits and _; found "R" at character 2'],
    ['{ad spend}', 3, 1, 'Metric keys cannot contain spaces (at character 4)'],
    ['2 * {abc + 1', 4, 4, 'Unclosed "{" at character 5; write metrics as {key}'],
    ['{}', 0, 2, 'Expected a metric key between "{" and "}" at character 1'],
    [`{${'k'.repeat(65)}}`, 0, 67, 'Metric keys are at most 64 characters; the one at character 1 has 65'],
    ['1_000 * 2', 0, 5, 'Malformed number "1_000" at character 1; write numbers like 12, 12.5, .5 or 1e3'],
    ['3 * 1.', 4, 2, 'Malformed number "1." at character 5; write numbers like 12, 12.5, .5 or 1e3'],
    ['2e', 0, 2, 'Malformed number "2e" at character 1; write numbers like 12, 12.5, .5 or 1e3'],
    ['1e999', 0, 5, 'The number at character 1 is too large'],
    ['revenue / 2', 0, 7, 'Unexpected "revenue" at character 1; write metrics in braces, like {revenue}'],
    ['2 % 3', 2, 1, 'Unexpected "%" at character 3'],
    ['', 0, 1, 'Enter a formula'],
    [' \n ', 0, 1, 'Enter a formula'],
  ])('%j', (source, position, length, message) => {
    expect(errorOf(source)).toEqual({ position, length, message });
    expect(() => parseFormula(source)).toThrow(FormulaSyntaxError);
  });

  it('reports the first problem from the left', () => {
    expect(errorOf('1 + * {A}').position).toBe(4);
    expect(errorOf('1 2 {A}').position).toBe(2);
  });

  it('describes an error with a caret under it', () => {
    const source = '{a} + * {b}';
    expect(describeFormulaError(source, errorOf(source))).toBe(
      'Expected a number, a {metric} or "(" at character 7, found "*"\n{a} + * {b}\n      ^',
    );
    expect(describeFormulaError('{a}\t+ {Bc}', errorOf('{a}\t+ {Bc}')).split('\n').slice(1)).toEqual([
      '{a} + {Bc}',
      '       ^',
    ]);
    const long = `${'1 + '.repeat(50)}* ${'1 + '.repeat(50)}1`;
    const lines = describeFormulaError(long, errorOf(long)).split('\n');
    expect(lines[1]!.length).toBeLessThanOrEqual(82);
    expect(lines[1]![lines[2]!.indexOf('^')]).toBe('*');
  });

  it('names unknown metrics with their positions', () => {
    expect(checkFormula('{a} / {foo} + {bar} * {foo}', new Set(['a', 'bar']))).toEqual({
      ok: false,
      errors: [
        { message: 'Unknown metric {foo} at character 7', position: 6, length: 5 },
        { message: 'Unknown metric {foo} at character 23', position: 22, length: 5 },
      ],
    });
    expect(checkFormula('{a} +', new Set(['a']))).toMatchObject({ ok: false, errors: [{ position: 5 }] });
    const checked = checkFormula('{b} - {a} / {b}', new Set(['a', 'b']));
    expect(checked).toMatchObject({ ok: true, references: ['b', 'a'] });
  });
});

describe('limits', () => {
  it(`accepts ${FORMULA_MAX_LENGTH} characters and no more`, () => {
    const atLimit = `1${' + 1'.repeat((FORMULA_MAX_LENGTH - 1) / 4)}`.padEnd(FORMULA_MAX_LENGTH, ' ');
    expect(atLimit).toHaveLength(FORMULA_MAX_LENGTH);
    expect(evaluate(atLimit)).toBe(125);
    expect(errorOf(`${atLimit} `)).toEqual({
      message: 'The formula is longer than 500 characters (it has 501)',
      position: 500,
      length: 1,
    });
  });

  it(`nests ${FORMULA_MAX_DEPTH} levels and no deeper`, () => {
    const parens = (n: number) => `${'('.repeat(n)}{a}${')'.repeat(n)}`;
    const minus = (n: number) => `${'-'.repeat(n)}1`;
    const mixed = (n: number) => `${'-('.repeat(n / 2)}1${')'.repeat(n / 2)}`;
    expect(evaluate(parens(32), { a: 3 })).toBe(3);
    expect(evaluate(minus(32))).toBe(1);
    expect(evaluate(mixed(32))).toBe(1);
    expect(errorOf(parens(33))).toEqual({
      message: 'The formula nests deeper than 32 levels at character 33',
      position: 32,
      length: 1,
    });
    expect(errorOf(minus(33)).position).toBe(32);
    expect(errorOf(mixed(34)).position).toBe(32);
    // Depth is per path, not in total.
    expect(evaluate(Array.from({ length: 5 }, () => parens(30)).join(' + '), { a: 1 })).toBe(5);
  });

  // The bounds are the work bound: over 500 characters is refused before tokenizing, over 32 levels before recursing.
  it('refuses hostile input with a typed error, by its length or depth', () => {
    for (const source of ['('.repeat(100_000), '-'.repeat(100_000), '('.repeat(499), '-'.repeat(499), '{'.repeat(499)]) {
      expect(() => parseFormula(source)).toThrow(FormulaSyntaxError);
    }
    expect(errorOf('('.repeat(499)).message).toMatch(/nests deeper than 32 levels/);
    expect(errorOf('('.repeat(100_000)).message).toMatch(/longer than 500/);
    expect(errorOf('-'.repeat(100_000)).message).toMatch(/longer than 500/);
  });
});

describe('printing', () => {
  it.each([
    ['({a}+{b})/{c}*100', '({a} + {b}) / {c} * 100'],
    ['((({a})))', '{a}'],
    ['{a} - ({b} - {c})', '{a} - ({b} - {c})'],
    ['({a} - {b}) - {c}', '{a} - {b} - {c}'],
    ['{a} / ({b} * {c})', '{a} / ({b} * {c})'],
    ['-({a} * 2)', '-({a} * 2)'],
    ['(-{a}) * 2', '-{a} * 2'],
    ['{a} - -{b}', '{a} - -{b}'],
    ['-(-{a})', '- -{a}'],
    ['.5 + 1E3 + 1e21 + 00.10', '0.5 + 1000 + 1e+21 + 0.1'],
  ])('%s → %s', (source, printed) => {
    expect(printFormula(parseFormula(source))).toBe(printed);
    expect(printFormula(parseFormula(printed))).toBe(printed);
  });

  it('falls back to a compact form that still fits the length limit', () => {
    const source = `${'1e20+'.repeat(99)}.001`;
    expect(source.length).toBeLessThanOrEqual(FORMULA_MAX_LENGTH);
    const printed = printFormula(parseFormula(source));
    expect(printed).toBe(source);
    expect(shape(parseFormula(printed))).toEqual(shape(parseFormula(source)));
  });

  it('prints negative constants as unary minus', () => {
    const ast: FormulaNode = {
      type: 'binary',
      op: '-',
      left: { type: 'number', value: 1, start: 0, end: 0 },
      right: { type: 'number', value: -2.5, start: 0, end: 0 },
    } as FormulaNode;
    expect(printFormula(ast)).toBe('1 - -2.5');
    expect(evaluate(printFormula(ast))).toBe(3.5);
  });
});

describe('unit hints', () => {
  const units: Record<string, MetricUnit> = {
    signups: 'count',
    visitors: 'count',
    new_customers: 'count',
    ad_spend: 'currency',
    revenue: 'currency',
    churn_rate: 'percent',
    other_rate: 'percent',
    conversion: 'ratio',
    handle_time: 'duration',
    calls: 'count',
  };
  it.each([
    ['{signups} / {visitors} * 100', 'percent'],
    ['100 * ({signups} / {visitors})', 'percent'],
    ['{conversion} * 100', 'percent'],
    ['{ad_spend} / {new_customers}', 'currency'],
    ['{revenue} / {ad_spend}', 'ratio'],
    ['({revenue} - {ad_spend}) / {ad_spend}', 'ratio'],
    ['{handle_time} / {handle_time}', 'ratio'],
    ['{revenue}', 'currency'],
    ['-{revenue}', 'currency'],
    ['{revenue} + {ad_spend}', 'currency'],
    ['{churn_rate} - {other_rate}', 'percent'],
    ['{revenue} * 1.2', 'currency'],
    ['{handle_time} / 60', 'duration'],
    ['{signups} / {visitors} * 50', 'ratio'],
    ['42', null],
    ['1 / 0', null],
    ['{revenue} + {signups}', null],
    ['{signups} * {visitors}', null],
    ['{new_customers} / {ad_spend}', null],
    ['100 / {signups}', null],
    ['{unknown}', null],
    ['{signups} + 1', null],
  ])('%s → %s', (source, unit) => {
    expect(formulaUnitHint(parseFormula(source), (key) => units[key])).toBe(unit);
  });
});

describe('properties', () => {
  const formulaAlphabet = fc.constantFrom(...'{}()+-*/.0123456789e abc_'.split(''));
  const formulaLikeString = fc.string({ unit: formulaAlphabet, maxLength: 60 });
  // Any UTF-16 code units, lone surrogates included.
  const codeUnits = fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
    .map((units) => String.fromCharCode(...units));

  it('parses any string to an AST or a FormulaSyntaxError, and parsed ASTs print back to themselves', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), formulaLikeString, codeUnits), (source) => {
        let ast: FormulaNode;
        try {
          ast = parseFormula(source);
        } catch (error) {
          if (!(error instanceof FormulaSyntaxError)) throw error;
          const { position, length } = error;
          const safe = safeParseFormula(source);
          return (
            position >= 0 &&
            position <= source.length &&
            length >= 1 &&
            !safe.ok &&
            safe.error.position === position &&
            safe.error.length === length
          );
        }
        if (!safeParseFormula(source).ok) return false;
        return JSON.stringify(shape(parseFormula(printFormula(ast)))) === JSON.stringify(shape(ast));
      }),
      { numRuns: 1000 },
    );
  });

  const keys = ['a', 'b', 'revenue', 'ad_spend', 'x_1'];
  const literal = fc.oneof(
    fc.nat(1000),
    fc.double({ min: 0, max: 1e6, noNaN: true }),
    fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
  ).filter((value) => !Object.is(value, -0));

  const tree = (number: fc.Arbitrary<number>) =>
    fc.letrec<{ node: FormulaNode }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', maxDepth: 6 },
        number.map((value): FormulaNode => ({ type: 'number', value, start: 0, end: 0 })),
        fc.constantFrom(...keys).map((key): FormulaNode => ({ type: 'metric', key, start: 0, end: 0 })),
        fc
          .record({ op: fc.constantFrom('-' as const, '+' as const), operand: tie('node') })
          .map(({ op, operand }): FormulaNode => ({ type: 'unary', op, operand, start: 0, end: 0 })),
        fc
          .record({ op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const), left: tie('node'), right: tie('node') })
          .map(({ op, left, right }): FormulaNode => ({ type: 'binary', op, left, right, start: 0, end: 0 })),
      ),
    })).node;

  const values = fc.dictionary(
    fc.constantFrom(...keys),
    fc.option(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double()), { nil: undefined }),
  );

  it('print → parse → print is stable and evaluates the same', () => {
    fc.assert(
      fc.property(tree(literal), values, (ast, metricValues) => {
        const printed = printFormula(ast);
        fc.pre(printed.length <= FORMULA_MAX_LENGTH);
        const reparsed = parseFormula(printed);
        return (
          printFormula(reparsed) === printed &&
          JSON.stringify(shape(reparsed)) === JSON.stringify(shape(ast)) &&
          Object.is(evaluateFormula(ast, metricValues), evaluateFormula(reparsed, metricValues))
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('never evaluates to NaN or ±Infinity', () => {
    fc.assert(
      fc.property(tree(fc.double()), values, (ast, metricValues) => {
        const result = evaluateFormula(ast, metricValues);
        return (
          (result === null || Number.isFinite(result)) &&
          Object.is(evaluateFormula(ast, new Map(Object.entries(metricValues))), result)
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('dividesByMetric', () => {
  it('is true when a metric is in a divisor, anywhere', () => {
    expect(dividesByMetric(parseFormula('{paid} / {visitors} * 100'))).toBe(true);
    expect(dividesByMetric(parseFormula('1 + ({a} - {b}) / ({c} + 1)'))).toBe(true);
  });
  it('is false for sums, products and division by a number', () => {
    expect(dividesByMetric(parseFormula('{a} + {b} * 2'))).toBe(false);
    expect(dividesByMetric(parseFormula('{a} / 1000'))).toBe(false);
  });
});
