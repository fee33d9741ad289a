import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { ChangesTable } from '../_components/changes-table';
import { getDatabase } from '@/db';
import { listGoals } from '@/lib/goals/queries';
import { listMembers } from '@/lib/people/queries';
import { getOrgContext } from '@/lib/organizations/context';
import { kpiQuality } from '@/lib/kpis/quality';
import { inferredTargetRollup } from '@/lib/kpis/view';
import { parsePeriodKey, periodLabel } from '@/lib/periods';
import { can, canAnywhere } from '@/lib/permissions';
import { compareDefinitions, describeDefinition, describeTarget, type Names } from '@/lib/proposals/compare';
import { countVitalFew, listKnownMetricKeys } from '@/lib/proposals/budget';
import { getProposalDetail, getProposalSurroundings } from '@/lib/proposals/inbox';
import { getKpiDefinition } from '@/lib/proposals/queries';
import { consensusOf, mayDecide, type VoteChoice } from '@/lib/proposals/rules';
import { vitalFewBudget } from '@/lib/scoring';
import { getUnitTree } from '@/lib/units/queries';
import { BudgetMeter } from '../../kpis/_components/budget-meter';
import { QualityBadges } from '../../kpis/_components/kpi-badges';
import { formatDateTime, formatDay, kindLabels, ProposalStateBadge, Tally, VoteBadge, voteLabels } from '../_components/proposal-badges';
import { CommentForm, DecisionForms, EditProposalForm, ReviseButton, SubmitForm, VoteForm, WithdrawButton, type ReviewerOption } from '../_components/proposal-forms';

export const metadata: Metadata = { title: 'Proposal' };

export default async function ProposalPage({ params }: { params: Promise<{ org: string; proposalId: string }> }) {
  const { org: slug, proposalId } = await params;
  if (!z.uuid().safeParse(proposalId).success) notFound();
  const ctx = await getOrgContext(slug);
  const me = ctx.user.id;
  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    const proposal = await getProposalDetail(tx, proposalId);
    if (!proposal) return null;
    const tree = await getUnitTree(tx);
    const parents = new Map(tree.map((u) => [u.id, u.parentId]));
    const unitId = proposal.definition.unitId;
    // Those who may not see it get the same 404 as for a proposal that does not exist.
    const sees =
      proposal.reviewers.some((r) => r.userId === me) ||
      can(ctx.actor, 'kpis.view_drafts', { unitId: [unitId, proposal.kpi.unitId], parents, ownerIds: [proposal.proposerId, proposal.kpi.ownerId] });
    if (!sees) return null;
    const live = proposal.kind === 'change' && proposal.kpi.state === 'active' ? await getKpiDefinition(tx, proposal.kpiId) : null;
    // What submitting checks is shown before it, to those who may submit; a retirement adds nothing to the budget.
    const layer = tree.find((u) => u.id === unitId)?.kind;
    const atSubmit = proposal.state === 'draft' && proposal.kind !== 'retire' && layer !== undefined && can(ctx.actor, 'proposals.submit', { unitId, parents });
    const [members, goals, surroundings, counted, metricKeys] = await Promise.all([
      listMembers(tx),
      listGoals(tx),
      getProposalSurroundings(tx, proposal.kpiId, live ? [proposal.definition, live.definition] : [proposal.definition]),
      atSubmit ? countVitalFew(tx, { kpiId: proposal.kpiId, unitId, goalId: proposal.definition.goalId, layer }) : null,
      atSubmit && proposal.definition.source === 'formula' ? listKnownMetricKeys(tx, proposal.definition.formula) : undefined,
    ]);
    return { proposal, tree, parents, live, members, goals, surroundings, counted, metricKeys };
  });
  if (!data) notFound();
  const { proposal, tree, parents, live, members, goals, surroundings, counted, metricKeys } = data;
  const { definition } = proposal;
  const policy = ctx.organization.policy;

  const calendar = { fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth };
  const period = (key: string) => {
    try {
      return periodLabel(parsePeriodKey(key, calendar), calendar);
    } catch {
      return key;
    }
  };
  const names: Names = {
    period,
    units: new Map(tree.map((u) => [u.id, u.name])),
    people: new Map(members.map((m) => [m.userId, m.name])),
    goals: surroundings.goals,
    kpis: surroundings.kpis,
    metricAggregations: surroundings.metricAggregations,
  };
  const unit = tree.find((u) => u.id === definition.unitId);
  const open = proposal.state === 'draft' || proposal.state === 'in_review';
  const reviewerIds = proposal.reviewers.map((r) => r.userId);
  const currentVotes = new Map<string, VoteChoice>(proposal.reviewers.flatMap((r) => (r.vote ? [[r.userId, r.vote.choice] as const] : [])));
  const consensus = consensusOf(policy.consensus, reviewerIds, currentVotes);
  const mine = proposal.reviewers.find((r) => r.userId === me);
  const units = new Map(tree.map((u) => [u.id, { parentId: u.parentId, kind: u.kind }]));
  const verdict = unit
    ? mayDecide({ actor: { userId: me, role: ctx.role, headOf: ctx.headOf }, unit: { id: unit.id, kind: unit.kind }, units, proposerId: proposal.proposerId, allowSelfApproval: policy.allowSelfApproval })
    : { ok: false as const, reason: 'The unit no longer exists.' };
  const maySubmit = can(ctx.actor, 'proposals.submit', { unitId: definition.unitId, parents });
  const mayWithdraw = open && (proposal.proposerId === me || canAnywhere(ctx.role, 'organization.update'));
  const mayComment = canAnywhere(ctx.role, 'proposals.take_part');
  const checks = counted === null ? [] : kpiQuality(definition, proposal.targets, { calendar, today: ctx.today, knownMetricKeys: metricKeys });
  const budget =
    counted !== null && unit ? vitalFewBudget({ layer: unit.kind, policy: policy.vitalFew, counted, adding: 1 }) : null;
  const blocked = budget?.blocked
    ? `${unit?.name ?? 'This unit'} is at its vital-few limit, so this proposal cannot be submitted. Retire a KPI there first, or ask an owner to raise the limit.`
    : null;
  const changes = live ? compareDefinitions(live, { definition, targets: proposal.targets }, names) : [];

  const reviewerOptions = suggestReviewers({
    members,
    proposerId: proposal.proposerId,
    ownerId: definition.ownerId,
    unitHeads: unit?.heads.map((h) => h.userId) ?? [],
    relatedHeads: tree.filter((u) => surroundings.relatedUnitIds.includes(u.id)).flatMap((u) => u.heads.map((h) => h.userId)),
    previous: reviewerIds,
  });

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/${slug}/proposals`} className="hover:underline">
          Proposals
        </Link>
        {' / '}
        <Link href={`/${slug}/kpis/${proposal.kpiId}`} className="hover:underline">
          {proposal.kpi.name}
        </Link>
      </nav>

      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">
            {kindLabels[proposal.kind]}: {definition.name}
          </h1>
          <ProposalStateBadge state={proposal.state} />
        </div>
        <p className="text-sm text-slate-600">
          Revision {proposal.number} of{' '}
          <Link href={`/${slug}/kpis/${proposal.kpiId}`} className="text-brand-700 hover:underline">
            {proposal.kpi.name}
          </Link>{' '}
          · {unit?.name ?? 'Unknown unit'} · proposed by {proposal.proposerName ?? 'someone who has left'}
          {proposal.submittedAt && <> · submitted {formatDay(proposal.submittedAt)}</>}
          {proposal.state === 'in_review' && proposal.reviewDeadline && <> · review deadline {formatDay(proposal.reviewDeadline)}</>}
        </p>
        {proposal.summary && <p className="text-sm whitespace-pre-line text-slate-800">{proposal.summary}</p>}
        <StateNote
          state={proposal.state}
          deciderName={proposal.deciderName}
          decidedAt={proposal.decidedAt}
          reason={proposal.decisionReason}
          kind={proposal.kind}
        />
      </header>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {proposal.kind === 'change' && (
            <Card id="changes" title="What changes">
              {!live ? (
                <p className="text-sm text-slate-600">The KPI is no longer live, so there is nothing to compare with.</p>
              ) : changes.length === 0 ? (
                <p className="text-sm text-slate-600">
                  Nothing differs from the live definition yet.{proposal.state === 'draft' && ' Edit the proposed definition before submitting it.'}
                </p>
              ) : (
                <ChangesTable caption="Changes from the live definition" left="Live now" right="Proposed" changes={changes} />
              )}
            </Card>
          )}
          {proposal.kind === 'retire' && (
            <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Once approved, {definition.name} is retired: kept for its history, no longer part of any score or budget.
            </p>
          )}

          <Card id="definition" title={proposal.kind === 'retire' ? 'The definition being retired' : 'Proposed definition'}>
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              {describeDefinition(definition, names)
                .filter((f) => f.text !== '—' || f.field === 'goalId' || f.field === 'ownerId')
                .map((f) => (
                  <div key={f.field} className={f.field === 'description' || f.field === 'formula' ? 'sm:col-span-2' : ''}>
                    <dt className="text-slate-600">{f.label}</dt>
                    <dd className={`font-medium ${f.field === 'formula' ? 'font-mono' : ''} ${f.text === '—' ? 'text-amber-800' : ''}`}>
                      {f.text === '—' ? 'Not set' : f.text}
                    </dd>
                  </div>
                ))}
            </dl>
            <h3 className="mt-5 text-sm font-semibold">Targets</h3>
            {proposal.targets.length === 0 ? (
              <p className="mt-1 text-sm text-amber-800">No targets: a KPI needs a target for the current or a future period.</p>
            ) : (
              <details open={proposal.targets.length <= 12} className="group mt-2">
                <summary className="cursor-pointer text-sm text-slate-600 hover:text-slate-900 group-open:mb-2">
                  {proposal.targets.length} {proposal.targets.length === 1 ? 'period' : 'periods'}, {period(proposal.targets[0]?.periodKey ?? '')} to {period(proposal.targets.at(-1)?.periodKey ?? '')}
                </summary>
                <Table caption="Proposed targets">
                  <thead>
                    <tr>
                      <Th>Period</Th>
                      <Th className="text-right">Target</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {proposal.targets.map((t) => (
                      <tr key={t.periodKey}>
                        <Td>{period(t.periodKey)}</Td>
                        <Td className="text-right tabular-nums">{describeTarget(t, definition)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </details>
            )}
          </Card>

          {(proposal.state === 'draft' || proposal.state === 'in_review') && maySubmit && (
            <Card id="edit" title="Edit the proposal">
              <details open={proposal.kind === 'change'} className="group">
                <summary className="cursor-pointer text-sm text-slate-600 hover:text-slate-900 group-open:mb-3">
                  {proposal.state === 'draft' ? 'Change the proposed definition and targets before submitting' : 'Change the proposed definition and targets'}
                </summary>
                <EditProposalForm
                  slug={slug}
                  proposalId={proposal.id}
                  version={proposal.version}
                  summary={proposal.summary}
                  definition={definition}
                  targets={proposal.targets}
                  people={members.filter((m) => m.role !== 'viewer').map((m) => ({ userId: m.userId, name: m.name }))}
                  goals={goals.map((g) => ({ id: g.id, title: g.title, unitName: g.unitName }))}
                  orgThresholds={policy.statusThresholds}
                  inferredTargetRollup={inferredTargetRollup(definition, surroundings.metricAggregations)}
                  inReview={proposal.state === 'in_review'}
                />
              </details>
            </Card>
          )}

          <Card id="thread" title={`Discussion (${proposal.comments.length})`}>
            {proposal.comments.length === 0 ? (
              <p className="text-sm text-slate-600">No comments yet. Ask a question or explain the proposal here; everyone who can see it can take part.</p>
            ) : (
              <ol className="space-y-4">
                {proposal.comments.map((c) => (
                  <li key={c.id} className="border-l-2 border-slate-200 pl-3">
                    <p className="text-sm">
                      <span className="font-medium">{c.authorName}</span>{' '}
                      <time dateTime={c.createdAt.toISOString()} className="text-xs text-slate-500">
                        {formatDateTime(c.createdAt)}
                      </time>
                    </p>
                    <p className="mt-1 text-sm whitespace-pre-line text-slate-800">{c.body}</p>
                  </li>
                ))}
              </ol>
            )}
            {mayComment && (
              <div className="mt-4 border-t border-slate-100 pt-4">
                <CommentForm slug={slug} proposalId={proposal.id} />
              </div>
            )}
          </Card>
        </div>

        <div className="space-y-6">
          {proposal.state === 'in_review' && mine && (
            <Card id="your-vote" title="Your vote">
              {mine.vote && (
                <p className="mb-3 text-sm text-slate-700">
                  You voted <VoteBadge choice={mine.vote.choice} /> on {formatDateTime(mine.vote.castAt)}. You can change it while the proposal is open.
                </p>
              )}
              <VoteForm slug={slug} proposalId={proposal.id} version={proposal.version} current={mine.vote?.choice ?? null} />
            </Card>
          )}

          {proposal.state === 'in_review' && verdict.ok && (
            <Card id="decision" title="Your decision">
              <p className="mb-3 text-sm text-slate-700">You are an approver of {unit?.name ?? 'this unit'}’s KPIs.</p>
              <DecisionForms
                slug={slug}
                proposalId={proposal.id}
                version={proposal.version}
                approveBlocked={
                  consensus.reached
                    ? null
                    : `It can be approved once the reviewers reach consensus (${policy.consensus}); it can be rejected at any time.`
                }
              />
            </Card>
          )}

          {proposal.state === 'draft' && maySubmit && (
            <Card id="submit" title="Submit for review">
              {counted !== null && (
                <div className="mb-4 space-y-4 border-b border-slate-100 pb-4">
                  <div>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <h3 className="text-sm font-semibold">Quality checks</h3>
                      <span className="flex flex-wrap gap-1.5">
                        <QualityBadges checks={checks} vanity={!definition.goalId} />
                      </span>
                    </div>
                    <ul className="mt-2 space-y-1.5">
                      {checks.map((c) => (
                        <li key={c.id} className="flex gap-2 text-sm">
                          <span aria-hidden className={c.ok ? 'text-emerald-700' : 'text-amber-700'}>
                            {c.ok ? '✓' : '⚠'}
                          </span>
                          <span>
                            <span className="font-medium">{c.label}</span>
                            <span className="sr-only">{c.ok ? ': passes' : ': fails'}</span>
                            {!c.ok && <span className="block text-slate-600">{c.message}</span>}
                          </span>
                        </li>
                      ))}
                    </ul>
                    <p className="mt-1 text-xs text-slate-500">Warnings, not blocks: reviewers see them too.</p>
                  </div>
                  {budget && unit && (
                    <div>
                      <h3 className="mb-2 text-sm font-semibold">Vital-few budget</h3>
                      <BudgetMeter
                        mode={policy.vitalFew.mode}
                        meter={{
                          used: budget.used,
                          limit: budget.limit,
                          over: budget.over,
                          label: `${unit.name}: ${budget.message}`,
                          detail: budget.wouldExceed ? null : 'Active KPIs and those in review; approving this one adds it.',
                        }}
                      />
                      {budget.wouldExceed && !blocked && (
                        <p role="note" className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                          ⚠ Approving this one takes {unit.name} over its vital-few limit. You can still submit it; consider retiring a KPI instead.
                        </p>
                      )}
                      {blocked && (
                        <p id="submit-blocked" role="note" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
                          {blocked}
                        </p>
                      )}
                    </div>
                  )}
                </div>
              )}
              <SubmitForm slug={slug} proposalId={proposal.id} version={proposal.version} options={reviewerOptions} blocked={blocked} />
            </Card>
          )}

          {proposal.state === 'rejected' && (proposal.proposerId === me || maySubmit) && (
            <Card id="revise" title="Revise">
              <p className="mb-3 text-sm text-slate-700">Take it back to draft, address the reason for rejecting it, and submit it again. The votes so far stay in the history.</p>
              <ReviseButton slug={slug} proposalId={proposal.id} version={proposal.version} />
            </Card>
          )}

          <Card id="reviewers" title="Reviewers">
            {proposal.reviewers.length === 0 ? (
              <p className="text-sm text-slate-600">No reviewers yet: they are named when the proposal is submitted.</p>
            ) : (
              <>
                <ul className="space-y-3">
                  {proposal.reviewers.map((r) => (
                    <li key={r.userId} className="text-sm">
                      <span className="flex flex-wrap items-center justify-between gap-2">
                        <span className="font-medium">
                          {r.name}
                          {r.userId === me && <span className="font-normal text-slate-500"> (you)</span>}
                        </span>
                        <VoteBadge choice={r.vote?.choice ?? null} />
                      </span>
                      {r.vote?.comment && <span className="mt-1 block whitespace-pre-line text-slate-700">“{r.vote.comment}”</span>}
                    </li>
                  ))}
                </ul>
                {proposal.state === 'in_review' && (
                  <p className="mt-4 border-t border-slate-100 pt-3">
                    <Tally tally={consensus} />
                  </p>
                )}
              </>
            )}
          </Card>

          {proposal.votes.length > 0 && (
            <Card id="history" title="Vote history">
              <ol className="space-y-2 text-sm">
                {[...proposal.votes].reverse().map((v) => (
                  <li key={v.id} className={v.supersededAt ? 'text-slate-500' : ''}>
                    <span className="font-medium">{v.reviewerName}</span> {voteLabels[v.choice].toLowerCase()}
                    {v.supersededAt && <span className="text-xs"> (replaced)</span>}
                    <time dateTime={v.castAt.toISOString()} className="block text-xs text-slate-500">
                      {formatDateTime(v.castAt)}
                    </time>
                    {v.comment && <span className="block whitespace-pre-line">“{v.comment}”</span>}
                  </li>
                ))}
              </ol>
            </Card>
          )}

          {mayWithdraw && (
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="mb-2 text-sm text-slate-600">Withdrawing closes the proposal; the live definition stays as it is.</p>
              <WithdrawButton slug={slug} proposalId={proposal.id} version={proposal.version} />
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function StateNote({
  state,
  deciderName,
  decidedAt,
  reason,
  kind,
}: {
  state: string;
  deciderName: string | null;
  decidedAt: Date | null;
  reason: string | null;
  kind: 'create' | 'change' | 'retire';
}) {
  if (state === 'approved' && decidedAt) {
    return (
      <p role="note" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        Approved by {deciderName ?? 'someone who has left'} on {formatDateTime(decidedAt)}: {kind === 'retire' ? 'the KPI is retired.' : 'this definition is live.'}
      </p>
    );
  }
  if (state === 'rejected' && decidedAt) {
    return (
      <p role="note" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
        Rejected by {deciderName ?? 'someone who has left'} on {formatDateTime(decidedAt)}: {reason}
      </p>
    );
  }
  if (state === 'withdrawn') {
    return (
      <p role="note" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
        Withdrawn: nothing changed.
      </p>
    );
  }
  if (state === 'draft') {
    return (
      <p role="note" className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-900">
        Draft: name the reviewers and submit it. {kind === 'change' ? 'The live definition stays in force until it is approved.' : ''}
      </p>
    );
  }
  return null;
}

/** Members who may review (not the proposer, not viewers), suggested ones first and preselected. */
function suggestReviewers(input: {
  members: { userId: string; name: string; role: string }[];
  proposerId: string | null;
  ownerId: string | null;
  unitHeads: string[];
  relatedHeads: string[];
  previous: string[];
}): ReviewerOption[] {
  const why = (id: string) =>
    input.previous.includes(id)
      ? 'reviewed before'
      : id === input.ownerId
        ? 'KPI owner'
        : input.unitHeads.includes(id)
          ? 'head of the unit'
          : input.relatedHeads.includes(id)
            ? 'head of a linked unit'
            : null;
  return input.members
    .filter((m) => m.userId !== input.proposerId && m.role !== 'viewer')
    .map((m) => ({ userId: m.userId, name: m.name, why: why(m.userId) }))
    .sort((a, b) => Number(b.why !== null) - Number(a.why !== null) || a.name.localeCompare(b.name));
}
