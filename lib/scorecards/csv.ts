import { toCsv, type CsvCell } from '@/lib/csv/write';
import { statusLabels } from '@/lib/scoring';
import { derivationLabel, reviewedLabel } from '@/lib/results/labels';
import type { OrgScorecard } from './org-scorecard';

export const scorecardCsvHeader = [
  'row',
  'period',
  'unit_path',
  'name',
  'measure',
  'currency',
  'direction',
  'actual',
  'target',
  'target_low',
  'target_high',
  'score',
  'status',
  'coverage',
  'stale',
  'target_from',
] as const;

const round = (x: number | null, digits = 4) => (x === null ? null : Number(x.toFixed(digits)));

/**
 * A scorecard as an RFC 4180 file (lib/csv/write: CRLF, quoting, and text
 * cells that a spreadsheet would run as a formula escaped): one row per unit
 * of the subtree (its rolled-up score and coverage), then one per KPI. Numbers
 * stay numbers so the file sums in a spreadsheet; statuses are the words the
 * page shows ("Reviewed quarterly" for a KPI not counted at the period), and
 * a derived target says where it came from. `ancestors` are the names above the scorecard's root.
 */
export function scorecardCsv(card: OrgScorecard, ancestors: readonly string[] = []): string {
  const pathOf = new Map<string, string>();
  for (const u of card.units) {
    const parentPath = u.parentId ? pathOf.get(u.parentId) : undefined;
    pathOf.set(u.unit.id, parentPath ? `${parentPath} / ${u.unit.name}` : [...ancestors, u.unit.name].join(' / '));
  }
  const rows: CsvCell[][] = [[...scorecardCsvHeader]];
  for (const u of card.units) {
    rows.push(['unit', card.period, pathOf.get(u.unit.id), u.unit.name, null, null, null, null, null, null, null, round(u.score), statusLabels[u.status], round(u.coverage), null, null]);
  }
  for (const k of card.kpis) {
    const t = k.target;
    rows.push([
      'kpi',
      card.period,
      pathOf.get(k.unitId),
      k.name,
      k.measure.unit,
      k.measure.currencyCode,
      k.direction,
      k.actual,
      t && 'value' in t ? t.value : null,
      t && 'low' in t ? t.low : null,
      t && 'high' in t ? t.high : null,
      round(k.score),
      k.counted ? statusLabels[k.status] : reviewedLabel(k.frequency),
      null,
      k.stale,
      derivationLabel(k.derivation, k.frequency),
    ]);
  }
  return toCsv(rows, { bom: true });
}

/** A file name people recognise in their downloads: `acme-marketing-scorecard-2026-10.csv`. */
export function scorecardFileName(organizationSlug: string, unitName: string, periodKey: string): string {
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'unit';
  return `${slug(organizationSlug)}-${slug(unitName)}-scorecard-${periodKey}.csv`;
}
