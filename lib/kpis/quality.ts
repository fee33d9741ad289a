import { checkFormula, safeParseFormula } from '@/lib/formula';
import { periodsOfFiscalYear, safeParsePeriodKey, type FiscalCalendar, type PeriodKind } from '@/lib/periods';
import { kpiQualityChecks, spreadModeForUnit, type QualityCheck } from '@/lib/scoring';

type MeasureUnit = 'count' | 'currency' | 'percent' | 'ratio' | 'duration';

/** What the quality checks read of a KPI: its summary plus the source definition. */
export type QualityKpi = {
  description: string | null;
  goalId: string | null;
  ownerId: string | null;
  unit: MeasureUnit | null;
  frequency: PeriodKind;
  baselineValue: number | null;
  source: 'formula' | 'rollup';
  formula: string | null;
  contributors: readonly unknown[];
};

export type QualityTarget = { periodKey: string; value: number | null; low: number | null; high: number | null };

export type QualityOptions = {
  calendar: FiscalCalendar;
  today: string;
  /** With them, a formula must reference only these metrics; without them, it only has to parse. */
  knownMetricKeys?: ReadonlySet<string>;
  /**
   * For callers that did not load the definition (a list of many KPIs): the
   * stored definition's validity, e.g. true because saving checked it.
   */
  sourceValid?: boolean;
};

/** A formula that parses (and references known metrics, when they are given), or a roll-up with a contributor. */
export function isSourceValid(kpi: Pick<QualityKpi, 'source' | 'formula' | 'contributors'>, knownMetricKeys?: ReadonlySet<string>): boolean {
  if (kpi.source === 'rollup') return kpi.contributors.length > 0;
  if (!kpi.formula || kpi.formula.trim() === '') return false;
  return knownMetricKeys ? checkFormula(kpi.formula, knownMetricKeys).ok : safeParseFormula(kpi.formula).ok;
}

/**
 * The six quality checks of product.md §3 for a KPI and its targets.
 *
 * Only targets of the KPI's own frequency and fiscal-year targets count:
 * targets left over from an earlier frequency are not what the KPI is held
 * to. The baseline is a per-period value, so for flows (counts, currency) an
 * annual target is compared per period (divided by the periods in the year)
 * — otherwise every annual sales target would look 12× too ambitious.
 */
export function kpiQuality(kpi: QualityKpi, targets: readonly QualityTarget[], options: QualityOptions): QualityCheck[] {
  const { calendar, today } = options;
  const flows = kpi.unit !== null && spreadModeForUnit(kpi.unit) === 'total';
  const periodsPerYear = new Map<string, number>();
  const perPeriod = (fiscalYear: string) => {
    if (kpi.frequency === 'year' || !flows) return 1;
    let n = periodsPerYear.get(fiscalYear);
    if (n === undefined) {
      n = periodsOfFiscalYear(Number(fiscalYear), kpi.frequency, calendar).length;
      periodsPerYear.set(fiscalYear, n);
    }
    return n;
  };
  const scaled = (x: number | null, by: number) => (x === null ? null : x / by);

  const counted = targets.flatMap((t) => {
    const parsed = safeParsePeriodKey(t.periodKey, calendar);
    if (!parsed.ok) return [];
    const { kind, end, key } = parsed.period;
    if (kind !== kpi.frequency && kind !== 'year') return [];
    const by = kind === 'year' ? perPeriod(key) : 1;
    return [{ periodEnd: end, value: scaled(t.value, by), low: scaled(t.low, by), high: scaled(t.high, by) }];
  });

  return kpiQualityChecks({
    description: kpi.description,
    sourceValid: options.sourceValid ?? isSourceValid(kpi, options.knownMetricKeys),
    unitSet: kpi.unit !== null,
    // The owner column references the organization's memberships (set null when they leave), so set means member.
    ownerIsMember: kpi.ownerId !== null,
    baseline: kpi.baselineValue,
    targets: counted,
    today,
    goalId: kpi.goalId,
  });
}

/** The failing checks, for a badge and its title. */
export function failingChecks(checks: readonly QualityCheck[]): QualityCheck[] {
  return checks.filter((c) => !c.ok);
}
