import type { Database } from '@/db';
import type { Membership } from '@/lib/organizations/queries';
import { organizationToday } from '@/lib/periods';
import { parseScorecardPeriod } from './period-param';
import { getScorecardPage, type ScorecardPage } from './scorecard-page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ScorecardJson = { status: 200; body: ScorecardPage } | { status: 400 | 404; body: { error: string } };

/**
 * The live scorecard's JSON answer for a signed-in member (null: signed out,
 * not a member or no such organization). Every member, viewers included, may
 * read every scorecard of their organization (product.md §2), so the answer
 * does not depend on the role; another organization's unit, an archived one
 * and a malformed id are all the same 404; a bad period is a 400 that says why.
 */
export async function readScorecardJson(
  db: Database,
  member: Membership | null,
  unitId: string,
  rawPeriod: string | string[] | undefined,
  now: Date = new Date(),
): Promise<ScorecardJson> {
  if (!member || !UUID.test(unitId)) return { status: 404, body: { error: 'Not found' } };
  const { organization } = member;
  const today = organizationToday(organization, now);
  const param = parseScorecardPeriod(rawPeriod, today, organization);
  if (!param.ok) return { status: 400, body: { error: param.error } };
  const page = await db.withTenant(organization.id, (tx) =>
    getScorecardPage(tx, { fiscalYearStartMonth: organization.fiscalYearStartMonth, policy: organization.policy }, { unitId, period: param.period, today }),
  );
  return page ? { status: 200, body: page } : { status: 404, body: { error: 'Not found' } };
}
