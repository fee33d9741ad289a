import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ChangesTable } from '@/app/[org]/proposals/_components/changes-table';
import { getDatabase } from '@/db';
import { ExpectedError } from '@/lib/errors';
import { getKpiDetail } from '@/lib/kpis/queries';
import { canSeeKpi } from '@/lib/kpis/visibility';
import { getOrgContext } from '@/lib/organizations/context';
import { listMembers } from '@/lib/people/queries';
import { parsePeriodKey, periodLabel } from '@/lib/periods';
import { can } from '@/lib/permissions';
import { compareDefinitions, type ComparedSide, type Names } from '@/lib/proposals/compare';
import { getProposalSurroundings } from '@/lib/proposals/inbox';
import { getKpiDefinition, listRevisionDefinitions } from '@/lib/proposals/queries';
import { getUnitTree } from '@/lib/units/queries';
import { currentLabel, revisionLabel } from '../../_components/kpi-proposals';

export const metadata: Metadata = { title: 'Compare revisions' };

const sideParam = z.union([z.literal('live'), z.uuid()]);

type Side = ComparedSide & { label: string; proposalId: string | null };

export default async function CompareRevisionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; kpiId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug, kpiId } = await params;
  const query = await searchParams;
  const a = sideParam.safeParse(query.a);
  const b = sideParam.safeParse(query.b);
  if (!z.uuid().safeParse(kpiId).success || !a.success || !b.success) notFound();
  const ctx = await getOrgContext(slug);
  const proposalIds = [...new Set([a.data, b.data].filter((id) => id !== 'live'))];
  const wantsLive = a.data === 'live' || b.data === 'live';

  const db = await getDatabase();
  const data = await db.withTenant(ctx.organization.id, async (tx) => {
    let kpi;
    try {
      kpi = await getKpiDetail(tx, kpiId);
    } catch (error) {
      // Another organization's KPI reads as missing: the same 404.
      if (error instanceof ExpectedError && error.code === 'not_found') return null;
      throw error;
    }
    const [tree, revisions, live] = await Promise.all([
      getUnitTree(tx),
      // Scoped to this KPI: a revision of another KPI or organization is absent, hence a 404 below.
      listRevisionDefinitions(tx, kpiId, proposalIds),
      wantsLive ? getKpiDefinition(tx, kpiId) : Promise.resolve(null),
    ]);
    const parents = new Map(tree.map((u) => [u.id, u.parentId]));
    if (!canSeeKpi(ctx.actor, kpi, parents)) return null;
    if (revisions.length !== proposalIds.length) return null;
    // The KPI page's rule: proposals are seen by those who may see drafts here; others see only their own.
    const seesProposals = can(ctx.actor, 'kpis.view_drafts', { unitId: kpi.unitId, parents, ownerIds: [kpi.ownerId] });
    if (!revisions.every((r) => seesProposals || r.proposerId === ctx.user.id)) return null;

    const definitions = [...revisions.map((r) => r.definition), ...(live ? [live.definition] : [])];
    const [members, surroundings] = await Promise.all([listMembers(tx), getProposalSurroundings(tx, kpiId, definitions)]);
    return { kpi, tree, revisions, live, members, surroundings };
  });
  if (!data) notFound();
  const { kpi, tree, revisions, live, members, surroundings } = data;

  const sideOf = (param: string): Side | null => {
    if (param === 'live') return live ? { ...live, label: currentLabel(kpi.state), proposalId: null } : null;
    const r = revisions.find((x) => x.id === param);
    return r ? { definition: r.definition, targets: r.targets, label: revisionLabel(r), proposalId: r.id } : null;
  };
  const left = sideOf(a.data);
  const right = sideOf(b.data);
  if (!left || !right) notFound();

  const calendar = { fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth };
  const names: Names = {
    period: (key) => {
      try {
        return periodLabel(parsePeriodKey(key, calendar), calendar);
      } catch {
        return key;
      }
    },
    units: new Map(tree.map((u) => [u.id, u.name])),
    people: new Map(members.map((m) => [m.userId, m.name])),
    goals: surroundings.goals,
    kpis: surroundings.kpis,
    metricAggregations: surroundings.metricAggregations,
  };
  const changes = compareDefinitions(left, right, names);
  const heading = (side: Side) =>
    side.proposalId ? (
      <Link href={`/${slug}/proposals/${side.proposalId}`} className="text-brand-700 hover:underline">
        {side.label}
      </Link>
    ) : (
      side.label
    );

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/${slug}/kpis`} className="hover:underline">
          KPIs
        </Link>
        {' / '}
        <Link href={`/${slug}/kpis/${kpi.id}`} className="hover:underline">
          {kpi.name}
        </Link>
      </nav>

      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Compare revisions</h1>
        <p className="text-sm text-slate-600">
          {left.label} with {right.label}, field by field, targets included.
        </p>
      </header>

      <section aria-labelledby="differences" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="differences" className="text-base font-semibold">
          Differences
        </h2>
        {changes.length === 0 ? (
          <p className="text-sm text-slate-600">
            No differences: both have the same definition and targets.{' '}
            <Link href={`/${slug}/kpis/${kpi.id}#proposals`} className="text-brand-700 hover:underline">
              Choose two other revisions
            </Link>
            .
          </p>
        ) : (
          <ChangesTable caption={`Differences between ${left.label} and ${right.label}`} left={heading(left)} right={heading(right)} changes={changes} />
        )}
      </section>
    </div>
  );
}
