import { Badge } from '@/app/_components/ui/badge';
import type { ProposalState, VoteChoice } from '@/lib/proposals/rules';

export const kindLabels = { create: 'New KPI', change: 'Change', retire: 'Retirement' } as const;

const states: Record<ProposalState, { label: string; tone: 'neutral' | 'brand' | 'green' | 'amber' | 'red' }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  in_review: { label: 'In review', tone: 'brand' },
  approved: { label: 'Approved', tone: 'green' },
  rejected: { label: 'Rejected', tone: 'red' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral' },
};

export function ProposalStateBadge({ state }: { state: ProposalState }) {
  return <Badge tone={states[state].tone}>{states[state].label}</Badge>;
}

export const voteLabels: Record<VoteChoice, string> = { agree: 'Agrees', object: 'Objects', abstain: 'Abstains' };
const voteTones = { agree: 'green', object: 'red', abstain: 'neutral' } as const;

export function VoteBadge({ choice }: { choice: VoteChoice | null }) {
  if (!choice) return <Badge tone="amber">Not voted yet</Badge>;
  return <Badge tone={voteTones[choice]}>{voteLabels[choice]}</Badge>;
}

/** "2 agree · 1 objects · 1 to vote", with the consensus state for screen readers and eyes alike. */
export function Tally({ tally }: { tally: { agree: number; object: number; abstain: number; waiting: number; reached: boolean } }) {
  const parts = [
    tally.agree > 0 && <span key="a" className="text-emerald-800">{tally.agree} agree</span>,
    tally.object > 0 && <span key="o" className="font-medium text-red-700">{tally.object} {tally.object === 1 ? 'objects' : 'object'}</span>,
    tally.abstain > 0 && <span key="b" className="text-slate-600">{tally.abstain} abstain</span>,
    tally.waiting > 0 && <span key="w" className="text-amber-800">{tally.waiting} to vote</span>,
  ].filter(Boolean);
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5 text-sm">
      {parts.length === 0 ? <span className="text-slate-500">No reviewers yet</span> : parts.flatMap((p, i) => (i === 0 ? [p] : [<span key={`s${i}`} aria-hidden className="text-slate-400">·</span>, p]))}
      {tally.reached && <Badge tone="green">Consensus</Badge>}
    </span>
  );
}

/** Dates in UTC, one fixed format, so server and client agree. */
export function formatDay(date: Date | string | null): string {
  if (!date) return '—';
  return new Date(date).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(date: Date | string): string {
  return `${formatDay(date)}, ${new Date(date).toISOString().slice(11, 16)} UTC`;
}

/** "3 days", "today": how long a proposal has been waiting. */
export function ageOf(since: Date | null, now: Date): string {
  if (!since) return '—';
  const days = Math.floor((now.getTime() - since.getTime()) / 86_400_000);
  if (days <= 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}
