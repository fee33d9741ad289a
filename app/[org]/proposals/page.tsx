import type { Metadata } from 'next';
import Link from 'next/link';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { getOrgContext } from '@/lib/organizations/context';
import { listInbox, type InboxRow } from '@/lib/proposals/inbox';
import { ageOf, formatDay, kindLabels, ProposalStateBadge, Tally } from './_components/proposal-badges';

export const metadata: Metadata = { title: 'Proposals' };

export default async function ProposalsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  if (ctx.role === 'viewer') {
    return <NotAllowed title="Proposals">Viewers do not take part in KPI proposals. Ask an admin for a member role to propose or review KPIs.</NotAllowed>;
  }
  const db = await getDatabase();
  const inbox = await db.withTenant(ctx.organization.id, (tx) =>
    listInbox(tx, { userId: ctx.user.id, role: ctx.role, headOf: ctx.headOf }, ctx.organization.policy),
  );
  const now = new Date();
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Proposals</h1>
        <p className="text-sm text-slate-600">
          Every new KPI, change and retirement is reviewed by its stakeholders, then decided by the approver. Consensus here is{' '}
          {ctx.organization.policy.consensus === 'unanimous' ? 'unanimous: everyone votes, nobody objects' : 'by majority: everyone votes, more agree than object'}.
        </p>
      </header>
      <Section
        id="vote"
        title="Waiting for my vote"
        rows={inbox.vote}
        slug={slug}
        now={now}
        empty="Nothing to vote on. When someone names you as a reviewer of a KPI proposal, it appears here."
      />
      <Section
        id="decide"
        title="Waiting for my decision"
        rows={inbox.decide}
        slug={slug}
        now={now}
        empty="No proposal with consensus waits for your approval. Proposals you may approve appear here once their reviewers agree."
      />
      <Section
        id="mine"
        title="My proposals"
        rows={inbox.mine}
        slug={slug}
        now={now}
        showState
        empty={
          <>
            You have no open proposals. To propose a KPI, open a draft on the <Link href={`/${slug}/kpis`} className="text-brand-700 underline">KPIs page</Link> and
            choose “Propose for approval”; to change a live KPI, choose “Propose a change”.
          </>
        }
      />
    </div>
  );
}

function Section({
  id,
  title,
  rows,
  slug,
  now,
  empty,
  showState = false,
}: {
  id: string;
  title: string;
  rows: InboxRow[];
  slug: string;
  now: Date;
  empty: React.ReactNode;
  showState?: boolean;
}) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="flex items-center gap-2 text-lg font-semibold">
        {title}
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm font-medium text-slate-700">
          {rows.length}
          <span className="sr-only"> {rows.length === 1 ? 'proposal' : 'proposals'}</span>
        </span>
      </h2>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{empty}</p>
      ) : (
        <Table caption={title}>
          <thead>
            <tr>
              <Th>KPI</Th>
              <Th>Unit</Th>
              <Th>Proposer</Th>
              <Th>Waiting</Th>
              <Th>Deadline</Th>
              <Th>Votes so far</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => {
              const overdue = r.state === 'in_review' && r.reviewDeadline !== null && r.reviewDeadline < now;
              return (
                <tr key={r.id}>
                  <Td>
                    <Link href={`/${slug}/proposals/${r.id}`} className="font-medium text-ink hover:text-brand-700 hover:underline">
                      {r.kpiName}
                    </Link>
                    <span className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                      {kindLabels[r.kind]} · revision {r.number}
                      {showState && <ProposalStateBadge state={r.state} />}
                    </span>
                  </Td>
                  <Td>{r.unitName}</Td>
                  <Td>{r.proposerName ?? 'Someone who has left'}</Td>
                  <Td className="whitespace-nowrap">{r.state === 'in_review' ? ageOf(r.submittedAt, now) : '—'}</Td>
                  <Td className={`whitespace-nowrap ${overdue ? 'font-medium text-red-700' : ''}`}>
                    {r.state === 'in_review' ? formatDay(r.reviewDeadline) : '—'}
                    {overdue && <span className="block text-xs">overdue</span>}
                  </Td>
                  <Td>{r.state === 'in_review' ? <Tally tally={r.tally} /> : <span className="text-sm text-slate-500">{r.state === 'draft' ? 'Not submitted yet' : 'Rejected: revise and submit again'}</span>}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </section>
  );
}
