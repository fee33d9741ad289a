export type QualityCheckId = 'specific' | 'measurable' | 'assignable' | 'realistic' | 'time_bound' | 'aligned';
/** `message` says what to do when the check fails; it is empty when `ok`. */
export type QualityCheck = { id: QualityCheckId; label: string; ok: boolean; message: string };

export const qualityCheckLabels: Record<QualityCheckId, string> = {
  specific: 'Specific',
  measurable: 'Measurable',
  assignable: 'Assignable',
  realistic: 'Realistic',
  time_bound: 'Time-bound',
  aligned: 'Aligned',
};

/**
 * A description "says what is measured" once it is a phrase, not a label:
 * at least 20 characters AND at least 4 words ("Revenue" or "a b c d" are not).
 */
export const specificMinChars = 20;
export const specificMinWords = 4;
/** Targets outside this multiple of the baseline are likely sandbagged or wishful. */
export const realisticRange = { min: 0.25, max: 4 } as const;

type KpiTarget = { periodEnd: string; value: number | null; low?: number | null; high?: number | null };

const num = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The value a target asks for: its value, else the band's midpoint (or its one bound). */
function targetValue(t: KpiTarget): number | null {
  if (num(t.value)) return t.value;
  if (num(t.low) && num(t.high)) return t.low / 2 + t.high / 2;
  if (num(t.low)) return t.low;
  if (num(t.high)) return t.high;
  return null;
}

/**
 * Within 0.25×–4× of the baseline. For a baseline ≤ 0 a ratio of signed values
 * is meaningless, so absolute values are compared; with baseline 0 that admits
 * only a target of 0.
 */
function withinRealisticRange(value: number, baseline: number): boolean {
  const [v, b] = baseline > 0 ? [value, baseline] : [Math.abs(value), Math.abs(baseline)];
  return v >= b * realisticRange.min && v <= b * realisticRange.max;
}

/** product.md §3 quality checks: warnings, never blocks. Always all six, in this order. */
export function kpiQualityChecks(kpi: {
  description: string | null;
  sourceValid: boolean;
  unitSet: boolean;
  ownerIsMember: boolean;
  baseline: number | null;
  targets: ReadonlyArray<KpiTarget>;
  today: string;
  goalId: string | null;
}): QualityCheck[] {
  const check = (id: QualityCheckId, ok: boolean, message: string): QualityCheck => ({
    id,
    label: qualityCheckLabels[id],
    ok,
    message: ok ? '' : message,
  });

  const description = (kpi.description ?? '').trim();
  const words = description.split(/\s+/).filter(Boolean).length;

  const measurable = [
    kpi.sourceValid ? null : 'Fix the formula or roll-up source so the KPI can be computed',
    kpi.unitSet ? null : 'Set a unit of measure',
  ].filter((m): m is string => m !== null);

  const valued = kpi.targets.map((t) => ({ t, v: targetValue(t) })).filter((x): x is { t: KpiTarget; v: number } => x.v !== null);
  const baseline = num(kpi.baseline) ? kpi.baseline : null;
  const outOfRange = baseline === null ? [] : valued.filter((x) => !withinRealisticRange(x.v, baseline));
  const realistic =
    baseline === null
      ? 'Set a baseline so the targets can be judged'
      : `${outOfRange.length === 1 ? '1 target is' : `${outOfRange.length} targets are`} outside ${realisticRange.min}×–${realisticRange.max}× of the baseline ${baseline}`;

  return [
    check('specific', description.length >= specificMinChars && words >= specificMinWords, 'Add a description that says what is measured'),
    check('measurable', measurable.length === 0, measurable.join('; ')),
    check('assignable', kpi.ownerIsMember, 'Assign an owner who is a member of the organization'),
    check('realistic', baseline !== null && outOfRange.length === 0, realistic),
    check('time_bound', valued.some((x) => x.t.periodEnd >= kpi.today), 'Set a target for the current or a future period'),
    check('aligned', !isVanity(kpi), 'Not linked to a goal: a vanity metric'),
  ];
}

/** A KPI not linked to a goal measures nothing anyone has committed to. */
export function isVanity(kpi: { goalId: string | null }): boolean {
  return kpi.goalId === null || kpi.goalId === '';
}

/** Per goal "Balanced": at least one leading and one lagging KPI. `message` is empty when ok. */
export function goalBalance(kpis: ReadonlyArray<{ indicator: 'leading' | 'lagging' }>): {
  ok: boolean;
  leading: number;
  lagging: number;
  message: string;
} {
  const leading = kpis.filter((k) => k.indicator === 'leading').length;
  const lagging = kpis.length - leading;
  const ok = leading > 0 && lagging > 0;
  const message = ok
    ? ''
    : kpis.length === 0
      ? 'Add at least one leading and one lagging KPI'
      : leading === 0
        ? 'Add a leading KPI: only lagging KPIs show results too late to act on'
        : 'Add a lagging KPI: only leading KPIs never show the result itself';
  return { ok, leading, lagging, message };
}
