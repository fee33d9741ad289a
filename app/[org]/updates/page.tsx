import type { Metadata } from 'next';
import Link from 'next/link';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { getDatabase } from '@/db';
import { getMyUpdates } from '@/lib/check-ins/my-updates';
import { getOrgContext } from '@/lib/organizations/context';
import { periodLabel } from '@/lib/periods';
import type { InboxRow } from '@/lib/proposals/inbox';
import { OverdueGrid } from './_components/overdue-grid';

export const metadata: Metadata = { title: 'My updates' };

/** Everything the signed-in person owes: overdue values, votes and decisions. */
export default async function MyUpdatesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  if (ctx.role === 'viewer') {
    return <NotAllowed title="My updates">Viewers owe no updates: they read the results, and record, vote and decide nothing.</NotAllowed>;
  }
  const db = await getDatabase();
  const updates = await db.withTenant(ctx.organization.id, (tx) =>
    getMyUpdates(tx, ctx.organization, { userId: ctx.user.id, role: ctx.role, headOf: ctx.headOf }, ctx.today),
  );
  const nothing = updates.overdue.length + updates.vote.length + updates.decide.length === 0;
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">My updates</h1>
        <p className="text-sm text-slate-600">Values you owe for metrics you own, and proposals waiting for your vote or your decision.</p>
      </header>
      {/* The grid stays mounted when its last row is saved, so its "Saved" confirmations survive the re-render. */}
      {nothing && (
        <p role="status" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-700">
          <span className="block text-base font-semibold text-ink">You’re all caught up</span>
          No values overdue, nothing to vote on or decide.
        </p>
      )}
      <section aria-labelledby="overdue" className="space-y-3">
        <h2 id="overdue" className="text-lg font-semibold">
          Overdue values <span className="text-sm font-normal text-slate-500">({updates.overdue.length})</span>
        </h2>
        {updates.overdue.length > 0 && <p className="text-sm text-slate-600">Type a value and press Enter to save its row; each row saves on its own.</p>}
        <OverdueGrid
          slug={slug}
          rows={updates.overdue.map((o) => ({
            metricId: o.metricId,
            name: o.name,
            unit: o.unit,
            currencyCode: o.currencyCode,
            dueLabel: periodLabel(o.due, ctx.organization),
            date: o.date,
            overdueSince: o.overdueSince,
            history: o.history.map(({ date, value, note }) => ({ date, value, note })),
          }))}
        />
      </section>
      <ProposalList id="votes" title="Votes requested" rows={updates.vote} slug={slug} empty="Nothing to vote on." />
      <ProposalList id="decisions" title="Decisions waiting" rows={updates.decide} slug={slug} empty="No proposal waits for your decision." />
    </div>
  );
}

function ProposalList({ id, title, rows, slug, empty }: { id: string; title: string; rows: InboxRow[]; slug: string; empty: string }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-slate-500">({rows.length})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {rows.map((r) => (
            <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm">
              <Link href={`/${slug}/proposals/${r.id}`} className="font-medium text-brand-700 hover:underline">
                {r.kpiName} — proposal #{r.number}
              </Link>
              <span className="text-slate-500">
                {r.unitName}
                {r.proposerName && ` · by ${r.proposerName}`}
                {r.reviewDeadline && ` · review until ${r.reviewDeadline.toISOString().slice(0, 10)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
