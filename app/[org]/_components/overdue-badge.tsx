import type { KpiStaleness } from '@/lib/kpis/staleness-queries';
import { formatDate } from '@/lib/metrics/format';
import type { Staleness } from '@/lib/metrics/staleness';
import { periodLabel, type FiscalCalendar } from '@/lib/periods';

/**
 * The one "Overdue" badge, wherever values appear: a value that should be
 * newer is never shown as if it were fresh. The full reason is in its title
 * (for pointers) and in hidden text (for screen readers).
 */
function Badge({ reason, className = '', spoken = true }: { reason: string; className?: string; spoken?: boolean }) {
  return (
    <span
      title={reason}
      className={`${className} inline-flex items-center rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-red-800 ring-1 ring-red-200 ring-inset`}
    >
      Overdue{spoken && <span className="sr-only">: {reason}</span>}
    </span>
  );
}

/** "No value for Oct 2026 since 4 Nov 2026". */
export function overdueReason(staleness: Staleness, calendar: FiscalCalendar): string {
  return `No value for ${periodLabel(staleness.due, calendar)} since ${formatDate(staleness.overdueSince ?? staleness.due.end)}`;
}

/** A metric's badge; nothing when it is up to date. */
export function OverdueBadge({ staleness, calendar, className }: { staleness: Staleness | undefined; calendar: FiscalCalendar; className?: string }) {
  if (!staleness?.overdue) return null;
  return <Badge reason={overdueReason(staleness, calendar)} className={className} />;
}

/** A KPI's badge: some metric it uses (directly or through the KPIs it rolls up from) is overdue. */
export function KpiOverdueBadge({ staleness, calendar, className }: { staleness: KpiStaleness | undefined; calendar: FiscalCalendar; className?: string }) {
  const first = staleness?.overdueMetrics[0];
  if (!staleness?.overdue || !first) return null;
  const count = staleness.overdueMetrics.length;
  const reason =
    count === 1
      ? `A metric it uses has no value for ${periodLabel(first.due, calendar)} since ${formatDate(first.overdueSince!)}`
      : `${count} metrics it uses are overdue, the first since ${formatDate(first.overdueSince!)}`;
  return <Badge reason={reason} className={className} />;
}

/**
 * On a metric's page: the badge and, in words, that the latest value is from
 * an older period than the one owed.
 */
export function OverdueNote({ staleness, calendar }: { staleness: (Staleness & { lastDate: string | null }) | undefined; calendar: FiscalCalendar }) {
  if (!staleness?.overdue) return null;
  const due = periodLabel(staleness.due, calendar);
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-red-800">
      {/* The sentence beside it says it all, so screen readers hear it once. */}
      <Badge reason={overdueReason(staleness, calendar)} spoken={false} />
      <span>
        {staleness.lastDate ? `The latest value is from ${formatDate(staleness.lastDate)}, an older period. ` : 'No value has been recorded yet. '}
        The value for {due} has been due since {formatDate(staleness.overdueSince!)}.
      </span>
    </p>
  );
}
