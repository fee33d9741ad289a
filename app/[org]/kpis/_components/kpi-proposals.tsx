import Link from 'next/link';
import { Table, Td, Th } from '@/app/_components/ui/table';
import type { KpiRevision } from '@/lib/proposals/inbox';
import type { ProposalState } from '@/lib/proposals/rules';
import { formatDay, kindLabels, ProposalStateBadge } from '../../proposals/_components/proposal-badges';
import { ProposeButton } from '../../proposals/_components/proposal-forms';
import { linkButtonClass } from './link-button';

const stateWords: Record<ProposalState, string> = { draft: 'draft', in_review: 'in review', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn' };

/** "Revision 2 (approved)": how a revision reads in the comparison's choices and headings. */
export function revisionLabel(r: { number: number; state: ProposalState }): string {
  return `Revision ${r.number} (${stateWords[r.state]})`;
}

/** The KPI as it stands; a draft KPI has no live definition yet, only the draft being written. */
export function currentLabel(kpiState: 'draft' | 'active' | 'retired'): string {
  return kpiState === 'draft' ? 'Current draft' : 'Live definition';
}

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
      {revisions.length > 0 && <CompareForm slug={slug} kpi={kpi} revisions={revisions} />}
    </section>
  );
}

/** Two revisions (or one and the KPI as it stands) side by side; a plain GET form, so the comparison has its own address. */
function CompareForm({ slug, kpi, revisions }: { slug: string; kpi: { id: string; state: 'draft' | 'active' | 'retired' }; revisions: KpiRevision[] }) {
  const select = 'block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-500';
  const options = (
    <>
      <option value="live">{currentLabel(kpi.state)}</option>
      {revisions.map((r) => (
        <option key={r.id} value={r.id}>
          {revisionLabel(r)}
        </option>
      ))}
    </>
  );
  return (
    <form method="get" action={`/${slug}/kpis/${kpi.id}/compare`} aria-label="Compare revisions" className="flex flex-wrap items-end gap-3 border-t border-slate-100 pt-4">
      <div>
        <label htmlFor="compare-a" className="block text-sm font-medium text-slate-800">
          Compare
        </label>
        <select id="compare-a" name="a" defaultValue={revisions[1]?.id ?? 'live'} className={select}>
          {options}
        </select>
      </div>
      <div>
        <label htmlFor="compare-b" className="block text-sm font-medium text-slate-800">
          with
        </label>
        <select id="compare-b" name="b" defaultValue={revisions[0]?.id ?? 'live'} className={select}>
          {options}
        </select>
      </div>
      <button type="submit" className={linkButtonClass('secondary')}>
        Compare
      </button>
    </form>
  );
}
