import { NextResponse } from 'next/server';
import { getDatabase } from '@/db';
import { findSignedInMember } from '@/lib/organizations/context';
import { organizationToday } from '@/lib/periods';
import { scorecardFileName } from '@/lib/scorecards/csv';
import { parseScorecardPeriod } from '@/lib/scorecards/period-param';
import { getScorecardCsv } from '@/lib/scorecards/scorecard-page';
import { isUnitId } from '../../load';

/**
 * A unit's scorecard as CSV (lib/scorecards/csv): the unit and everything
 * below it for `?period=`. Readable by every member, like the page; anything
 * else is a 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; unitId: string }> }) {
  const { org: slug, unitId } = await params;
  const member = await findSignedInMember(slug);
  const noStore = { 'Cache-Control': 'private, no-store' };
  if (!member || !isUnitId(unitId)) return NextResponse.json({ error: 'Not found' }, { status: 404, headers: noStore });
  const today = organizationToday(member.organization);
  const raw = new URL(request.url).searchParams.getAll('period');
  const param = parseScorecardPeriod(raw.length > 1 ? raw : raw[0], today, member.organization);
  if (!param.ok) return NextResponse.json({ error: param.error }, { status: 400, headers: noStore });
  const { organization } = member;
  const db = await getDatabase();
  const file = await db.withTenant(organization.id, (tx) =>
    getScorecardCsv(tx, { fiscalYearStartMonth: organization.fiscalYearStartMonth, policy: organization.policy }, { unitId, period: param.period, today }),
  );
  if (!file) return NextResponse.json({ error: 'Not found' }, { status: 404, headers: noStore });
  return new NextResponse(file.csv, {
    headers: {
      ...noStore,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${scorecardFileName(organization.slug, file.unitName, param.period.key)}"`,
    },
  });
}
