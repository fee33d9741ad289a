import type { PeriodKind } from '@/lib/periods';
import type { TargetDerivation } from './engine';

const adjective: Record<PeriodKind, string> = { week: 'weekly', month: 'monthly', quarter: 'quarterly', year: 'yearly' };

/** "Reviewed quarterly": what a scorecard says for a KPI it does not count at its period. */
export function reviewedLabel(frequency: PeriodKind): string {
  return `Reviewed ${adjective[frequency]}`;
}

/**
 * How a coarser period's target came about, in words: "from 3 monthly targets"
 * or, when one is missing, "no target for 2026-08, so none for the period".
 * Null for an explicit target (or none at the KPI's own frequency).
 */
export function derivationLabel(derivation: TargetDerivation | null, frequency: PeriodKind): string | null {
  if (!derivation) return null;
  const { count: n, missing } = derivation;
  if (n === 0) return `no ${adjective[frequency]} period has ended yet`;
  if (missing.length) return `no ${adjective[frequency]} target for ${missing.join(', ')}`;
  return `from ${n} ${adjective[frequency]} target${n === 1 ? '' : 's'}`;
}
