import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { z } from 'zod';
import { getDatabase } from '@/db';
import { getOrgContext } from '@/lib/organizations/context';
import type { Membership } from '@/lib/organizations/queries';
import type { ScorecardPeriod } from '@/lib/results/periods';
import { parseScorecardPeriod } from '@/lib/scorecards/period-param';
import { getScorecardPage, type ScorecardPage } from '@/lib/scorecards/scorecard-page';
import { scorecardQueryKey } from './_components/query';

/** A unit id from the URL: anything but a uuid is no unit (404), never a database error. */
export function isUnitId(value: string): boolean {
  return z.uuid().safeParse(value).success;
}

/**
 * What every scorecard page starts with: the member's context and the period
 * the URL asks for. A bad `?period=` keeps the default period as the one to
 * show around its message.
 */
export async function readScorecardRequest(slug: string, searchParams: Promise<Record<string, string | string[] | undefined>>) {
  const query = await searchParams;
  const ctx = await getOrgContext(slug);
  const today = ctx.today;
  const param = parseScorecardPeriod(query.period, today, ctx.organization);
  return { ctx, organization: ctx.organization, today, param, period: param.ok ? param.period : param.fallback };
}

/** The scorecard of a unit (the company without one), read in the organization's tenant. Null: not this organization's unit. */
export async function loadScorecard(
  organization: Membership['organization'],
  options: { unitId?: string; period: ScorecardPeriod; today: string },
): Promise<ScorecardPage | null> {
  const db = await getDatabase();
  return db.withTenant(organization.id, (tx) =>
    getScorecardPage(tx, { fiscalYearStartMonth: organization.fiscalYearStartMonth, policy: organization.policy }, options),
  );
}

/** The page's read, put in a query cache the client hydrates, so the first paint has the numbers and refreshes reuse the key. */
export async function prefetchScorecard(slug: string, page: ScorecardPage): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  queryClient.setQueryData(scorecardQueryKey(slug, page.unit.id, page.period.key), page);
  return dehydrate(queryClient);
}
