import { Badge } from '@/app/_components/ui/badge';
import { stateLabels, statusTones } from '@/lib/kpis/view';
import { statusLabels, type QualityCheck, type Status } from '@/lib/scoring';

export function StatusBadge({ status }: { status: Status }) {
  return <Badge tone={statusTones[status]}>{statusLabels[status]}</Badge>;
}

export function StateBadge({ state }: { state: keyof typeof stateLabels }) {
  if (state === 'active') return null;
  return <Badge tone={state === 'draft' ? 'brand' : 'neutral'}>{stateLabels[state]}</Badge>;
}

/**
 * How many quality checks fail (listed in the title and for screen readers),
 * and a separate badge for a vanity metric, the one failure worth seeing at a glance.
 */
export function QualityBadges({ checks, vanity }: { checks: readonly QualityCheck[]; vanity: boolean }) {
  const failing = checks.filter((c) => !c.ok);
  const list = failing.map((c) => `${c.label}: ${c.message}`).join('\n');
  return (
    <>
      {failing.length > 0 ? (
        <span title={list} className="inline-flex whitespace-nowrap">
          <Badge tone="amber">
            {failing.length} {failing.length === 1 ? 'check' : 'checks'} failing
            <span className="sr-only">: {failing.map((c) => c.label).join(', ')}</span>
          </Badge>
        </span>
      ) : (
        <span className="inline-flex whitespace-nowrap">
          <Badge tone="green">All checks pass</Badge>
        </span>
      )}
      {vanity && (
        <span title="Not linked to a goal: it measures nothing anyone has committed to" className="inline-flex whitespace-nowrap">
          <Badge tone="red">Vanity metric</Badge>
        </span>
      )}
    </>
  );
}
