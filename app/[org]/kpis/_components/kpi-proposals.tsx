import Link from 'next/link';
import { Table, Td, Th } from '@/app/_components/ui/table';
import type { KpiRevision } from '@/lib/proposals/inbox';
import { formatDay, kindLabels, ProposalStateBadge } from '../../proposals/_components/proposal-badges';
import { ProposeButton } from '../../proposals/_components/proposal-forms';

/**
 * The KPI's revisions and the way into the approval workflow: a draft is
 * proposed for approval; a live KPI changes or retires only through a proposal.
 */
export function KpiProposals({
  slug,
  kpi,
  revisions,
  mayPropose,
}: {
  slug: string;
  kpi: { id: string; state: 'draft' | 'active' | 'retired' };
  revisions: KpiRevision[];
  mayPropose: boolean;
}) {
  const open = revisions.find((r) => r.state === 'draft' || r.state === 'in_review');
  return (
    <section aria-labelledby="proposals" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="proposals" className="text-base font-semibold">
            Proposals
          </h2>
          <p className="text-xs text-slate-500">Every new KPI, change and retirement is a numbered revision, reviewed by its stakeholders and approved by the responsible head.</p>
        </div>
        {mayPropose && !open && (
          <div className="flex flex-wrap gap-2">
            {kpi.state === 'draft' && <ProposeButton slug={slug} kpiId={kpi.id} kind="create" label="Propose for approval" />}
            {kpi.state === 'active' && (
              <>
                <ProposeButton slug={slug} kpiId={kpi.id} kind="change" label="Propose a change" />
                <ProposeButton slug={slug} kpiId={kpi.id} kind="retire" label="Propose retirement" />
              </>
            )}
          </div>
        )}
        {open && (
          <Link href={`/${slug}/proposals/${open.id}`} className="text-sm font-medium text-brand-700 hover:underline">
            Open revision {open.number} ({open.state === 'draft' ? 'draft' : 'in review'}) →
          </Link>
        )}
      </div>
      {revisions.length === 0 ? (
        <p className="text-sm text-slate-600">
          No proposals yet.
          {kpi.state === 'draft' && (mayPropose ? ' When the definition and targets are ready, propose it for approval.' : ' Someone in its unit proposes it for approval when it is ready.')}
        </p>
      ) : (
        <Table caption="Revisions of this KPI">
          <thead>
            <tr>
              <Th>Revision</Th>
              <Th>Kind</Th>
              <Th>State</Th>
              <Th>Proposer</Th>
              <Th>Submitted</Th>
              <Th>Decided</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {revisions.map((r) => (
              <tr key={r.id}>
                <Td>
                  <Link href={`/${slug}/proposals/${r.id}`} className="font-medium text-brand-700 hover:underline">
                    Revision {r.number}
                  </Link>
                </Td>
                <Td>{kindLabels[r.kind]}</Td>
                <Td>
                  <ProposalStateBadge state={r.state} />
                </Td>
                <Td>{r.proposerName ?? 'Someone who has left'}</Td>
                <Td className="whitespace-nowrap">{formatDay(r.submittedAt)}</Td>
                <Td className="whitespace-nowrap">
                  {r.decidedAt ? (
                    <>
                      {formatDay(r.decidedAt)}
                      {r.deciderName && <span className="block text-xs text-slate-500">by {r.deciderName}</span>}
                    </>
                  ) : (
                    '—'
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
